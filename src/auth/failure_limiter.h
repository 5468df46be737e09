#pragma once
// Counts failed authentications per key (a client id, a login name) in a fixed window and says
// when a key has failed too often. Thread-safe; memory is bounded (the table is reset when it
// grows past `max_keys`, so a flood of distinct keys cannot exhaust memory).

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace ispcloud::auth {

struct FailureLimiterOptions {
  int max_failures = 10;            // failures per key per window, then limited
  std::chrono::seconds window{60};  // the window starts at a key's first failure
  size_t max_keys = 100'000;
};

class FailureLimiter {
 public:
  FailureLimiter(const Clock& clock, FailureLimiterOptions options)
      : clock_(clock), options_(options) {}

  // True when `key` reached max_failures within its current window.
  bool Limited(const std::string& key);
  // Records one failure of `key`.
  void RecordFailure(const std::string& key);

 private:
  struct Failures {
    int count = 0;
    TimePoint window_start;
  };

  const Clock& clock_;
  FailureLimiterOptions options_;
  std::mutex mu_;
  std::map<std::string, Failures> failures_;
};

}  // namespace ispcloud::auth
