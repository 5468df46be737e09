#pragma once
// Validation of billing-account bodies (OPTIVA-API.md §2.4): pure functions, no database.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "domain/bss/money.h"
#include "domain/bss/service_provider.h"

namespace ispcloud::domain::bss {

// What a valid account body says. `doc` is the body to store: read-only members removed,
// defaults applied (ratingType, state/stateCode, groupType, @type), creditLimit normalised.
struct AccountInput {
  std::optional<std::string> ban;  // externalID
  std::string customer_id;         // relatedParty role Customer
  std::optional<std::string> name;
  std::string rating_type = "prepaid";
  int state_code = 0;
  Amount4 credit_limit;
  std::optional<std::string> parent_id;
  boost::json::object doc;
};

// "Active", "Suspended", "Inactive", "NonPaymentWarned", "NonPaymentSuspended", "PromiseToPay",
// "InArrears", "InCollection" for codes 0..7; "" otherwise.
std::string_view AccountStateName(int code);

// Members the server computes or owns; ignored in create and patch bodies.
bool IsReadOnlyAccountMember(std::string_view name);

// Validates `body` against `provider` (currency of creditLimit). Every invalid field is
// reported at once (400 ERCRT1001 kValidation).
Result<AccountInput> ParseAccountBody(const boost::json::object& body,
                                      const ServiceProvider& provider);

// A BAN assigned by the server: the SPID's digits followed by `seq` on 8 digits.
std::string AssignedBan(int64_t spid, int64_t seq);

}  // namespace ispcloud::domain::bss
