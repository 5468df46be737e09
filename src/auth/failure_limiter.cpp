#include "auth/failure_limiter.h"

namespace ispcloud::auth {

bool FailureLimiter::Limited(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  if (clock_.Now() - it->second.window_start > options_.window) {
    failures_.erase(it);
    return false;
  }
  return it->second.count >= options_.max_failures;
}

void FailureLimiter::RecordFailure(const std::string& key) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= options_.max_keys) failures_.clear();
  Failures& f = failures_[key];
  if (f.count == 0 || clock_.Now() - f.window_start > options_.window) {
    f = Failures{0, clock_.Now()};
  }
  ++f.count;
}

}  // namespace ispcloud::auth
