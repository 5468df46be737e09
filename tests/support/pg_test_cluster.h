#pragma once
// A throw-away PostgreSQL 15 cluster shared by every test of a process, run by
// tests/support/pg_cluster.sh: started before the first test (a gtest global environment),
// stopped after the last, and by the script's reaper if the process dies first.
//
// Tests start with ISPCLOUD_REQUIRE_PG(): it skips, saying why, on a machine without the
// PostgreSQL 15 binaries (unless ISPCLOUD_REQUIRE_POSTGRES is set, as in CI, which makes that a
// failure), and fails when the cluster could not be started for any other reason.

#include <gtest/gtest.h>

#include <string>

namespace ispcloud::test_support {

class PgTestCluster : public ::testing::Environment {
 public:
  // The process-wide instance, registered with gtest (which owns it).
  static PgTestCluster& Instance();

  void SetUp() override;
  void TearDown() override;

  bool running() const { return !url_.empty(); }
  // Why the tests must be skipped (empty unless PostgreSQL is not installed).
  const std::string& skip_reason() const { return skip_reason_; }
  // Why the cluster is not running when it should be.
  const std::string& failure() const { return failure_; }
  // URL of the database "ispcloud_test".
  const std::string& url() const { return url_; }
  // Creates a fresh, empty database and returns its URL ("" after a failure, with a gtest
  // failure recorded).
  std::string NewDatabase();

 private:
  PgTestCluster() = default;

  std::string dir_;
  std::string url_;
  std::string skip_reason_;
  std::string failure_;
  int databases_ = 0;
};

}  // namespace ispcloud::test_support

#define ISPCLOUD_REQUIRE_PG()                                                        \
  do {                                                                               \
    const auto& pg_cluster = ::ispcloud::test_support::PgTestCluster::Instance();    \
    if (!pg_cluster.skip_reason().empty()) GTEST_SKIP() << pg_cluster.skip_reason(); \
    ASSERT_TRUE(pg_cluster.running()) << pg_cluster.failure();                       \
  } while (0)
