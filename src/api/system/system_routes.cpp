#include "api/system/system_routes.h"

#include <unistd.h>

#include <boost/json/object.hpp>
#include <cstdio>
#include <fstream>

#include "api/error_render.h"

namespace ispcloud::api {
namespace {

int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return static_cast<int64_t>(pages_resident) * sysconf(_SC_PAGESIZE);
}

void RenderDbMetrics(storage::Database& db, std::string& out) {
  storage::DbMetrics& m = db.Metrics();
  out += "# HELP ispcloud_db_transaction_duration_seconds Database transaction latency.\n";
  out += "# TYPE ispcloud_db_transaction_duration_seconds histogram\n";
  m.read_tx_seconds.Render(out, "ispcloud_db_transaction_duration_seconds", "kind=\"read\"");
  m.write_tx_seconds.Render(out, "ispcloud_db_transaction_duration_seconds", "kind=\"write\"");
  out += "# HELP ispcloud_db_transaction_errors_total Failed database transactions.\n";
  out += "# TYPE ispcloud_db_transaction_errors_total counter\n";
  out += "ispcloud_db_transaction_errors_total{kind=\"read\"} " +
         std::to_string(m.read_tx_errors.load()) + "\n";
  out += "ispcloud_db_transaction_errors_total{kind=\"write\"} " +
         std::to_string(m.write_tx_errors.load()) + "\n";
  out +=
      "# HELP ispcloud_db_transaction_retries_total Write transactions run again after a "
      "serialization failure or deadlock.\n";
  out += "# TYPE ispcloud_db_transaction_retries_total counter\n";
  out += "ispcloud_db_transaction_retries_total{kind=\"write\"} " +
         std::to_string(m.write_tx_retries.load()) + "\n";
}

}  // namespace

void RegisterSystemRoutes(http::Router& router, SystemRoutesDeps& deps) {
  router.Add(http::Verb::get, "/healthz", http::Access::kPublic,
             [](http::RequestContext&) -> asio::awaitable<http::Response> {
               co_return http::JsonResponse(
                   200, boost::json::object{{"status", "ok"}, {"version", ISPCLOUD_VERSION}});
             });

  router.Add(
      http::Verb::get, "/readyz", http::Access::kPublic,
      [&deps](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
        Status ping = co_await deps.db.Ping();
        if (!ping) {
          co_return RenderError(http::ApiFamily::kSystem,
                                MakeError(ErrorCode::kUnavailable, "database unreachable"),
                                ctx.request_id);
        }
        auto state = co_await storage::ReadSchemaState(deps.db, deps.migrations);
        if (!state) {
          co_return RenderError(http::ApiFamily::kSystem,
                                MakeError(ErrorCode::kUnavailable, "cannot read schema version"),
                                ctx.request_id);
        }
        if (state->current != state->latest) {
          co_return RenderError(
              http::ApiFamily::kSystem,
              MakeError(ErrorCode::kUnavailable,
                        "database schema is at version " + std::to_string(state->current) +
                            ", this binary needs " + std::to_string(state->latest)),
              ctx.request_id);
        }
        co_return http::JsonResponse(200, boost::json::object{{"status", "ready"},
                                                              {"database", deps.db.Dialect()},
                                                              {"schemaVersion", state->current}});
      });

  router.Add(http::Verb::get, "/metrics", http::Access::kPublic,
             [&deps](http::RequestContext&) -> asio::awaitable<http::Response> {
               std::string out;
               out.reserve(16 * 1024);
               out += "# HELP ispcloud_build_info Build information.\n";
               out += "# TYPE ispcloud_build_info gauge\n";
               out += "ispcloud_build_info{version=\"" ISPCLOUD_VERSION "\"} 1\n";
               out += "# HELP process_start_time_seconds Start time since the Unix epoch.\n";
               out += "# TYPE process_start_time_seconds gauge\n";
               out += "process_start_time_seconds " +
                      std::to_string(ToEpochMillis(deps.started_at) / 1000) + "\n";
               out += "# HELP process_resident_memory_bytes Resident memory size.\n";
               out += "# TYPE process_resident_memory_bytes gauge\n";
               out += "process_resident_memory_bytes " + std::to_string(ResidentBytes()) + "\n";
               for (const auto& render : deps.metric_renderers) render(out);
               RenderDbMetrics(deps.db, out);
               deps.db.RenderDriverMetrics(out);
               http::Response res{http::beast_http::status::ok, 11};
               res.set(boost::beast::http::field::content_type,
                       "text/plain; version=0.0.4; charset=utf-8");
               res.body() = std::move(out);
               co_return res;
             });
}

}  // namespace ispcloud::api
