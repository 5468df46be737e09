#pragma once
// Rows of the plume_inventory_nodes table (migration 0004).

#include <optional>
#include <string_view>

#include "domain/plume/inventory.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

using domain::plume::InventoryNode;

// Every column of plume_inventory_nodes, in the order InventoryNodeFromRow reads them.
inline constexpr std::string_view kInventoryColumns =
    "id, partner_id, model, residential_gateway, pack_id, box_serial_number, "
    "purchase_order_number, part_number, manufacturer_firmware, ship_date, radio_mac24, "
    "radio_mac50, radio_mac60, ethernet_mac, ethernet1_mac, bluetooth_mac, macs, account_id, "
    "unclaimable, created_at, updated_at";
inline constexpr size_t kInventoryColumnCount = 21;

// The inventory node in the kInventoryColumns starting at column `first` of `r`.
InventoryNode InventoryNodeFromRow(const Row& r, size_t first);

// Inserts an inventory node; an existing serial (in any partner) fails with kConflict /
// kDbUniqueViolation.
asio::awaitable<Status> InsertInventoryNode(Tx& tx, const InventoryNode& node);

// The inventory node with serial `id` in any partner, or nullopt.
asio::awaitable<Result<std::optional<InventoryNode>>> FindInventoryNode(Tx& tx,
                                                                        std::string_view id);

// Writes the attributes of §9.6 of `node` (accountId, unclaimable) and its updatedAt.
asio::awaitable<Status> UpdateInventoryAttributes(Tx& tx, const InventoryNode& node);

// Removes inventory node `id` (§9.7; the caller made sure it is unclaimed).
asio::awaitable<Status> DeleteInventoryNode(Tx& tx, std::string_view id);

}  // namespace ispcloud::storage::plume
