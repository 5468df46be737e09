#pragma once
// Plume customers and their locations (PLUME-API.md §5.1, §5.3-§5.5, §6.1-§6.3). Every call
// applies the access gate of §2.3 from step 4 on (customer lookup, scope, field restrictions);
// steps 1-3 (token, role, body) are the caller's. Every change is audited in its transaction.
// Audit records carry ids and actions only, never personal data or secrets.

#include <string>
#include <vector>

#include "auth/principal.h"
#include "auth/secret_hasher.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "core/random.h"
#include "domain/actor.h"
#include "domain/plume/customer.h"
#include "domain/plume/partner.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class CustomerService {
 public:
  CustomerService(storage::Database& db, auth::SecretHasher& hasher, const Clock& clock,
                  ObjectIdGenerator& ids, Random& random);

  // §5.1, in its check order: partnerId/accountId missing or "" -> kInvalidArgument
  // "MISSING_REQUIRED_ARGUMENT"; unknown partner -> kNotFound "PARTNER_NOT_FOUND"; caller's
  // partner rule (CheckPlumeRegisterPartner) -> 422 / 401; locked -> kPermissionDenied
  // "PARTNER_LOCKED"; field rules -> kValidation (context "Customer"); accountId taken in the
  // partner -> kConflict "DUPLICATE_KEY"; email taken -> kValidation (email: uniqueness).
  // Creates the customer and its first location "Home" in one transaction.
  // registerWithGroups (§5.2, `in.with_groups`): `groupIds` may replace or accompany
  // partnerId — neither -> 400 MISSING_REQUIRED_ARGUMENT (partnerId); more than 100 -> 422;
  // unknown group -> 404 MODEL_NOT_FOUND; groups of several partners, or of a partner other than
  // partnerId, or (group admins) not among the caller's groups -> 401 AUTHORIZATION_REQUIRED.
  // The customer's groups are then the given groups (duplicates dropped), its source
  // "Customer.registerWithGroups".
  asio::awaitable<Result<Registered>> Register(const auth::Principal& caller, const Actor& actor,
                                               RegisterInput input);

  // §5.3. Unknown id -> kUnauthenticated "AUTHORIZATION_REQUIRED"; out of scope -> 403.
  asio::awaitable<Result<Customer>> Get(const auth::Principal& caller, std::string customer_id);

  // §5.4 (PATCH and PUT). Gate steps 4, 5, 7; then field rules (kValidation), accountId taken
  // -> kConflict "DUPLICATE_KEY", email taken -> kValidation. An email change clears
  // emailVerified (unless the body sets it true) and anonymous; an accountId change is copied
  // to the customer's locations. Returns the updated customer.
  asio::awaitable<Result<Customer>> Update(const auth::Principal& caller, const Actor& actor,
                                           std::string customer_id, CustomerUpdate update);

  // §5.5: unclaims the customer's nodes, deletes its WiFi networks, support jobs and pending
  // email verification, archives every active location (no replacement), erases their personal
  // data and deletes the customer. Unknown id -> kNotFound "MODEL_NOT_FOUND"; out of scope ->
  // 403. Returns the number of customers deleted (1).
  asio::awaitable<Result<int64_t>> Delete(const auth::Principal& caller, const Actor& actor,
                                          std::string customer_id);

  // §6.1: the customer's active locations, ordered by createdAt then id.
  asio::awaitable<Result<std::vector<Location>>> ListLocations(const auth::Principal& caller,
                                                               std::string customer_id);

  // §6.2. Gate steps 4, 5, 7; name missing or "" -> kInvalidArgument
  // "MISSING_REQUIRED_ARGUMENT"; field rules -> kValidation (context "Location"); serviceId
  // used by an active location of the partner -> kConflict "DUPLICATE_KEY".
  asio::awaitable<Result<Location>> CreateLocation(const auth::Principal& caller,
                                                   const Actor& actor, std::string customer_id,
                                                   LocationInput input);

  // §6.3. Gate steps 4-6: unknown, foreign or archived location -> kNotFound "MODEL_NOT_FOUND".
  asio::awaitable<Result<Location>> GetLocation(const auth::Principal& caller,
                                                std::string customer_id, std::string location_id);

 private:
  storage::Database& db_;
  auth::SecretHasher& hasher_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
  Random& random_;

  // §5.1 / §5.2 partner resolution, in the check order: the partner named by partnerId (404
  // PARTNER_NOT_FOUND) and then by the groups (404 MODEL_NOT_FOUND, 401), then the caller's
  // rights on it (CheckPlumeRegisterPartner; group admins need every given group).
  asio::awaitable<Result<Partner>> ResolveRegisterPartner(const auth::Principal& caller,
                                                          const RegisterInput& in);
};

}  // namespace ispcloud::domain::plume
