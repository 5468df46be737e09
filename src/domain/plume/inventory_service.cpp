#include "domain/plume/inventory_service.h"

#include <optional>

#include "auth/plume_policy.h"
#include "domain/plume/audit.h"
#include "domain/plume/node_rules.h"
#include "storage/plume/inventory_repository.h"
#include "storage/plume/node_repository.h"
#include "storage/plume/partner_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

constexpr std::string_view kInventoryNodeExists = "INVENTORY_NODE_EXISTS";

Error NodeExists(std::string_view where, std::string_view serial) {
  return MakeError(
      ErrorCode::kConflict,
      std::string(where) + "serialNumber " + std::string(serial) + " is already in the inventory",
      std::string(kInventoryNodeExists));
}

Error RowExists(const InventoryCsvRow& row) {
  const std::string where = "line " + std::to_string(row.line) + ": ";
  return NodeExists(where, row.serial);
}

Error NodeClaimed() {
  return MakeError(ErrorCode::kLocked, "The node is claimed; unclaim it first", "NODE_CLAIMED");
}

// Inserts `node` (timestamps set) unless its serial exists in any partner's inventory, and
// audits it. Returns false when the serial exists.
asio::awaitable<Result<bool>> InsertNew(storage::Tx& tx, const Actor& actor,
                                        const InventoryNode& node) {
  auto existing = co_await repo::FindInventoryNode(tx, node.id);
  if (!existing) co_return existing.error();
  if (existing->has_value()) co_return false;
  if (Status s = co_await repo::InsertInventoryNode(tx, node); !s) co_return s.error();
  const std::string& tenant = node.partner_id;
  const std::string& at = node.created_at;
  if (Status s = co_await AuditChange(tx, actor, tenant, at, "inventory.import", "node", node.id);
      !s) {
    co_return s.error();
  }
  co_return true;
}

// The node `node_id` of the caller's partner: unknown -> 404, another partner's -> 403.
asio::awaitable<Result<Node>> LoadOwnNode(storage::Tx& tx, const auth::Principal& caller,
                                          const std::string& node_id) {
  if (!IsValidSerial(node_id)) co_return NodeNotFound();
  auto node = co_await repo::FindNode(tx, node_id);
  if (!node) co_return node.error();
  if (!node->has_value()) co_return NodeNotFound();
  if (Status s = auth::CheckPlumePartnerScope(caller, (*node)->inventory.partner_id); !s) {
    co_return s.error();
  }
  co_return std::move(**node);
}

}  // namespace

asio::awaitable<Result<int>> InventoryService::Import(const Actor& actor, std::string partner_id,
                                                      std::vector<InventoryCsvRow> rows) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  const InventoryCsvRow* failed_row = nullptr;

  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto partner = co_await repo::FindPartner(tx, partner_id);
    if (!partner) co_return partner.error();
    if (!partner->has_value()) {
      co_return MakeError(ErrorCode::kNotFound, "partner '" + partner_id + "' not found");
    }
    for (const InventoryCsvRow& row : rows) {
      failed_row = &row;
      InventoryNode node;
      node.id = row.serial;
      node.partner_id = partner_id;
      node.model = row.model;
      node.pack_id = row.pack_id;
      node.created_at = now;
      node.updated_at = now;
      auto inserted = co_await InsertNew(tx, actor, node);
      if (!inserted) co_return inserted.error();
      if (!*inserted) co_return RowExists(row);
    }
    co_return Ok();
  });
  if (!st) {
    // A concurrent import may win between the look-up and the insert.
    if (st.error().api_code == storage::kDbUniqueViolation && failed_row != nullptr) {
      co_return RowExists(*failed_row);
    }
    co_return st.error();
  }
  co_return static_cast<int>(rows.size());
}

asio::awaitable<Result<Node>> InventoryService::ImportOne(const auth::Principal& caller,
                                                          const Actor& actor,
                                                          InventoryNodeInput input) {
  if (Status s = CheckInventoryNodeRequired(input); !s) co_return s.error();
  const std::string partner_id = input.partner_id.value_or(caller.partner_id.value_or(""));
  if (Status s = auth::CheckPlumePartnerScope(caller, partner_id); !s) co_return s.error();
  auto built = BuildInventoryNode(input, partner_id);
  if (!built) co_return built.error();
  InventoryNode node = std::move(*built);
  node.created_at = FormatIso8601Millis(clock_.Now());
  node.updated_at = node.created_at;

  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto inserted = co_await InsertNew(tx, actor, node);
    if (!inserted) co_return inserted.error();
    if (!*inserted) co_return NodeExists("", node.id);
    co_return Ok();
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) co_return NodeExists("", node.id);
    co_return st.error();
  }
  co_return Node{std::move(node), std::nullopt};
}

asio::awaitable<Result<Node>> InventoryService::UpdateAttributes(const auth::Principal& caller,
                                                                 const Actor& actor,
                                                                 std::string node_id,
                                                                 InventoryAttributes in) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<Node> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto loaded = co_await LoadOwnNode(tx, caller, node_id);
    if (!loaded) co_return loaded.error();
    if (Status valid = ValidateInventoryAttributes(in); !valid) co_return valid;
    if (loaded->claim) co_return NodeClaimed();
    InventoryNode& n = loaded->inventory;
    if (in.account_id_given) n.account_id = in.account_id;
    if (in.unclaimable) n.unclaimable = *in.unclaimable;
    n.updated_at = now;
    if (Status s = co_await repo::UpdateInventoryAttributes(tx, n); !s) co_return s;
    const std::string& tenant = n.partner_id;
    if (Status s = co_await AuditChange(tx, actor, tenant, now, "inventory.update", "node", n.id);
        !s) {
      co_return s;
    }
    out = std::move(*loaded);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Status> InventoryService::Remove(const auth::Principal& caller, const Actor& actor,
                                                 std::string node_id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto loaded = co_await LoadOwnNode(tx, caller, node_id);
    if (!loaded) co_return loaded.error();
    if (loaded->claim) co_return NodeClaimed();
    if (Status s = co_await repo::DeleteInventoryNode(tx, node_id); !s) co_return s;
    const std::string& tenant = loaded->inventory.partner_id;
    co_return co_await AuditChange(tx, actor, tenant, now, "inventory.remove", "node", node_id);
  });
  co_return st;
}

}  // namespace ispcloud::domain::plume
