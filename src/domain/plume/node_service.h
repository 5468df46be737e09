#pragma once
// Plume nodes of a location (PLUME-API.md §7.1-§7.6): claim, list, get, rename, unclaim (RMA),
// unclaim all. Every call applies the access gate of §2.3 from step 4 on (customer, scope,
// location); steps 1-3 (token, role, body) are the caller's. A claim is decided inside one write
// transaction (writes are serialized) and a primary key on the claim guards against doubles.
// Every change is audited and publishes its event (node.claimed / node.unclaimed, one per node)
// in its transaction.

#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "domain/plume/events.h"
#include "domain/plume/node.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class NodeService {
 public:
  NodeService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // §10.2: the inventory node `node_id` with its claim. Unknown (or not a valid serial) -> 404
  // NODE_NOT_FOUND; another partner's -> 403 FORBIDDEN (CheckPlumePartnerScope).
  asio::awaitable<Result<Node>> GetInventoryNode(const auth::Principal& caller,
                                                 std::string node_id);

  // §7.1 in its check order: gate; serialNumber missing -> 400 MISSING_REQUIRED_ARGUMENT; field
  // rules -> kValidation; serial not in the customer's partner's inventory -> 404
  // NODE_NOT_FOUND; claimed here -> empty list (no change); claimed elsewhere -> 409
  // NODE_ALREADY_OWNED; unclaimable -> 422 NODE_UNCLAIMABLE; monitor mode -> 422
  // MONITOR_MODE_ENABLED; leaf pods over numPodsAuthorized -> 422 POD_LIMIT_EXCEEDED. Claims the
  // node and its unclaimed pack-mates; returns them (requested node first, then by serial).
  asio::awaitable<Result<std::vector<Node>>> Claim(const auth::Principal& caller,
                                                   const Actor& actor, std::string customer_id,
                                                   std::string location_id, ClaimInput input);

  // §7.2: the nodes claimed at the location, by claim time then serial.
  asio::awaitable<Result<std::vector<Node>>> List(const auth::Principal& caller,
                                                  std::string customer_id, std::string location_id);

  // §7.3: the node claimed at the location; otherwise 404 NODE_NOT_FOUND.
  asio::awaitable<Result<Node>> Get(const auth::Principal& caller, std::string customer_id,
                                    std::string location_id, std::string node_id);

  // §7.4: gate; nickname rules (400 / 422); node not claimed here -> 404 NODE_NOT_FOUND.
  // Returns the renamed node.
  asio::awaitable<Result<Node>> Rename(const auth::Principal& caller, const Actor& actor,
                                       std::string customer_id, std::string location_id,
                                       std::string node_id, RenameInput input);

  // §7.5 in its check order: gate; empty node id or no node claimed at the location -> 404
  // NODE_NOT_FOUND; serial not in the partner's inventory -> 404 NODE_NOT_FOUND; not claimed
  // here -> 400 NODE_ALREADY_UNCLAIMED. Unclaims with the §7.5 options.
  asio::awaitable<Status> Unclaim(const auth::Principal& caller, const Actor& actor,
                                  std::string customer_id, std::string location_id,
                                  std::string node_id, UnclaimOptions options);

  // §7.6: unclaims every node of the location as Unclaim does; none is not an error.
  asio::awaitable<Status> UnclaimAll(const auth::Principal& caller, const Actor& actor,
                                     std::string customer_id, std::string location_id,
                                     UnclaimOptions options);

 private:
  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

// Inside `tx`: unclaims every node claimed at `location_id` as §7.5 does with `options`, one
// audit record and one node.unclaimed event per node (partner `tenant`). Shared by unclaim-all
// (§7.6), archive (§6.7) and customer deletion (§5.5).
asio::awaitable<Status> UnclaimNodesAt(storage::Tx& tx, const Actor& actor, EventContext events,
                                       std::string_view tenant, std::string_view location_id,
                                       UnclaimOptions options, std::string_view now);

}  // namespace ispcloud::domain::plume
