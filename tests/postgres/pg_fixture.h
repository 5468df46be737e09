#pragma once
// Shared by the PostgreSQL driver tests: a fresh database per test on the process's throw-away
// cluster, opened with the driver under test; the one-line statement helpers are the storage
// unit tests' (tests/unit/storage_test_support.h).

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/postgres/pg_database.h"
#include "storage/run_sync.h"
#include "support/pg_test_cluster.h"
#include "unit/storage_test_support.h"

namespace ispcloud::storage::pg_test {

// Opens `url` with a pool of `pool_size`; fails the test when it cannot.
inline std::unique_ptr<PgDatabase> OpenOrFail(const std::string& url, int pool_size) {
  PgOptions options{url, pool_size};
  Result<std::unique_ptr<PgDatabase>> db = PgDatabase::Open(options);
  EXPECT_TRUE(db.ok()) << db.error().message;
  if (!db) return nullptr;
  return std::move(*db);
}

// Runs `sql` (one statement or a script) in its own write transaction.
inline Status Script(Database& db, std::string sql) {
  return RunSync(db.Write(
      [&sql](Tx& tx) -> asio::awaitable<Status> { co_return co_await tx.ExecScript(sql); }));
}

using storage::test_support::ExecWrite;
using storage::test_support::QueryRead;
using storage::test_support::ScalarInt;

class PgTest : public ::testing::Test {
 protected:
  static constexpr int kPoolSize = 4;

  void SetUp() override {
    ISPCLOUD_REQUIRE_PG();
    url_ = ::ispcloud::test_support::PgTestCluster::Instance().NewDatabase();
    ASSERT_FALSE(url_.empty());
    db_ = OpenOrFail(url_, kPoolSize);
    ASSERT_NE(db_, nullptr);
  }

  std::string url_;
  std::unique_ptr<PgDatabase> db_;
};

}  // namespace ispcloud::storage::pg_test
