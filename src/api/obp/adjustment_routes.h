#pragma once
// Balance adjustments of the Optiva gateway (OPTIVA-API.md §2.12), under /api and /api/v1:
//   POST  /subscription/adjustment                  row 51 -> 201 (200 for a repeated
//                                                   externalTransactionNumber); Idempotency-Key
//   GET   /subscription/adjustment                  row 52 (1-based offset, filters)
//   GET   /subscription/adjustment/{adjustmentId}   row 53
//   PATCH /subscription/adjustment/{adjustmentId}   row 54 (edits need adjustment:patch; a
//                                                   status decision approveAdjustment:patch)
// Rules live in domain::bss::AdjustmentService.

#include <string>

#include "core/clock.h"
#include "domain/bss/adjustment_service.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"
#include "storage/db.h"

namespace ispcloud::api::obp {

struct AdjustmentRoutesDeps {
  storage::Database& db;
  const Clock& clock;
  domain::bss::ServiceProviderService& providers;
  domain::bss::AdjustmentService& adjustments;
  const std::string& public_url;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterAdjustmentRoutes(http::Router& router, AdjustmentRoutesDeps& deps);

}  // namespace ispcloud::api::obp
