#pragma once
// Plume-compatible partner look-ups and inventory writes (PLUME-API.md §9, §10.1):
//   GET    /api/Partners/nodes/{nodeId}                          look-up by serial
//   GET    /api/Partners/{partnerId}/nodes/{nodeId}
//   GET    /api/Partners/locations/{keyword}                     by location id or serviceId
//   GET    /api/Partners/customers/search/{keyword}              customer search
//   GET    /api/Partners/{partnerId}/customers/search/{keyword}
//   PATCH  /api/Partners/nodes/{nodeId}                          inventory attributes
//   DELETE /api/Partners/nodes/{nodeId}                          remove from inventory
//   POST   /api/inventory/nodes  (alias POST /api/Nodes)         import one node
// All need a bearer token. Handlers run gate steps 2-3 (role, body), decode the query and leave
// the rest to domain::plume::PartnerLookupService and InventoryService.

#include "domain/plume/inventory_service.h"
#include "domain/plume/lookup_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct PartnerRoutesDeps {
  domain::plume::PartnerLookupService& lookups;
  domain::plume::InventoryService& inventory;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterPartnerRoutes(http::Router& router, PartnerRoutesDeps& deps);

}  // namespace ispcloud::api::plume
