#include "domain/plume/lookup_service.h"

#include "auth/plume_policy.h"
#include "core/object_id.h"
#include "core/strings.h"
#include "domain/plume/errors.h"
#include "domain/plume/node_rules.h"
#include "storage/plume/customer_repository.h"
#include "storage/plume/lookup_repository.h"
#include "storage/plume/node_repository.h"
#include "storage/plume/partner_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

// §9.2, §9.5: the partner named in the path exists (404) and is the caller's (403).
asio::awaitable<Status> CheckPathPartner(storage::Tx& tx, const auth::Principal& caller,
                                         const std::optional<std::string>& partner) {
  if (!partner) co_return Ok();
  auto found = co_await repo::FindPartner(tx, *partner);
  if (!found) co_return found.error();
  if (!found->has_value()) {
    co_return MakeError(ErrorCode::kNotFound, "Partner not found", "PARTNER_NOT_FOUND");
  }
  co_return auth::CheckPlumePartnerScope(caller, *partner);
}

// Ok when `customer` is within the caller's scope (partner; groups for group users).
Status CheckCustomer(const auth::Principal& caller, const Customer& customer) {
  const auth::CustomerTenancy tenancy{customer.partner_id, customer.group_ids, customer.id};
  return auth::CheckPlumeCustomerScope(caller, tenancy);
}

}  // namespace

asio::awaitable<Result<Node>> PartnerLookupService::FindNode(
    const auth::Principal& caller, std::optional<std::string> path_partner, std::string node_id,
    bool exclude_unclaimed) {
  std::optional<Node> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (Status s = co_await CheckPathPartner(tx, caller, path_partner); !s) co_return s;
    if (!IsValidSerial(node_id)) co_return NodeNotFound();
    auto node = co_await repo::FindNode(tx, node_id);
    if (!node) co_return node.error();
    if (!node->has_value()) co_return NodeNotFound();
    Node& n = **node;
    if (Status s = auth::CheckPlumePartnerScope(caller, n.inventory.partner_id); !s) co_return s;
    if (n.claim) {
      auto customer = co_await repo::FindCustomer(tx, n.claim->customer_id);
      if (!customer) co_return customer.error();
      if (customer->has_value()) {
        if (Status s = CheckCustomer(caller, **customer); !s) co_return s;
      }
    } else if (exclude_unclaimed) {
      co_return NodeNotFound();
    }
    out = std::move(n);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<LocationLookup>> PartnerLookupService::FindLocation(
    const auth::Principal& caller, std::string keyword) {
  std::optional<LocationLookup> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    // Candidates in the order of §9.3: the location id, then the caller's partner's serviceId,
    // then other partners' serviceIds. The first in scope wins.
    std::vector<Location> candidates;
    if (IsObjectId(keyword)) {
      const std::string lowered = AsciiLower(keyword);
      auto by_id = co_await repo::FindActiveLocationById(tx, lowered);
      if (!by_id) co_return by_id.error();
      if (by_id->has_value()) candidates.push_back(std::move(**by_id));
    }
    auto by_service = co_await repo::FindActiveLocationsByServiceId(tx, keyword);
    if (!by_service) co_return by_service.error();
    const std::string own = caller.partner_id.value_or("");
    for (const Location& l : *by_service) {
      if (l.partner_id == own) candidates.push_back(l);
    }
    for (const Location& l : *by_service) {
      if (l.partner_id != own) candidates.push_back(l);
    }
    std::optional<Error> refused;
    for (Location& l : candidates) {
      auto customer = co_await repo::FindCustomer(tx, l.customer_id);
      if (!customer) co_return customer.error();
      if (!customer->has_value()) continue;  // cannot happen: active locations have a customer
      if (Status s = CheckCustomer(caller, **customer); !s) {
        if (!refused) refused = s.error();
        continue;
      }
      out = LocationLookup{std::move(l), std::move(**customer)};
      co_return Ok();
    }
    if (refused) co_return *refused;
    co_return ModelNotFound("Location");
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<std::vector<CustomerMatch>>> PartnerLookupService::SearchCustomers(
    const auth::Principal& caller, std::optional<std::string> path_partner, SearchInput input) {
  std::vector<CustomerMatch> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (Status s = co_await CheckPathPartner(tx, caller, path_partner); !s) co_return s;
    auto search = ValidateSearch(input);
    if (!search) co_return search.error();
    search->partner_id = caller.partner_id.value_or("");
    if (auth::PlumeRoleOf(caller) != auth::PlumeRole::kPartnerAdmin) {
      search->group_ids = caller.group_ids;
    }
    auto customers = co_await repo::SearchCustomers(tx, *search);
    if (!customers) co_return customers.error();
    for (Customer& c : *customers) {
      auto locations = co_await repo::ListActiveLocations(tx, c.id);
      if (!locations) co_return locations.error();
      out.push_back(CustomerMatch{std::move(c), std::move(*locations)});
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

}  // namespace ispcloud::domain::plume
