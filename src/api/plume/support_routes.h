#pragma once
// Plume-compatible support actions (PLUME-API.md §11), under
// /api/Customers/{customerId}/locations/{locationId}:
//   PUT    …/firmware                       firmware upgrade/downgrade job (200, the job)
//   GET    …/firmware                       the latest firmware job, or {"status":"idle"}
//   PUT    …/devices/{mac}/forcedSteer      client steering job (204)
//   DELETE …/devices/{mac}/forcedSteer      steering cancellation job (204)
//   POST   …/logPull                        log pull job (202, the job)
//   GET    …/supportJobs                    {"jobs": [...]} newest first
// All need a bearer token of a partner admin, group admin or group support user. Handlers run
// gate steps 2-3 (role, body) and leave the rest to domain::plume::SupportService.

#include <boost/json/object.hpp>

#include "domain/plume/support_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct SupportRoutesDeps {
  domain::plume::SupportService& support;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterSupportRoutes(http::Router& router, SupportRoutesDeps& deps);

// Wire representation of a support job (§11).
boost::json::object SupportJobJson(const domain::plume::SupportJob& job);

}  // namespace ispcloud::api::plume
