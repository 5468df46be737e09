// PostgreSQL driver: write transactions behave as if serialized (SERIALIZABLE, with the body run
// again after a serialization failure or deadlock, a bounded number of times).

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <stdexcept>
#include <vector>

#include "postgres/pg_fixture.h"

namespace ispcloud::storage::pg_test {
namespace {

class PgSerializableTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(Script(*db_,
                       "CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);"
                       "INSERT INTO counter VALUES (1, 0);")
                    .ok());
    other_ = OpenOrFail(url_, kPoolSize);
    ASSERT_NE(other_, nullptr);
  }
  int64_t Counter() { return ScalarInt(*db_, "SELECT n FROM counter WHERE id = 1"); }

  std::unique_ptr<PgDatabase> other_;  // a second instance on the same database
};

// Reads the counter, waits a little (so that concurrent bodies overlap) and writes it back + 1.
asio::awaitable<Status> ReadThenIncrement(Tx& tx) {
  Result<Rows> read = co_await tx.Query("SELECT n FROM counter WHERE id = 1");
  if (!read) co_return std::move(read).error();
  const int64_t n = read->rows.at(0).Int(0);
  Result<Rows> slept = co_await tx.Query("SELECT pg_sleep(0.002)");
  if (!slept) co_return std::move(slept).error();
  Params params = MakeParams(n + 1);
  Result<int64_t> updated =
      co_await tx.Exec("UPDATE counter SET n = $1 WHERE id = 1", std::move(params));
  if (!updated) co_return std::move(updated).error();
  co_return Ok();
}

struct Outcome {
  int ok = 0;
  int failed = 0;
  int runs = 0;
  int most_runs = 0;  // of one transaction
};

asio::awaitable<void> IncrementOnce(Database& db, Outcome& outcome) {
  int runs = 0;
  Status s = co_await db.Write([&outcome, &runs](Tx& tx) -> asio::awaitable<Status> {
    ++outcome.runs;
    outcome.most_runs = std::max(outcome.most_runs, ++runs);
    co_return co_await ReadThenIncrement(tx);
  });
  if (s.ok()) {
    ++outcome.ok;
  } else {
    ++outcome.failed;
    ADD_FAILURE() << s.error().message;
  }
}

// Runs `per_instance` increments concurrently on each of `instances`; returns what happened.
Outcome IncrementConcurrently(const std::vector<PgDatabase*>& instances, int per_instance) {
  Outcome outcome;
  asio::io_context ctx(1);
  auto on_done = [](std::exception_ptr e) {
    if (e) ADD_FAILURE() << "a transaction threw";
  };
  for (int i = 0; i < per_instance; ++i) {
    for (PgDatabase* db : instances) asio::co_spawn(ctx, IncrementOnce(*db, outcome), on_done);
  }
  ctx.run();
  return outcome;
}

uint64_t Retries(const std::vector<PgDatabase*>& instances) {
  uint64_t total = 0;
  for (PgDatabase* db : instances) total += db->Metrics().write_tx_retries.load();
  return total;
}

// Increments the counter from `other` in its own transaction (blocks the calling thread).
void IncrementElsewhere(Database& other) {
  EXPECT_TRUE(ExecWrite(other, "UPDATE counter SET n = n + 1 WHERE id = 1").ok());
}

// A write transaction on `db` raced by `other`: reads an integer (`read`), lets `other` commit
// `theirs` in between (on the first run only, or on every run), then runs `ours` with the value
// read bound to $1.
struct Race {
  std::string read;
  std::string theirs;
  std::string ours;
  bool every_run = false;
};

// Runs `race`; `runs` counts the runs of the body.
Status RunRace(Database& db, Database& other, const Race& race, int& runs) {
  return RunSync(db.Write([&](Tx& tx) -> asio::awaitable<Status> {
    ++runs;
    Result<Rows> read = co_await tx.Query(race.read);
    if (!read) co_return std::move(read).error();
    if (runs == 1 || race.every_run) {
      EXPECT_TRUE(ExecWrite(other, race.theirs).ok());
    }
    Params params = MakeParams(read->rows.at(0).Int(0));
    Result<int64_t> written = co_await tx.Exec(race.ours, std::move(params));
    if (!written) co_return std::move(written).error();
    co_return Ok();
  }));
}

TEST_F(PgSerializableTest, ConcurrentReadThenWriteBodiesLoseNoUpdate) {
  constexpr int kTransactions = 6 * kPoolSize;
  const std::vector<PgDatabase*> one = {db_.get()};
  Outcome outcome = IncrementConcurrently(one, kTransactions);
  EXPECT_EQ(outcome.ok, kTransactions);
  EXPECT_EQ(outcome.failed, 0);
  EXPECT_EQ(Counter(), kTransactions);  // every increment counted once
  // Conflicts did happen and were resolved by running bodies again; a run after the first
  // holds the write gate alone, so within one process it cannot conflict again.
  const uint64_t retries = Retries(one);
  EXPECT_GT(retries, 0u);
  EXPECT_EQ(static_cast<uint64_t>(outcome.runs), kTransactions + retries);
  EXPECT_EQ(outcome.most_runs, 2);
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 0u);
}

TEST_F(PgSerializableTest, ConcurrentIncrementsFromTwoInstancesLoseNoUpdate) {
  constexpr int kPerInstance = 3 * kPoolSize;
  const std::vector<PgDatabase*> both = {db_.get(), other_.get()};
  Outcome outcome = IncrementConcurrently(both, kPerInstance);
  EXPECT_EQ(outcome.ok, 2 * kPerInstance);
  EXPECT_EQ(outcome.failed, 0);
  EXPECT_EQ(Counter(), 2 * kPerInstance);
  EXPECT_GT(Retries(both), 0u);
  EXPECT_EQ(static_cast<uint64_t>(outcome.runs), 2 * kPerInstance + Retries(both));
}

TEST_F(PgSerializableTest, ABodyThatKeepsConflictingGivesUpBusyAfterTheLastAttempt) {
  const uint64_t writes_before = db_->Metrics().write_tx_seconds.Count();
  int runs = 0;
  // The other instance changes the row after this transaction's snapshot, every time: updating
  // it then fails with SQLSTATE 40001.
  const Race race{"SELECT n FROM counter WHERE id = 1", "UPDATE counter SET n = n + 1 WHERE id = 1",
                  "UPDATE counter SET n = 100 + $1 WHERE id = 1", true};
  Status s = RunRace(*db_, *other_, race, runs);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().api_code, kDbBusy);
  EXPECT_EQ(runs, PgDatabase::kMaxWriteAttempts);
  EXPECT_EQ(Counter(), PgDatabase::kMaxWriteAttempts);  // only the other instance's updates
  EXPECT_EQ(db_->Metrics().write_tx_retries.load(),
            static_cast<uint64_t>(PgDatabase::kMaxWriteAttempts - 1));
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 1u);  // one transaction, however many runs
  EXPECT_EQ(db_->Metrics().write_tx_seconds.Count(), writes_before + 1);
}

TEST_F(PgSerializableTest, ABodyReturningBusyItselfIsRunTheBoundedNumberOfTimes) {
  int runs = 0;
  Status s = RunSync(db_->Write([&](Tx&) -> asio::awaitable<Status> {
    ++runs;
    co_return MakeDbError(DbFailure::kBusy, "simulated serialization failure");
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().api_code, kDbBusy);
  EXPECT_EQ(runs, PgDatabase::kMaxWriteAttempts);
}

TEST_F(PgSerializableTest, ABodyTranslatingAConflictIsStillRunAgain) {
  int runs = 0;
  Status s = RunSync(db_->Write([&](Tx& tx) -> asio::awaitable<Status> {
    ++runs;
    Result<Rows> read = co_await tx.Query("SELECT n FROM counter WHERE id = 1");
    if (!read) co_return std::move(read).error();
    if (runs == 1) IncrementElsewhere(*other_);
    Result<int64_t> updated = co_await tx.Exec("UPDATE counter SET n = n + 10 WHERE id = 1");
    // A repository may turn any failure into its own error: the conflict is still seen.
    if (!updated) co_return MakeError(ErrorCode::kNotFound, "no counter");
    co_return Ok();
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Counter(), 11);
}

TEST_F(PgSerializableTest, WriteSkewIsDetectedAndTheBodyRunAgain) {
  ASSERT_TRUE(Script(*db_, "CREATE TABLE oncall (doctor TEXT PRIMARY KEY)").ok());
  int runs = 0;
  // Each side adds a row only when the table is empty: run one after the other, only one row
  // can result; interleaved at READ COMMITTED or REPEATABLE READ, both would be added.
  const Race race{"SELECT count(*) FROM oncall",
                  "INSERT INTO oncall SELECT 'bob' WHERE NOT EXISTS (SELECT 1 FROM oncall)",
                  "INSERT INTO oncall SELECT 'alice' WHERE $1 = 0"};
  Status s = RunRace(*db_, *other_, race, runs);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(runs, 2);  // the first run was refused (at the INSERT or at COMMIT)
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM oncall"), 1);
  EXPECT_EQ(db_->Metrics().write_tx_retries.load(), 1u);
}

TEST_F(PgSerializableTest, AnIdTakenAsMaxPlusOneMeanwhileIsABusyRunAgainNotADuplicate) {
  ASSERT_TRUE(Script(*db_, "CREATE TABLE note (id BIGINT PRIMARY KEY, text TEXT NOT NULL)").ok());
  int runs = 0;
  // How the repositories number rows (bss/money_rows.cpp): MAX(id) + 1, then INSERT.
  const Race race{"SELECT COALESCE(MAX(id), 0) + 1 FROM note",
                  "INSERT INTO note SELECT COALESCE(MAX(id), 0) + 1, 'theirs' FROM note",
                  "INSERT INTO note (id, text) VALUES ($1, 'ours')"};
  Status s = RunRace(*db_, *other_, race, runs);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(ScalarInt(*db_, "SELECT id FROM note WHERE text = 'ours'"), 2);
}

TEST_F(PgSerializableTest, ABusinessErrorIsReturnedAfterOneRun) {
  int runs = 0;
  Status s = RunSync(db_->Write([&](Tx& tx) -> asio::awaitable<Status> {
    ++runs;
    Result<int64_t> updated = co_await tx.Exec("UPDATE counter SET n = 5 WHERE id = 1");
    if (!updated) co_return std::move(updated).error();
    co_return MakeError(ErrorCode::kUnprocessable, "not allowed");
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Counter(), 0);
  EXPECT_EQ(db_->Metrics().write_tx_retries.load(), 0u);
}

TEST_F(PgSerializableTest, ABodyThatThrowsIsRunOnceEvenAfterAConflict) {
  int runs = 0;
  EXPECT_THROW(RunSync(db_->Write([&](Tx& tx) -> asio::awaitable<Status> {
                 ++runs;
                 Result<Rows> read = co_await tx.Query("SELECT n FROM counter WHERE id = 1");
                 if (!read) co_return std::move(read).error();
                 IncrementElsewhere(*other_);
                 Result<int64_t> updated =
                     co_await tx.Exec("UPDATE counter SET n = 7 WHERE id = 1");
                 // A serialization failure; the body throws anyway.
                 std::string code;
                 if (!updated) code = updated.error().api_code;
                 EXPECT_EQ(code, kDbBusy);
                 throw std::runtime_error("boom");
               })),
               std::runtime_error);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Counter(), 1);
  EXPECT_EQ(db_->Metrics().write_tx_retries.load(), 0u);
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 1u);
}

}  // namespace
}  // namespace ispcloud::storage::pg_test
