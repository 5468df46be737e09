#pragma once
// Plume-compatible node endpoints (PLUME-API.md §7.1-§7.6), under
// /api/Customers/{customerId}/locations/{locationId}:
//   POST   …/nodes               claim
//   GET    …/nodes               list
//   DELETE …/nodes               unclaim all
//   GET    …/nodes/{nodeId}      get
//   PUT    …/nodes/{nodeId}      rename
//   DELETE …/nodes/{nodeId}      unclaim (RMA options in the body or the query)
// All need a bearer token. Handlers run gate steps 2-3 (role, body) and leave the rest to
// domain::plume::NodeService.

#include <boost/json/object.hpp>

#include "domain/plume/node_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct NodeRoutesDeps {
  domain::plume::NodeService& nodes;
  std::string deployment;  // the "deployment" field of nodes (§4.3)
};

// Registers the routes above. `deps` must outlive the router.
void RegisterNodeRoutes(http::Router& router, NodeRoutesDeps& deps);

// Wire representation of a claimed node (§4.3).
boost::json::object NodeJson(const domain::plume::Node& n, std::string_view deployment);

// Wire representation of an inventory node (§4.4): the inventory fields with the claim's
// customerId and locationId (null when unclaimed).
boost::json::object InventoryNodeJson(const domain::plume::Node& n);

}  // namespace ispcloud::api::plume
