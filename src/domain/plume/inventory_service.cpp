#include "domain/plume/inventory_service.h"

#include "storage/audit_repository.h"
#include "storage/plume/inventory_repository.h"
#include "storage/plume/partner_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

constexpr std::string_view kInventoryNodeExists = "INVENTORY_NODE_EXISTS";

Error NodeExists(const InventoryCsvRow& row) {
  return MakeError(ErrorCode::kConflict,
                   "line " + std::to_string(row.line) + ": serialNumber " + row.serial +
                       " is already in the inventory",
                   std::string(kInventoryNodeExists));
}

}  // namespace

asio::awaitable<Result<int>> InventoryService::Import(const Actor& actor, std::string partner_id,
                                                      std::vector<InventoryCsvRow> rows) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Actor audited = actor;
  audited.tenant = partner_id;
  const InventoryCsvRow* failed_row = nullptr;

  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto partner = co_await repo::FindPartner(tx, partner_id);
    if (!partner) co_return partner.error();
    if (!partner->has_value()) {
      co_return MakeError(ErrorCode::kNotFound, "partner '" + partner_id + "' not found");
    }
    for (const InventoryCsvRow& row : rows) {
      failed_row = &row;
      auto existing = co_await repo::FindInventoryNode(tx, row.serial);
      if (!existing) co_return existing.error();
      if (existing->has_value()) co_return NodeExists(row);
      InventoryNode node;
      node.id = row.serial;
      node.partner_id = partner_id;
      node.model = row.model;
      node.pack_id = row.pack_id;
      node.created_at = now;
      node.updated_at = now;
      if (Status s = co_await repo::InsertInventoryNode(tx, node); !s) co_return s;
      const storage::AuditEntry audit{now, "inventory.import", "node", row.serial, ""};
      if (Status s = co_await storage::AppendAudit(tx, audited, audit); !s) co_return s;
    }
    co_return Ok();
  });
  if (!st) {
    // A concurrent import may win between the look-up and the insert.
    if (st.error().api_code == storage::kDbUniqueViolation && failed_row != nullptr) {
      co_return NodeExists(*failed_row);
    }
    co_return st.error();
  }
  co_return static_cast<int>(rows.size());
}

}  // namespace ispcloud::domain::plume
