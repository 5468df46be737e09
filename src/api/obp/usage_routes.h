#pragma once
// Usage rating of the Optiva gateway (OPTIVA-API.md §2.20 row 93), under /api and /api/v1:
//   POST /admin/usage   admin:post, admin scope -> 200 with the rated record (CDR); honours
//                       Idempotency-Key
// The records are read back with GET /callDetail (history_routes.h). Rules live in
// domain::bss::UsageService (usage_rating.h).

#include "core/clock.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/usage_rating.h"
#include "http/router.h"
#include "storage/db.h"

namespace ispcloud::api::obp {

struct UsageRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::UsageService& usage;
  storage::Database& db;
  const Clock& clock;
};

// Registers the route under every gateway base. `deps` must outlive the router.
void RegisterUsageRoutes(http::Router& router, UsageRoutesDeps& deps);

}  // namespace ispcloud::api::obp
