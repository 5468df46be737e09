#pragma once
// A partner's node inventory: operator import (PLUME-API.md §10, DESIGN.md `inventory import`).
// Every change is audited in the same transaction.

#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "domain/actor.h"
#include "domain/plume/inventory.h"
#include "domain/plume/inventory_csv.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class InventoryService {
 public:
  InventoryService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Imports `rows` (already validated by ParseInventoryCsv) into the inventory of partner
  // `partner_id`, all or nothing, in one transaction with one audit record per node. Returns the
  // number of nodes imported. Errors: kNotFound (no such partner), kConflict with api_code
  // INVENTORY_NODE_EXISTS naming the line of the first serial that already exists in any
  // partner's inventory.
  asio::awaitable<Result<int>> Import(const Actor& actor, std::string partner_id,
                                      std::vector<InventoryCsvRow> rows);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::plume
