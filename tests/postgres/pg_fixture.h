#pragma once
// Shared by the PostgreSQL driver tests: a fresh database per test on the process's throw-away
// cluster, opened with the driver under test, and one-line statement helpers.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "storage/postgres/pg_database.h"
#include "storage/run_sync.h"
#include "support/pg_test_cluster.h"

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

// Runs one statement in its own write transaction; returns the rows it changed.
inline Result<int64_t> ExecWrite(Database& db, std::string sql, Params params = {}) {
  std::optional<Result<int64_t>> out;
  Status s = RunSync(db.Write([&](Tx& tx) -> asio::awaitable<Status> {
    out.emplace(co_await tx.Exec(sql, params));
    if (!*out) co_return out->error();
    co_return Ok();
  }));
  if (!s) return std::move(s).error();
  return std::move(*out);
}

// Runs one query in its own read transaction.
inline Result<Rows> QueryRead(Database& db, std::string sql, Params params = {}) {
  std::optional<Result<Rows>> out;
  Status s = RunSync(db.Read([&](Tx& tx) -> asio::awaitable<Status> {
    out.emplace(co_await tx.Query(sql, params));
    if (!*out) co_return out->error();
    co_return Ok();
  }));
  if (!s) return std::move(s).error();
  return std::move(*out);
}

// The single integer a query returns, or -1 when it fails.
inline int64_t ScalarInt(Database& db, std::string sql, Params params = {}) {
  Result<Rows> rows = QueryRead(db, std::move(sql), std::move(params));
  if (!rows || rows->empty()) return -1;
  return rows->rows[0].Int(0);
}

class PgTest : public ::testing::Test {
 protected:
  static constexpr int kPoolSize = 4;

  void SetUp() override {
    ISPCLOUD_REQUIRE_PG();
    url_ = test_support::PgTestCluster::Instance().NewDatabase();
    ASSERT_FALSE(url_.empty());
    db_ = OpenOrFail(url_, kPoolSize);
    ASSERT_NE(db_, nullptr);
  }

  std::string url_;
  std::unique_ptr<PgDatabase> db_;
};

}  // namespace ispcloud::storage::pg_test
