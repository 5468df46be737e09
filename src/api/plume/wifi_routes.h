#pragma once
// Plume-compatible WiFi network endpoints (PLUME-API.md §8), under
// /api/Customers/{customerId}/locations/{locationId}/wifiNetwork:
//   POST  create    -> {"wifiNetwork": …}
//   GET             -> {"wifiNetwork": …}
//   PUT   replace   -> {"wifiNetwork": …}
//   PATCH partial   -> the bare network
// All need a bearer token. Handlers run gate steps 2-3 (role, body), decode the fields each call
// takes and leave the rest to domain::plume::WifiService.

#include <boost/json/object.hpp>

#include "domain/plume/wifi_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct WifiRoutesDeps {
  domain::plume::WifiService& wifi;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterWifiRoutes(http::Router& router, WifiRoutesDeps& deps);

// Wire representation of a WiFi network (§4.5), key included.
boost::json::object WifiJson(const domain::plume::WifiNetwork& w);

}  // namespace ispcloud::api::plume
