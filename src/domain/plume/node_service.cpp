#include "domain/plume/node_service.h"

#include <optional>

#include "auth/plume_policy.h"
#include "domain/plume/audit.h"
#include "domain/plume/customer_gate.h"
#include "domain/plume/events.h"
#include "domain/plume/node_rules.h"
#include "storage/plume/node_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

Error NodeAlreadyOwned() {
  return MakeError(ErrorCode::kConflict, "Node is already owned by another location",
                   "NODE_ALREADY_OWNED");
}

// The node `node_id` when it is claimed at `location_id`, else nullopt.
asio::awaitable<Result<std::optional<Node>>> FindClaimedHere(storage::Tx& tx,
                                                             const std::string& node_id,
                                                             const std::string& location_id) {
  auto node = co_await repo::FindNode(tx, node_id);
  if (!node) co_return node.error();
  if (!node->has_value() || !(*node)->claim || (*node)->claim->location_id != location_id) {
    co_return std::optional<Node>();
  }
  co_return std::move(*node);
}

}  // namespace

asio::awaitable<Result<std::vector<Node>>> NodeService::Claim(const auth::Principal& caller,
                                                              const Actor& actor,
                                                              std::string customer_id,
                                                              std::string location_id,
                                                              ClaimInput input) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::vector<Node> claimed;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    claimed.clear();  // the body may run more than once (db.h)
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    if (Status valid = ValidateClaim(input); !valid) co_return valid;
    const std::string& serial = *input.serial_number;
    std::optional<Node> node;
    if (IsValidSerial(serial)) {
      auto found = co_await repo::FindNode(tx, serial);
      if (!found) co_return found.error();
      node = std::move(*found);
    }
    if (!node || node->inventory.partner_id != scope->customer.partner_id) {
      co_return NodeNotFound();
    }
    if (node->claim) {
      if (node->claim->location_id == scope->location.id) co_return Ok();  // already here
      co_return NodeAlreadyOwned();
    }
    if (node->inventory.unclaimable) {
      co_return MakeError(ErrorCode::kUnprocessable, "Node cannot be claimed", "NODE_UNCLAIMABLE");
    }
    if (scope->location.monitor_mode) {
      co_return MakeError(ErrorCode::kUnprocessable, "Location is in monitor mode",
                          "MONITOR_MODE_ENABLED");
    }
    std::vector<Node> set;
    set.push_back(std::move(*node));
    if (set.front().inventory.pack_id && !set.front().inventory.pack_id->empty()) {
      const std::string pack = *set.front().inventory.pack_id;
      auto mates = co_await repo::ListPackMates(tx, scope->customer.partner_id, pack, serial);
      if (!mates) co_return mates.error();
      for (Node& m : *mates) set.push_back(std::move(m));
    }
    auto here = co_await repo::ListNodesAtLocation(tx, scope->location.id);
    if (!here) co_return here.error();
    std::vector<const InventoryNode*> after;
    for (const Node& n : *here) after.push_back(&n.inventory);
    for (const Node& n : set) after.push_back(&n.inventory);
    if (LeafPods(after) > scope->location.num_pods_authorized) {
      co_return MakeError(ErrorCode::kUnprocessable,
                          "Claim would exceed the pods authorized for the location",
                          "POD_LIMIT_EXCEEDED");
    }
    for (Node& n : set) {
      NodeClaim claim;
      claim.node_id = n.inventory.id;
      claim.partner_id = scope->customer.partner_id;
      claim.customer_id = scope->customer.id;
      claim.location_id = scope->location.id;
      if (claim.node_id == serial) {
        claim.nickname = input.nickname;
        claim.backhaul_dhcp_pool_idx = input.backhaul_dhcp_pool_idx;
      }
      claim.claimed_at = now;
      claim.updated_at = now;
      if (Status s = co_await repo::InsertClaim(tx, claim); !s) co_return s;
      const std::string& account = scope->customer.account_id;
      if (Status s = co_await repo::SetInventoryAccount(tx, claim.node_id, account, now); !s) {
        co_return s;
      }
      const std::string& tenant = scope->customer.partner_id;
      if (Status s =
              co_await AuditChange(tx, actor, tenant, now, "node.claimed", "node", claim.node_id);
          !s) {
        co_return s;
      }
      boost::json::object body =
          NodeEventBody(claim.node_id, tenant, claim.customer_id, claim.location_id);
      if (Status s =
              co_await PublishPlumeEvent(tx, clock_, ids_, tenant, kNodeClaimed, std::move(body));
          !s) {
        co_return s;
      }
      n.inventory.account_id = account;
      n.inventory.updated_at = now;
      n.claim = std::move(claim);
      claimed.push_back(std::move(n));
    }
    co_return Ok();
  });
  if (!st) {
    // The claim's primary key is the last line of defence against a concurrent claim.
    if (st.error().api_code == storage::kDbUniqueViolation) co_return NodeAlreadyOwned();
    co_return st.error();
  }
  co_return claimed;
}

asio::awaitable<Result<Node>> NodeService::GetInventoryNode(const auth::Principal& caller,
                                                            std::string node_id) {
  std::optional<Node> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (!IsValidSerial(node_id)) co_return NodeNotFound();
    auto node = co_await repo::FindNode(tx, node_id);
    if (!node) co_return node.error();
    if (!node->has_value()) co_return NodeNotFound();
    if (Status scope = auth::CheckPlumePartnerScope(caller, (*node)->inventory.partner_id);
        !scope) {
      co_return scope;
    }
    out = std::move(*node);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<std::vector<Node>>> NodeService::List(const auth::Principal& caller,
                                                             std::string customer_id,
                                                             std::string location_id) {
  std::vector<Node> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    auto nodes = co_await repo::ListNodesAtLocation(tx, scope->location.id);
    if (!nodes) co_return nodes.error();
    out = std::move(*nodes);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<Node>> NodeService::Get(const auth::Principal& caller,
                                               std::string customer_id, std::string location_id,
                                               std::string node_id) {
  std::optional<Node> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    auto node = co_await FindClaimedHere(tx, node_id, scope->location.id);
    if (!node) co_return node.error();
    if (!node->has_value()) co_return NodeNotFound();
    out = std::move(*node);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<Node>> NodeService::Rename(const auth::Principal& caller, const Actor& actor,
                                                  std::string customer_id, std::string location_id,
                                                  std::string node_id, RenameInput input) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<Node> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    if (Status valid = ValidateRename(input); !valid) co_return valid;
    auto node = co_await FindClaimedHere(tx, node_id, scope->location.id);
    if (!node) co_return node.error();
    if (!node->has_value()) co_return NodeNotFound();
    const std::string& nickname = *input.nickname;
    if (Status s = co_await repo::UpdateClaimNickname(tx, node_id, nickname, now); !s) co_return s;
    const std::string& tenant = scope->customer.partner_id;
    if (Status s = co_await AuditChange(tx, actor, tenant, now, "node.renamed", "node", node_id);
        !s) {
      co_return s;
    }
    out = std::move(*node);
    out->claim->nickname = nickname;
    out->claim->updated_at = now;
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Status> NodeService::Unclaim(const auth::Principal& caller, const Actor& actor,
                                             std::string customer_id, std::string location_id,
                                             std::string node_id, UnclaimOptions options) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    auto here = co_await repo::ListNodesAtLocation(tx, scope->location.id);
    if (!here) co_return here.error();
    if (node_id.empty() || here->empty()) co_return NodeNotFound();
    auto node = co_await repo::FindNode(tx, node_id);
    if (!node) co_return node.error();
    if (!node->has_value() || (*node)->inventory.partner_id != scope->customer.partner_id) {
      co_return NodeNotFound();
    }
    if (!(*node)->claim || (*node)->claim->location_id != scope->location.id) {
      co_return MakeError(ErrorCode::kInvalidArgument, "Node is not claimed at this location",
                          "NODE_ALREADY_UNCLAIMED");
    }
    const bool preserve = options.preserve_pack_id;
    const bool remove = options.remove_account_id;
    if (Status s = co_await repo::DeleteClaim(tx, node_id, preserve, remove, now); !s) co_return s;
    const std::string& tenant = scope->customer.partner_id;
    if (Status s = co_await AuditChange(tx, actor, tenant, now, "node.unclaimed", "node", node_id);
        !s) {
      co_return s;
    }
    boost::json::object body =
        NodeEventBody(node_id, tenant, scope->customer.id, scope->location.id);
    co_return co_await PublishPlumeEvent(tx, clock_, ids_, tenant, kNodeUnclaimed, std::move(body));
  });
  co_return st;
}

asio::awaitable<Status> NodeService::UnclaimAll(const auth::Principal& caller, const Actor& actor,
                                                std::string customer_id, std::string location_id,
                                                UnclaimOptions options) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    const std::string& tenant = scope->customer.partner_id;
    const EventContext events{clock_, ids_};
    co_return co_await UnclaimNodesAt(tx, actor, events, tenant, scope->location.id, options, now);
  });
  co_return st;
}

asio::awaitable<Status> UnclaimNodesAt(storage::Tx& tx, const Actor& actor, EventContext events,
                                       std::string_view tenant, std::string_view location_id,
                                       UnclaimOptions options, std::string_view now) {
  auto here = co_await repo::ListNodesAtLocation(tx, location_id);
  if (!here) co_return here.error();
  const bool preserve = options.preserve_pack_id;
  const bool remove = options.remove_account_id;
  for (const Node& n : *here) {
    const std::string& id = n.inventory.id;
    if (Status s = co_await repo::DeleteClaim(tx, id, preserve, remove, now); !s) co_return s;
    if (Status s = co_await AuditChange(tx, actor, tenant, now, "node.unclaimed", "node", id); !s) {
      co_return s;
    }
    boost::json::object body = NodeEventBody(id, tenant, n.claim->customer_id, location_id);
    if (Status s = co_await PublishPlumeEvent(tx, events.clock, events.ids, tenant, kNodeUnclaimed,
                                              std::move(body));
        !s) {
      co_return s;
    }
  }
  co_return Ok();
}

}  // namespace ispcloud::domain::plume
