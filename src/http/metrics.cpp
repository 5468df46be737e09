#include "http/metrics.h"

namespace ispcloud::http {
namespace {

std::string EscapeLabel(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

HttpMetrics::HttpMetrics(const Router& router) {
  for (const auto& route : router.routes()) {
    auto slot = std::make_unique<Slot>();
    slot->route = route->pattern;
    slot->method = std::string(beast_http::to_string(route->method));
    slots_.push_back(std::move(slot));
  }
  auto unmatched = std::make_unique<Slot>();
  unmatched->route = "unmatched";
  unmatched->method = "ANY";
  slots_.push_back(std::move(unmatched));
}

void HttpMetrics::RecordRequest(const Route* route, Verb, int status, double seconds) {
  Slot& slot =
      route != nullptr && route->id < slots_.size() - 1 ? *slots_[route->id] : *slots_.back();
  if (status >= 100 && status < 600) {
    slot.by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
  }
  slot.latency.Observe(seconds);
}

void HttpMetrics::Render(std::string& out) const {
  out += "# HELP ispcloud_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE ispcloud_http_requests_total counter\n";
  for (const auto& slot : slots_) {
    for (size_t i = 0; i < slot->by_status.size(); ++i) {
      uint64_t n = slot->by_status[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "ispcloud_http_requests_total{route=\"" + EscapeLabel(slot->route) + "\",method=\"" +
             slot->method + "\",status=\"" + std::to_string(i + 100) + "\"} " + std::to_string(n) +
             "\n";
    }
  }
  out += "# HELP ispcloud_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE ispcloud_http_request_duration_seconds histogram\n";
  for (const auto& slot : slots_) {
    if (slot->latency.Count() == 0) continue;
    slot->latency.Render(
        out, "ispcloud_http_request_duration_seconds",
        "route=\"" + EscapeLabel(slot->route) + "\",method=\"" + slot->method + "\"");
  }
  out += "# HELP ispcloud_http_open_connections Connections currently open.\n";
  out += "# TYPE ispcloud_http_open_connections gauge\n";
  out += "ispcloud_http_open_connections " + std::to_string(open_connections.load()) + "\n";
  out += "# HELP ispcloud_http_connections_total Connections accepted.\n";
  out += "# TYPE ispcloud_http_connections_total counter\n";
  out += "ispcloud_http_connections_total " + std::to_string(accepted_connections.load()) + "\n";
  out += "# HELP ispcloud_http_connections_rejected_total Connections refused over the limit.\n";
  out += "# TYPE ispcloud_http_connections_rejected_total counter\n";
  out += "ispcloud_http_connections_rejected_total " + std::to_string(rejected_connections.load()) +
         "\n";
}

}  // namespace ispcloud::http
