#pragma once
// Operational endpoints, public by design (bind the server to a private interface or filter
// them at the proxy when exposing ispcloud): GET /healthz (process up), GET /readyz (database
// reachable and schema current), GET /metrics (Prometheus text format).

#include <functional>
#include <string>

#include "core/clock.h"
#include "http/router.h"
#include "storage/db.h"
#include "storage/migrations.h"

namespace ispcloud::api {

struct SystemRoutesDeps {
  storage::Database& db;
  const std::vector<storage::Migration>& migrations;
  // Appends the HTTP metrics (installed once the router is complete).
  std::function<void(std::string&)> render_http_metrics;
  TimePoint started_at;
};

// Registers /healthz, /readyz and /metrics. `deps` must outlive the router.
void RegisterSystemRoutes(http::Router& router, SystemRoutesDeps& deps);

}  // namespace ispcloud::api
