// FailureLimiter: per-key counting in a window, independent keys, expiry, bounded memory.

#include "auth/failure_limiter.h"

#include <gtest/gtest.h>

namespace ispcloud::auth {
namespace {

using namespace std::chrono_literals;

class FailureLimiterTest : public ::testing::Test {
 protected:
  FakeClock clock_{TimePoint(std::chrono::seconds(1'700'000'000))};
};

TEST_F(FailureLimiterTest, LimitsAKeyAfterMaxFailuresWithinTheWindow) {
  FailureLimiter limiter(clock_, {3, 60s, 100});
  EXPECT_FALSE(limiter.Limited("a"));
  limiter.RecordFailure("a");
  limiter.RecordFailure("a");
  EXPECT_FALSE(limiter.Limited("a"));
  limiter.RecordFailure("a");
  EXPECT_TRUE(limiter.Limited("a"));
  EXPECT_FALSE(limiter.Limited("b"));  // keys are independent
}

TEST_F(FailureLimiterTest, WindowExpiryForgetsFailures) {
  FailureLimiter limiter(clock_, {2, 60s, 100});
  limiter.RecordFailure("a");
  limiter.RecordFailure("a");
  ASSERT_TRUE(limiter.Limited("a"));
  clock_.Set(clock_.Now() + 61s);
  EXPECT_FALSE(limiter.Limited("a"));
  limiter.RecordFailure("a");
  EXPECT_FALSE(limiter.Limited("a"));  // a fresh window starts with one failure
}

TEST_F(FailureLimiterTest, FailuresSpreadOverTwoWindowsDoNotAccumulate) {
  FailureLimiter limiter(clock_, {2, 60s, 100});
  limiter.RecordFailure("a");
  clock_.Set(clock_.Now() + 61s);
  limiter.RecordFailure("a");
  EXPECT_FALSE(limiter.Limited("a"));
}

TEST_F(FailureLimiterTest, TableIsResetWhenItReachesMaxKeys) {
  FailureLimiter limiter(clock_, {1, 60s, 3});
  limiter.RecordFailure("a");
  ASSERT_TRUE(limiter.Limited("a"));
  limiter.RecordFailure("b");
  limiter.RecordFailure("c");
  limiter.RecordFailure("d");  // the table held 3 keys: cleared, then "d" recorded
  EXPECT_FALSE(limiter.Limited("a"));
  EXPECT_TRUE(limiter.Limited("d"));
}

}  // namespace
}  // namespace ispcloud::auth
