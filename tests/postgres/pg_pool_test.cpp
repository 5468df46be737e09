// PostgreSQL driver: the bounded pool under concurrency, and connections the server kills.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "postgres/pg_fixture.h"

namespace ispcloud::storage::pg_test {
namespace {

using PgPoolTest = PgTest;

struct Observed {
  int max_open = 0;
  int max_waiting = 0;
  int ok = 0;
  int failed = 0;
};

// One write transaction that holds its connection for a while and records the pool's state.
asio::awaitable<void> SlowWrite(PgDatabase& db, int64_t k, Observed& seen) {
  Status s = co_await db.Write([&db, k, &seen](Tx& tx) -> asio::awaitable<Status> {
    Result<Rows> slept = co_await tx.Query("SELECT pg_sleep(0.05)");
    if (!slept) co_return std::move(slept).error();
    PgPoolStats stats = db.PoolStats();
    seen.max_open = std::max(seen.max_open, stats.open);
    seen.max_waiting = std::max(seen.max_waiting, stats.waiting);
    Params params = MakeParams(k);
    Result<int64_t> r = co_await tx.Exec("INSERT INTO w (k) VALUES ($1)", std::move(params));
    if (!r) co_return std::move(r).error();
    co_return Ok();
  });
  if (s.ok()) {
    ++seen.ok;
  } else {
    ++seen.failed;
    ADD_FAILURE() << s.error().message;
  }
}

TEST_F(PgPoolTest, MoreTransactionsThanConnectionsAllCompleteWithinTheBound) {
  ASSERT_TRUE(Script(*db_, "CREATE TABLE w (k BIGINT PRIMARY KEY)").ok());
  constexpr int kTransactions = 5 * kPoolSize;
  Observed seen;
  asio::io_context ctx(1);
  for (int i = 0; i < kTransactions; ++i) {
    asio::co_spawn(ctx, SlowWrite(*db_, i, seen), [](std::exception_ptr e) {
      if (e) ADD_FAILURE() << "a transaction threw";
    });
  }
  ctx.run();
  EXPECT_EQ(seen.ok, kTransactions);
  EXPECT_EQ(seen.failed, 0);
  EXPECT_LE(seen.max_open, kPoolSize);
  EXPECT_GT(seen.max_waiting, 0);  // callers did queue for a connection
  PgPoolStats stats = db_->PoolStats();
  EXPECT_LE(stats.peak_open, kPoolSize);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.waiting, 0);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM w"), kTransactions);
  // The server agrees: never more sessions on this database than the pool allows.
  EXPECT_LE(
      ScalarInt(*db_, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"),
      kPoolSize);
}

// Terminates backend `pid` from another session and waits until it is gone.
void Terminate(Database& admin, int64_t pid) {
  ASSERT_EQ(ScalarInt(admin, "SELECT pg_terminate_backend($1::int)::int", MakeParams(pid)), 1);
  for (int i = 0; i < 100; ++i) {
    if (ScalarInt(admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", MakeParams(pid)) ==
        0) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "backend " << pid << " still alive";
}

TEST_F(PgPoolTest, AnIdleConnectionKilledByTheServerIsReplaced) {
  std::unique_ptr<PgDatabase> admin = OpenOrFail(url_, 1);
  ASSERT_NE(admin, nullptr);
  const int64_t pid = ScalarInt(*db_, "SELECT pg_backend_pid()");
  ASSERT_GT(pid, 0);
  Terminate(*admin, pid);
  const int64_t next = ScalarInt(*db_, "SELECT pg_backend_pid()");
  EXPECT_GT(next, 0);
  EXPECT_NE(next, pid);
  EXPECT_GE(db_->PoolStats().dropped, 1u);
  Status ping = RunSync(db_->Ping());
  EXPECT_TRUE(ping.ok()) << ping.error().message;
}

TEST_F(PgPoolTest, AReadWhoseConnectionDiesBeforeAnyResultIsRetriedOnce) {
  int calls = 0;
  Status s = RunSync(db_->Read([&calls](Tx& tx) -> asio::awaitable<Status> {
    ++calls;
    // The first statement kills this very session: the body never sees a result.
    Result<Rows> r = co_await tx.Query("SELECT pg_terminate_backend(pg_backend_pid())");
    if (!r) co_return std::move(r).error();
    co_return Ok();
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(calls, 2);  // retried once, on a fresh connection, which died the same way
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().api_code, kDbUnavailable);
  EXPECT_EQ(s.error().message.find(url_), std::string::npos);

  int attempts = 0;
  Status recovered = RunSync(db_->Read([&attempts](Tx& tx) -> asio::awaitable<Status> {
    ++attempts;
    const std::string sql =
        attempts == 1 ? "SELECT pg_terminate_backend(pg_backend_pid())" : "SELECT 1";
    Result<Rows> r = co_await tx.Query(sql);
    if (!r) co_return std::move(r).error();
    co_return Ok();
  }));
  EXPECT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(attempts, 2);
  EXPECT_LE(db_->PoolStats().peak_open, kPoolSize);
}

TEST_F(PgPoolTest, AConnectionDyingAfterResultsFailsTheTransactionWithoutRetry) {
  ASSERT_TRUE(Script(*db_, "CREATE TABLE k (id BIGINT)").ok());
  int reads = 0;
  Status read = RunSync(db_->Read([&reads](Tx& tx) -> asio::awaitable<Status> {
    ++reads;
    Result<Rows> first = co_await tx.Query("SELECT 1");
    if (!first) co_return std::move(first).error();
    Result<Rows> r = co_await tx.Query("SELECT pg_terminate_backend(pg_backend_pid())");
    if (!r) co_return std::move(r).error();
    co_return Ok();
  }));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(read.error().api_code, kDbUnavailable);

  int writes = 0;
  Status write = RunSync(db_->Write([&writes](Tx& tx) -> asio::awaitable<Status> {
    ++writes;
    Result<int64_t> ins = co_await tx.Exec("INSERT INTO k VALUES (1)");
    if (!ins) co_return std::move(ins).error();
    Result<Rows> r = co_await tx.Query("SELECT pg_terminate_backend(pg_backend_pid())");
    if (!r) co_return std::move(r).error();
    co_return Ok();
  }));
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(writes, 1);
  EXPECT_EQ(write.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM k"), 0);  // nothing committed
  EXPECT_GE(db_->PoolStats().dropped, 2u);
  EXPECT_TRUE(RunSync(db_->Ping()).ok());
}

}  // namespace
}  // namespace ispcloud::storage::pg_test
