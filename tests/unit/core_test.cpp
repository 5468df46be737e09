#include <gtest/gtest.h>

#include <set>

#include "core/clock.h"
#include "core/error.h"
#include "core/histogram.h"
#include "core/object_id.h"
#include "core/random.h"
#include "core/result.h"

namespace ispcloud {
namespace {

TEST(ResultTest, HoldsValueOrError) {
  Result<int> ok = 7;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);
  Result<int> bad = MakeError(ErrorCode::kNotFound, "nope", "NODE_NOT_FOUND");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bad.error().api_code, "NODE_NOT_FOUND");
  Status st = Ok();
  EXPECT_TRUE(st.ok());
  Status failed = MakeError(ErrorCode::kConflict, "x");
  EXPECT_FALSE(failed.ok());
}

TEST(ErrorTest, EveryCodeHasAStatus) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMedia), 415);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnprocessable), 422);
  EXPECT_EQ(HttpStatus(ErrorCode::kLocked), 423);
  EXPECT_EQ(HttpStatus(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kHeaderTooLarge), 431);
  EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
}

TEST(ClockTest, FormatsIsoWithMillis) {
  TimePoint t = TimePoint(std::chrono::milliseconds(1565295190595));
  EXPECT_EQ(FormatIso8601Millis(t), "2019-08-08T20:13:10.595Z");
  EXPECT_EQ(FormatIso8601Millis(TimePoint()), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Millis(TimePoint(std::chrono::milliseconds(-1))),
            "1969-12-31T23:59:59.999Z");
}

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(TimePoint(std::chrono::seconds(1000)));
  EXPECT_EQ(ToEpochMillis(clock.Now()), 1'000'000);
  clock.Advance(std::chrono::milliseconds(1500));
  EXPECT_EQ(ToEpochMillis(clock.Now()), 1'001'500);
}

TEST(ObjectIdTest, LayoutAndUniqueness) {
  FakeClock clock(TimePoint(std::chrono::seconds(0x66ef3468)));
  SeededRandom random(42);
  ObjectIdGenerator ids(clock, random);
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string id = ids.Next();
    ASSERT_TRUE(IsObjectId(id));
    EXPECT_EQ(id.substr(0, 8), "66ef3468");  // big-endian seconds first
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(ObjectIdTest, Validation) {
  EXPECT_TRUE(IsObjectId("66ef34687f1c07000b200925"));
  EXPECT_TRUE(IsObjectId("66EF34687F1C07000B200925"));
  EXPECT_FALSE(IsObjectId("66ef34687f1c07000b20092"));
  EXPECT_FALSE(IsObjectId("66ef34687f1c07000b20092g"));
  EXPECT_FALSE(IsObjectId(""));
}

TEST(RandomTest, SeededIsDeterministicSystemVaries) {
  SeededRandom a(7), b(7);
  EXPECT_EQ(a.Hex(16), b.Hex(16));
  std::string x = SystemRandom::Instance().Hex(16), y = SystemRandom::Instance().Hex(16);
  EXPECT_EQ(x.size(), 32u);
  EXPECT_NE(x, y);
}

TEST(HistogramTest, CumulativeBucketsAndRender) {
  Histogram h;
  h.Observe(0.0001);
  h.Observe(0.003);
  h.Observe(20.0);
  EXPECT_EQ(h.Count(), 3u);
  EXPECT_EQ(h.Cumulative(0), 1u);                          // <= 0.5 ms
  EXPECT_EQ(h.Cumulative(3), 2u);                          // <= 5 ms
  EXPECT_EQ(h.Cumulative(Histogram::kBounds.size()), 3u);  // +Inf
  std::string out;
  h.Render(out, "x_seconds", "route=\"/a\"");
  EXPECT_NE(out.find("x_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_count{route=\"/a\"} 3"), std::string::npos);
}

}  // namespace
}  // namespace ispcloud
