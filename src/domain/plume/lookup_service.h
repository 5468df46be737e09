#pragma once
// Partner look-ups (PLUME-API.md §9.1-§9.5): a node by serial, a location by id or serviceId,
// and the customer search. Callers: partner admins, group admins and group support (role
// checked by the caller, gate step 2). Unlike the customer paths, a resource of another partner
// answers 403 FORBIDDEN and one that does not exist (or is archived) 404; group users see only
// customers of their groups (403 for the others).

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/asio.h"
#include "domain/plume/customer.h"
#include "domain/plume/node.h"
#include "domain/plume/search.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

// A location found by §9.3 and its customer.
struct LocationLookup {
  Location location;
  Customer customer;
};

// A customer found by §9.4 and its active locations.
struct CustomerMatch {
  Customer customer;
  std::vector<Location> locations;
};

class PartnerLookupService {
 public:
  explicit PartnerLookupService(storage::Database& db) : db_(db) {}

  // §9.1 (`path_partner` nullopt) and §9.2. With a partner in the path: unknown -> 404
  // PARTNER_NOT_FOUND, not the caller's -> 403 FORBIDDEN. Then: serial unknown -> 404
  // NODE_NOT_FOUND; another partner's node -> 403; claimed by a customer outside a group
  // user's groups -> 403; unclaimed and `exclude_unclaimed` -> 404 NODE_NOT_FOUND.
  asio::awaitable<Result<Node>> FindNode(const auth::Principal& caller,
                                         std::optional<std::string> path_partner,
                                         std::string node_id, bool exclude_unclaimed);

  // §9.3: `keyword` as an active location id, then as a serviceId of the caller's partner, then
  // of other partners. A match only outside the caller's scope -> 403; none -> 404
  // MODEL_NOT_FOUND.
  asio::awaitable<Result<LocationLookup>> FindLocation(const auth::Principal& caller,
                                                       std::string keyword);

  // §9.4 (`path_partner` nullopt) and §9.5 (partner checks as FindNode). Then ValidateSearch
  // (400 / 422). The customers in the caller's scope that match, each with its active
  // locations; [] when none.
  asio::awaitable<Result<std::vector<CustomerMatch>>> SearchCustomers(
      const auth::Principal& caller, std::optional<std::string> path_partner, SearchInput input);

 private:
  storage::Database& db_;
};

}  // namespace ispcloud::domain::plume
