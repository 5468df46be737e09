#pragma once
// Views of a stored resource in each served TMF version. A resource is stored as the document of
// the version that last wrote it; a read through another version converts it:
//
//   v4 -> v5  contactMedium {mediumType, characteristic{...}} -> typed EmailContactMedium,
//             PhoneContactMedium, ... (fields of the medium flattened); relatedParty
//             RelatedParty -> RelatedPartyOrPartyRole {role, partyOrPartyRole: PartyRef |
//             PartyRoleRef}; characteristic / partyCharacteristic get a typed @type from their
//             value (StringCharacteristic, ...); Individual fullName -> name; externalReference
//             {externalReferenceType, name} -> ExternalIdentifier {externalIdentifierType, id};
//             every object gets the @type v5 requires.
//   v5 -> v4  the reverse; a v5-only member without a v4 counterpart is dropped from the view.
//
// Every view is finally fitted to the target schema: members the target does not define, and
// values of the wrong type, are left out. Top-level members of the other version are therefore
// kept in storage (see PreserveForeignMembers) but never shown where they do not belong.

#include <boost/json/object.hpp>

#include "domain/tmf/resource.h"

namespace ispcloud::domain::tmf {

// The document `stored` (written through `from`) as seen through `to`.
boost::json::object ViewAs(const boost::json::object& stored, ResourceKind kind, ApiVersion from,
                           ApiVersion to);

// After a write through `to` of a document stored through `from`: copies into `updated` the
// top-level members of `stored` that `to` does not define but `from` does (e.g. a v5 Customer's
// `description` survives a v4 PATCH). No-op when the versions are equal.
void PreserveForeignMembers(const boost::json::object& stored, boost::json::object& updated,
                            ResourceKind kind, ApiVersion from, ApiVersion to);

}  // namespace ispcloud::domain::tmf
