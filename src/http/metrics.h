#pragma once
// HTTP metrics: request counts by route, method and status, a latency histogram per route,
// connection gauges. Lock-free on the request path; rendered in Prometheus text format.

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/histogram.h"
#include "http/router.h"

namespace ispcloud::http {

class HttpMetrics {
 public:
  // Creates one slot per route of `router` plus one for unmatched requests.
  explicit HttpMetrics(const Router& router);

  // Records a finished request. `route` is null for requests that matched no route.
  void RecordRequest(const Route* route, Verb method, int status, double seconds);

  std::atomic<int64_t> open_connections{0};
  std::atomic<uint64_t> accepted_connections{0};
  std::atomic<uint64_t> rejected_connections{0};  // over the connection limit (503)

  // Appends the Prometheus text exposition of every metric.
  void Render(std::string& out) const;

 private:
  struct Slot {
    std::string route;  // pattern, or "unmatched"
    std::string method;
    std::array<std::atomic<uint64_t>, 500> by_status{};  // index = status - 100
    Histogram latency;
  };
  std::vector<std::unique_ptr<Slot>> slots_;  // route id -> slot; last = unmatched
};

}  // namespace ispcloud::http
