#pragma once
// Plume-compatible location endpoints beyond list/create/get (PLUME-API.md §6.4-§6.11), under
// /api/Customers/{customerId}/locations/{locationId}:
//   HEAD   …                        exists? (no body, also on errors)
//   PATCH  …                        serviceId / profile / name
//   PUT    …                        rename
//   DELETE …                        archive (204)
//   GET    …/serviceLevel           PATCH …/serviceLevel
//   POST   …/onboardingCheckpoint
//   GET    …/authorizations         PUT …/authorizations
//   PUT    …/monitorMode
// All need a bearer token. Handlers run gate steps 2-3 (role, body) and leave the rest to
// domain::plume::LocationService (writes) and CustomerService::GetLocation (reads).

#include "domain/plume/customer_service.h"
#include "domain/plume/location_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct LocationRoutesDeps {
  domain::plume::CustomerService& customers;
  domain::plume::LocationService& locations;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterLocationRoutes(http::Router& router, LocationRoutesDeps& deps);

}  // namespace ispcloud::api::plume
