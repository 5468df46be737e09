// SQLite driver: transactions, rollback, isolation, the writer thread and the read pool.

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "storage/run_sync.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage_test_support.h"

namespace ispcloud::storage {
namespace {

using test_support::ExecWrite;
using test_support::QueryRead;
using test_support::ScalarInt;
using test_support::TempDir;

class SqliteTxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open({dir_.File("test.db"), "FULL", 5000, 2});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  }
  int64_t Count() { return ScalarInt(*db_, "SELECT count(*) FROM t"); }

  TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

asio::awaitable<Status> InsertRow(Tx& tx, int64_t k) {
  Params params{k, std::string("v")};
  Result<int64_t> r = co_await tx.Exec("INSERT INTO t (k, v) VALUES ($1, $2)", std::move(params));
  if (!r) co_return std::move(r).error();
  co_return Ok();
}

TEST_F(SqliteTxTest, CommitIsVisibleToALaterRead) {
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertRow(tx, 1); !a) co_return a;
    co_return co_await InsertRow(tx, 2);
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(QueryRead(*db_, "SELECT v FROM t WHERE k = $1", {int64_t{2}})->rows.at(0).Text(0), "v");
}

TEST_F(SqliteTxTest, BodyReturningAnErrorRollsBack) {
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertRow(tx, 1); !a) co_return a;
    co_return MakeError(ErrorCode::kNotFound, "no such thing");
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.error().message, "no such thing");
  EXPECT_EQ(Count(), 0);
}

TEST_F(SqliteTxTest, BodyThrowingRollsBackAndTheExceptionPropagates) {
  EXPECT_THROW(RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
                 if (Status a = co_await InsertRow(tx, 1); !a) co_return a;
                 throw std::runtime_error("boom");
               })),
               std::runtime_error);
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 1u);
  // The writer is still usable.
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(SqliteTxTest, AFailedStatementDoesNotUndoEarlierOnesUnlessTheBodyFails) {
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertRow(tx, 2); !a) co_return a;
    Status dup = co_await InsertRow(tx, 1);  // unique violation, handled by the body
    if (dup.ok() || dup.error().api_code != kDbUniqueViolation)
      co_return MakeError(ErrorCode::kInternal, "no");
    co_return Ok();
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Count(), 2);
}

TEST_F(SqliteTxTest, BodiesCannotEndTheirTransaction) {
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertRow(tx, 1); !a) co_return a;
    Result<int64_t> commit = co_await tx.Exec("COMMIT");
    if (commit.ok()) co_return Ok();
    EXPECT_EQ(commit.error().code, ErrorCode::kInternal);
    co_return MakeError(ErrorCode::kConflict, "abandon");
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "abandon");
  EXPECT_EQ(Count(), 0);  // COMMIT never ran, so the rollback undid the insert
}

TEST_F(SqliteTxTest, ReadTransactionsRefuseWrites) {
  Status s = RunSync(db_->Read([](Tx& tx) -> asio::awaitable<Status> {
    Result<int64_t> r = co_await tx.Exec("INSERT INTO t (k) VALUES (1)");
    if (r.ok()) co_return Ok();
    Status script = co_await tx.ExecScript("SELECT 1; DELETE FROM t;");
    if (script.ok()) co_return Ok();
    co_return std::move(r).error();
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count(), 0);
}

TEST_F(SqliteTxTest, ConcurrentWritesFromSeveralThreadsAllLand) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures] {
      for (int i = 0; i < kPerThread; ++i) {
        int64_t k = t * kPerThread + i;
        Status s = RunSync(db_->Write([k](Tx& tx) { return InsertRow(tx, k); }));
        if (!s) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * kPerThread);
  EXPECT_GE(db_->Metrics().write_tx_seconds.Count(), static_cast<uint64_t>(kThreads * kPerThread));
}

TEST_F(SqliteTxTest, ReadsRunWhileAWriteTransactionIsOpen) {
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  std::promise<void> inserted;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::thread writer([&] {
    Status s = RunSync(db_->Write([&](Tx& tx) -> asio::awaitable<Status> {
      if (Status a = co_await InsertRow(tx, 2); !a) co_return a;
      inserted.set_value();
      released.wait();  // holds the write transaction open (blocking, for the test only)
      co_return Ok();
    }));
    EXPECT_TRUE(s.ok());
  });
  inserted.get_future().wait();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Count(), 1);  // the snapshot before the open write, without waiting for it
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));

  // Another process cannot write meanwhile: with no busy timeout it fails at once as kDbBusy.
  auto other = SqliteDatabase::Open({dir_.File("test.db"), "FULL", 0, 1});
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto busy = ExecWrite(**other, "INSERT INTO t (k) VALUES (3)");
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(busy.error().api_code, kDbBusy);

  release.set_value();
  writer.join();
  EXPECT_EQ(Count(), 2);
}

TEST_F(SqliteTxTest, WritesStaySerializedWhenABodySuspends) {
  std::promise<void> suspended;
  std::thread first([&] {
    Status s = RunSync(db_->Write([&](Tx& tx) -> asio::awaitable<Status> {
      if (Status a = co_await InsertRow(tx, 1); !a) co_return a;
      // Against the rule in db.h, but it must not break other writers.
      asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(200));
      suspended.set_value();
      co_await timer.async_wait(asio::use_awaitable);
      co_return co_await InsertRow(tx, 2);
    }));
    EXPECT_TRUE(s.ok()) << s.error().message;
  });
  suspended.get_future().wait();
  Status second = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertRow(tx, 3); !a) co_return a;
    co_return co_await InsertRow(tx, 4);
  }));
  first.join();
  EXPECT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(Count(), 4);
}

TEST_F(SqliteTxTest, NestedWriteIsRefusedInsteadOfDeadlocking) {
  Status inner;
  Status s = RunSync(db_->Write([&](Tx& tx) -> asio::awaitable<Status> {
    inner = co_await db_->Write([](Tx& nested) { return InsertRow(nested, 2); });
    co_return co_await InsertRow(tx, 1);
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count(), 1);
}

TEST_F(SqliteTxTest, ReadOpensAnExtraConnectionWhenThePoolIsEmpty) {
  ASSERT_EQ(db_->IdleReadConnections(), 2u);
  int depth = 0;
  std::function<asio::awaitable<Status>(Tx&)> nest = [&](Tx& tx) -> asio::awaitable<Status> {
    Result<Rows> rows = co_await tx.Query("SELECT count(*) FROM t");
    if (!rows) co_return std::move(rows).error();
    if (++depth < 4) co_return co_await db_->Read(nest);  // 4 reads open at once, pool of 2
    co_return Ok();
  };
  Status s = RunSync(db_->Read(nest));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(depth, 4);
  EXPECT_EQ(db_->IdleReadConnections(), 2u);  // extras closed on return
}

TEST_F(SqliteTxTest, ReadSeesOneSnapshot) {
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  int64_t first = -1;
  int64_t second = -1;
  Status s = RunSync(db_->Read([&](Tx& tx) -> asio::awaitable<Status> {
    first = (co_await tx.Query("SELECT count(*) FROM t"))->rows.at(0).Int(0);
    // A write committed meanwhile (from another thread) is not seen by this transaction.
    std::thread([this] {
      EXPECT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (2)").ok());
    }).join();
    second = (co_await tx.Query("SELECT count(*) FROM t"))->rows.at(0).Int(0);
    co_return Ok();
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(Count(), 2);
}

TEST_F(SqliteTxTest, MetricsCountTransactionsAndDatabaseErrors) {
  DbMetrics& m = db_->Metrics();
  uint64_t writes = m.write_tx_seconds.Count();
  uint64_t reads = m.read_tx_seconds.Count();
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  EXPECT_EQ(m.write_tx_seconds.Count(), writes + 1);
  EXPECT_EQ(m.write_tx_errors.load(), 0u);
  EXPECT_FALSE(ExecWrite(*db_, "INSERT INTO t (k) VALUES (1)").ok());
  EXPECT_EQ(m.write_tx_errors.load(), 1u);
  // A business error from the body is not a database error.
  EXPECT_FALSE(RunSync(db_->Write([](Tx&) -> asio::awaitable<Status> {
                 co_return MakeError(ErrorCode::kNotFound, "x");
               })).ok());
  EXPECT_EQ(m.write_tx_errors.load(), 1u);
  EXPECT_EQ(Count(), 1);
  EXPECT_EQ(m.read_tx_seconds.Count(), reads + 1);
  EXPECT_FALSE(QueryRead(*db_, "SELECT nope FROM t").ok());
  EXPECT_EQ(m.read_tx_errors.load(), 1u);
}

}  // namespace
}  // namespace ispcloud::storage
