// SQLite driver: group commit. Concurrent write transactions are batched into one COMMIT, each
// body in its own savepoint: a failing body rolls back only itself, a failed COMMIT fails the
// whole batch, and bodies run in the order their writes were queued.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/run_sync.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage_test_support.h"

namespace ispcloud::storage {
namespace {

using std::chrono::steady_clock;
using test_support::ExecWrite;
using test_support::QueryRead;
using test_support::ScalarInt;
using test_support::TempDir;

// What one write's caller got back.
struct Outcome {
  bool done = false;
  Status status;
  std::string thrown;  // what() of the exception the caller received, if any
};

asio::awaitable<void> WriteInto(Database& db, TxBody body, Outcome* out) {
  try {
    out->status = co_await db.Write(std::move(body));
  } catch (const std::exception& e) {
    out->thrown = e.what();
  }
  out->done = true;
}

asio::awaitable<void> Sleep(std::chrono::milliseconds ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor, ms);
  co_await timer.async_wait(asio::use_awaitable);
}

// Queues `bodies`, in order, while a first write holds the writer (suspended in its body, which
// is allowed though discouraged), so that the writer takes all of them as one batch.
asio::awaitable<void> QueueBehindHolder(SqliteDatabase& db, std::vector<TxBody>& bodies,
                                        std::vector<Outcome>& out, Outcome& holder_out) {
  std::atomic<bool> holding{false};
  const size_t want = bodies.size();
  TxBody holder = [&db, &holding, want](Tx&) -> asio::awaitable<Status> {
    holding = true;
    const auto deadline = steady_clock::now() + std::chrono::seconds(10);
    while (db.QueuedWrites() < want && steady_clock::now() < deadline) {
      co_await Sleep(std::chrono::milliseconds(1));
    }
    co_return Ok();
  };
  auto ex = co_await asio::this_coro::executor;
  auto ignore = [](std::exception_ptr) {};
  asio::co_spawn(ex, WriteInto(db, std::move(holder), &holder_out), ignore);
  const auto deadline = steady_clock::now() + std::chrono::seconds(10);
  while (!holding && steady_clock::now() < deadline) co_await Sleep(std::chrono::milliseconds(1));
  for (size_t i = 0; i < bodies.size(); ++i) {
    asio::co_spawn(ex, WriteInto(db, std::move(bodies[i]), &out[i]), ignore);
  }
}

class SqliteGroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open({dir_.File("test.db"), "FULL", 5000, 2});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  }

  // Runs `bodies` as one batch (see QueueBehindHolder) and returns each caller's outcome.
  std::vector<Outcome> RunAsOneBatch(std::vector<TxBody> bodies) {
    std::vector<Outcome> out(bodies.size());
    Outcome holder;
    const uint64_t commits_before = db_->WriteCommits();
    asio::io_context ctx(1);
    asio::co_spawn(ctx, QueueBehindHolder(*db_, bodies, out, holder), [](std::exception_ptr) {});
    ctx.run();
    EXPECT_TRUE(holder.done && holder.status.ok());
    for (const Outcome& o : out) EXPECT_TRUE(o.done);
    commits_ = db_->WriteCommits() - commits_before;
    return out;
  }

  int64_t Count() { return ScalarInt(*db_, "SELECT count(*) FROM t"); }
  std::vector<int64_t> Keys() {
    std::vector<int64_t> keys;
    Result<Rows> rows = QueryRead(*db_, "SELECT k FROM t ORDER BY k");
    if (rows) {
      for (const Row& row : rows->rows) keys.push_back(row.Int(0));
    }
    return keys;
  }

  TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
  uint64_t commits_ = 0;  // COMMITs during the last RunAsOneBatch, the holder's included
};

asio::awaitable<Status> Insert(Tx& tx, int64_t k, std::string v = "v") {
  Params params = MakeParams(k, std::move(v));
  Result<int64_t> r = co_await tx.Exec("INSERT INTO t (k, v) VALUES ($1, $2)", std::move(params));
  if (!r) co_return std::move(r).error();
  co_return Ok();
}

TxBody InsertBody(int64_t k) {
  return [k](Tx& tx) { return Insert(tx, k); };
}

TEST_F(SqliteGroupCommitTest, ConcurrentWritesShareOneCommit) {
  std::vector<TxBody> bodies;
  for (int64_t k = 1; k <= 10; ++k) bodies.push_back(InsertBody(k));
  std::vector<Outcome> out = RunAsOneBatch(std::move(bodies));
  for (const Outcome& o : out) EXPECT_TRUE(o.status.ok()) << o.status.error().message;
  EXPECT_EQ(Count(), 10);
  EXPECT_EQ(commits_, 2u);  // the holder's own batch, then the ten together
  // Every write is still one transaction in the metrics.
  EXPECT_GE(db_->Metrics().write_tx_seconds.Count(), 12u);
}

TEST_F(SqliteGroupCommitTest, AFailingBodyRollsBackOnlyItself) {
  std::vector<TxBody> bodies;
  bodies.push_back(InsertBody(1));
  bodies.push_back([](Tx& tx) -> asio::awaitable<Status> {  // business error after a write
    if (Status s = co_await Insert(tx, 2); !s) co_return s;
    co_return MakeError(ErrorCode::kNotFound, "no such thing");
  });
  bodies.push_back([](Tx& tx) -> asio::awaitable<Status> {  // throws after a write
    if (Status s = co_await Insert(tx, 3); !s) co_return s;
    throw std::runtime_error("boom");
  });
  bodies.push_back([](Tx& tx) -> asio::awaitable<Status> {  // constraint error, returned
    if (Status s = co_await Insert(tx, 6); !s) co_return s;
    co_return co_await Insert(tx, 1);  // duplicate of the first body's row
  });
  bodies.push_back([](Tx& tx) -> asio::awaitable<Status> {  // failed statement, handled
    if (Status s = co_await Insert(tx, 4); !s) co_return s;
    Status dup = co_await Insert(tx, 4);
    if (dup.ok()) co_return MakeError(ErrorCode::kInternal, "duplicate accepted");
    co_return Ok();
  });
  bodies.push_back(InsertBody(5));
  std::vector<Outcome> out = RunAsOneBatch(std::move(bodies));

  EXPECT_TRUE(out[0].status.ok());
  ASSERT_FALSE(out[1].status.ok());
  EXPECT_EQ(out[1].status.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(out[2].thrown, "boom");
  ASSERT_FALSE(out[3].status.ok());
  EXPECT_EQ(out[3].status.error().api_code, kDbUniqueViolation);
  EXPECT_TRUE(out[4].status.ok());
  EXPECT_TRUE(out[5].status.ok());
  EXPECT_EQ(Keys(), (std::vector<int64_t>{1, 4, 5}));  // 2, 3 and 6 were rolled back
  EXPECT_EQ(commits_, 2u);
}

TEST_F(SqliteGroupCommitTest, AFailedCommitFailsEveryWriteOfTheBatch) {
  // A deferred foreign key is checked at COMMIT only: one body's dangling row fails the COMMIT.
  ASSERT_TRUE(ExecWrite(*db_,
                        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES "
                        "t(k) DEFERRABLE INITIALLY DEFERRED)")
                  .ok());
  auto refuse = [](Tx&) -> asio::awaitable<Status> {
    co_return MakeError(ErrorCode::kConflict, "its own refusal");
  };
  std::vector<TxBody> bodies;
  bodies.push_back(refuse);  // first: no uncommitted work under it, answered with its own error
  bodies.push_back(InsertBody(1));
  bodies.push_back([](Tx& tx) -> asio::awaitable<Status> {
    Result<int64_t> r = co_await tx.Exec("INSERT INTO child (id, parent) VALUES (1, 999)");
    if (!r) co_return std::move(r).error();
    co_return Ok();
  });
  bodies.push_back(InsertBody(2));
  bodies.push_back(refuse);  // ran on top of work that never committed: it fails with the batch
  std::vector<Outcome> out = RunAsOneBatch(std::move(bodies));

  ASSERT_FALSE(out[0].status.ok());
  EXPECT_EQ(out[0].status.error().message, "its own refusal");
  for (size_t i : {1u, 2u, 3u, 4u}) {
    ASSERT_FALSE(out[i].status.ok()) << i;
    EXPECT_EQ(out[i].status.error().api_code, kDbForeignKeyViolation) << i;
  }
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM child"), 0);
  EXPECT_EQ(commits_, 1u);  // the holder's only
  // The writer recovers: the next write commits.
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (7)").ok());
  EXPECT_EQ(Keys(), (std::vector<int64_t>{7}));
}

TEST_F(SqliteGroupCommitTest, BodiesRunInQueueOrderAndSeeEarlierWorkOfTheBatch) {
  std::vector<int> ran;
  std::vector<TxBody> bodies;
  for (int i = 0; i < 5; ++i) {
    bodies.push_back([i, &ran](Tx& tx) -> asio::awaitable<Status> {
      ran.push_back(i);  // bodies run one at a time on the writer thread
      Result<Rows> rows = co_await tx.Query("SELECT count(*) FROM t");
      if (!rows) co_return std::move(rows).error();
      const int64_t next = rows->rows.at(0).Int(0) + 1;
      co_return co_await Insert(tx, next, std::to_string(i));
    });
  }
  std::vector<Outcome> out = RunAsOneBatch(std::move(bodies));
  for (const Outcome& o : out) EXPECT_TRUE(o.status.ok());
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
  Result<Rows> rows = QueryRead(*db_, "SELECT k, v FROM t ORDER BY k");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(rows->rows[i].Int(0), static_cast<int64_t>(i + 1));
    EXPECT_EQ(rows->rows[i].Text(1), std::to_string(i));
  }
  EXPECT_EQ(commits_, 2u);
}

TEST_F(SqliteGroupCommitTest, ATransactionRolledBackBySqliteFailsTheBatchSoFar) {
  // RAISE(ROLLBACK) makes SQLite roll back the whole transaction, as disk-full or I/O errors
  // may: the bodies before it lose their work and must not be told it was committed.
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE boom (x INTEGER)").ok());
  ASSERT_TRUE(ExecWrite(*db_,
                        "CREATE TRIGGER boom_rollback BEFORE INSERT ON boom BEGIN SELECT "
                        "RAISE(ROLLBACK, 'boom'); END")
                  .ok());
  std::vector<TxBody> bodies;
  bodies.push_back(InsertBody(1));
  bodies.push_back([](Tx& tx) -> asio::awaitable<Status> {
    Result<int64_t> ignored = co_await tx.Exec("INSERT INTO boom (x) VALUES (1)");
    if (ignored.ok()) co_return MakeError(ErrorCode::kInternal, "trigger did not fire");
    co_return Ok();  // ignores the error, as a careless body might
  });
  bodies.push_back(InsertBody(2));
  std::vector<Outcome> out = RunAsOneBatch(std::move(bodies));

  ASSERT_FALSE(out[0].status.ok());
  EXPECT_EQ(out[0].status.error().code, ErrorCode::kInternal);
  ASSERT_FALSE(out[1].status.ok());
  EXPECT_EQ(out[1].status.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(out[2].status.ok());  // a fresh transaction after the rollback
  EXPECT_EQ(Keys(), (std::vector<int64_t>{2}));
}

TEST_F(SqliteGroupCommitTest, ALoneWriteCommitsWithoutWaitingForOthers) {
  const uint64_t before = db_->WriteCommits();
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  EXPECT_EQ(db_->WriteCommits(), before + 1);
  EXPECT_EQ(db_->QueuedWrites(), 0u);
  // A body with nothing to commit still answers, and leaves no transaction open.
  Status empty = RunSync(db_->Write([](Tx&) -> asio::awaitable<Status> { co_return Ok(); }));
  EXPECT_TRUE(empty.ok());
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (2)").ok());
  EXPECT_EQ(Count(), 2);
}

}  // namespace
}  // namespace ispcloud::storage
