#pragma once
// A partner's node inventory (PLUME-API.md §9.6, §9.7, §10, §12.4): the operator's file import
// (DESIGN.md `inventory import`) and the API's import of one node, attribute changes and
// removal. Every change is audited in the same transaction.

#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "domain/actor.h"
#include "domain/plume/inventory.h"
#include "domain/plume/inventory_csv.h"
#include "domain/plume/inventory_rules.h"
#include "domain/plume/node.h"
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

  // §10.1 POST /api/inventory/nodes (partner admins; role checked by the caller), in its check
  // order: CheckInventoryNodeRequired (400); partnerId other than the caller's -> 403
  // FORBIDDEN; BuildInventoryNode (422); serial in any partner's inventory -> 409
  // INVENTORY_NODE_EXISTS. Returns the new, unclaimed node.
  asio::awaitable<Result<Node>> ImportOne(const auth::Principal& caller, const Actor& actor,
                                          InventoryNodeInput input);

  // §9.6 PATCH /api/Partners/nodes/{nodeId}: serial unknown -> 404 NODE_NOT_FOUND; another
  // partner's -> 403 FORBIDDEN; ValidateInventoryAttributes (422); claimed -> 423 NODE_CLAIMED.
  // Sets accountId (null clears) and unclaimable. Returns the node.
  asio::awaitable<Result<Node>> UpdateAttributes(const auth::Principal& caller, const Actor& actor,
                                                 std::string node_id,
                                                 InventoryAttributes attributes);

  // §9.7 DELETE /api/Partners/nodes/{nodeId}: 404 / 403 as UpdateAttributes; claimed -> 423
  // NODE_CLAIMED. Removes the node from the inventory.
  asio::awaitable<Status> Remove(const auth::Principal& caller, const Actor& actor,
                                 std::string node_id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::plume
