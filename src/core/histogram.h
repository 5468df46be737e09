#pragma once
// Lock-free latency histogram with fixed Prometheus-style buckets (seconds).

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace ispcloud {

class Histogram {
 public:
  // Upper bounds in seconds; the last bucket (+Inf) is implicit.
  static constexpr std::array<double, 14> kBounds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
  // Records one observation. Thread-safe.
  void Observe(double seconds);
  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const { return static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9; }
  // Cumulative count of observations <= kBounds[i] (i == kBounds.size() means +Inf).
  uint64_t Cumulative(size_t i) const;
  // Appends Prometheus text lines `<name>_bucket{<labels>,le="..."}` plus _sum and _count.
  void Render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

}  // namespace ispcloud
