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
  // Subsystems' metric renderers (HTTP, outbox, ...), each appending its Prometheus text;
  // installed while the app is wired, before serving.
  std::vector<std::function<void(std::string&)>> metric_renderers;
  TimePoint started_at;
};

// Registers /healthz, /readyz and /metrics. `deps` must outlive the router.
void RegisterSystemRoutes(http::Router& router, SystemRoutesDeps& deps);

}  // namespace ispcloud::api
