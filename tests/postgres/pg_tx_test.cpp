// PostgreSQL driver: transactions, error codes, snapshots, scripts and transaction control.

#include <stdexcept>

#include "postgres/pg_fixture.h"

namespace ispcloud::storage::pg_test {
namespace {

class PgTxTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(Script(*db_,
                       "CREATE TABLE parent (id BIGINT PRIMARY KEY, email TEXT UNIQUE);"
                       "CREATE TABLE child (id BIGINT PRIMARY KEY, "
                       "  parent_id BIGINT NOT NULL REFERENCES parent(id), "
                       "  n BIGINT CHECK (n >= 0));")
                    .ok());
  }
  int64_t Count(const std::string& table) {
    return ScalarInt(*db_, "SELECT count(*) FROM " + table);
  }
};

asio::awaitable<Status> InsertParent(Tx& tx, int64_t id, std::string email) {
  Params params = MakeParams(id, std::move(email));
  Result<int64_t> r =
      co_await tx.Exec("INSERT INTO parent (id, email) VALUES ($1, $2)", std::move(params));
  if (!r) co_return std::move(r).error();
  co_return Ok();
}

TEST_F(PgTxTest, ConstraintViolationsCarryTheDriverCodes) {
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO parent VALUES (1, 'a@x')").ok());
  Result<int64_t> dup = ExecWrite(*db_, "INSERT INTO parent VALUES (2, 'a@x')");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().api_code, kDbUniqueViolation);
  Result<int64_t> pk = ExecWrite(*db_, "INSERT INTO parent VALUES (1, 'b@x')");
  ASSERT_FALSE(pk.ok());
  EXPECT_EQ(pk.error().api_code, kDbUniqueViolation);
  Result<int64_t> fk = ExecWrite(*db_, "INSERT INTO child VALUES (1, 99, 0)");
  ASSERT_FALSE(fk.ok());
  EXPECT_EQ(fk.error().code, ErrorCode::kConflict);
  EXPECT_EQ(fk.error().api_code, kDbForeignKeyViolation);
  Result<int64_t> check = ExecWrite(*db_, "INSERT INTO child VALUES (1, 1, -1)");
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, ErrorCode::kConflict);
  EXPECT_EQ(check.error().api_code, kDbConstraintViolation);
  Result<int64_t> not_null = ExecWrite(*db_, "INSERT INTO child (id, n) VALUES (2, 1)");
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.error().api_code, kDbConstraintViolation);
  Result<int64_t> syntax = ExecWrite(*db_, "INSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count("child"), 0);
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 6u);
}

TEST_F(PgTxTest, WritingInsideReadIsRefusedAsReadOnly) {
  Result<Rows> r = QueryRead(*db_, "INSERT INTO parent VALUES (1, 'a') RETURNING id");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().api_code, kDbReadOnly);
  EXPECT_EQ(Count("parent"), 0);
  EXPECT_EQ(db_->Metrics().read_tx_errors.load(), 1u);
}

TEST_F(PgTxTest, BodyErrorRollsBack) {
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertParent(tx, 1, "a"); !a) co_return a;
    co_return MakeError(ErrorCode::kNotFound, "no such thing");
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.error().message, "no such thing");
  EXPECT_EQ(Count("parent"), 0);
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 0u);  // a business error is not a db error
}

TEST_F(PgTxTest, BodyThrowingRollsBackAndTheExceptionPropagates) {
  EXPECT_THROW(RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
                 if (Status a = co_await InsertParent(tx, 1, "a"); !a) co_return a;
                 throw std::runtime_error("boom");
               })),
               std::runtime_error);
  EXPECT_EQ(Count("parent"), 0);
  EXPECT_EQ(db_->Metrics().write_tx_errors.load(), 1u);
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO parent VALUES (1, 'a')").ok());
  EXPECT_EQ(Count("parent"), 1);
}

TEST_F(PgTxTest, BodyIgnoringAFailedStatementCommitsNothing) {
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO parent VALUES (1, 'a')").ok());
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertParent(tx, 2, "b"); !a) co_return a;
    Status dup = co_await InsertParent(tx, 3, "a");  // unique violation, ignored
    EXPECT_FALSE(dup.ok());
    co_return Ok();
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count("parent"), 1);
}

TEST_F(PgTxTest, CommitsAreVisibleAndAReadSeesOneSnapshot) {
  std::unique_ptr<PgDatabase> other = OpenOrFail(url_, 2);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO parent VALUES (1, 'a')").ok());
  int64_t first = -1;
  int64_t second = -1;
  Status s = RunSync(db_->Read([&](Tx& tx) -> asio::awaitable<Status> {
    Result<Rows> a = co_await tx.Query("SELECT count(*) FROM parent");
    if (!a) co_return std::move(a).error();
    first = a->rows.at(0).Int(0);
    // Another connection commits meanwhile (this blocks the driver thread; fine in a test).
    EXPECT_TRUE(ExecWrite(*other, "INSERT INTO parent VALUES (2, 'b')").ok());
    Result<Rows> b = co_await tx.Query("SELECT count(*) FROM parent");
    if (!b) co_return std::move(b).error();
    second = b->rows.at(0).Int(0);
    co_return Ok();
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);  // same snapshot inside the read
  EXPECT_EQ(Count("parent"), 2);
}

TEST_F(PgTxTest, ExecScriptRunsSeveralStatementsAtomically) {
  ASSERT_TRUE(
      Script(*db_, "INSERT INTO parent VALUES (1, 'a'); INSERT INTO parent VALUES (2, 'b');").ok());
  EXPECT_EQ(Count("parent"), 2);
  Status bad =
      Script(*db_, "INSERT INTO parent VALUES (3, 'c'); INSERT INTO parent VALUES (1, 'z');");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().api_code, kDbUniqueViolation);
  EXPECT_EQ(Count("parent"), 2);
}

TEST_F(PgTxTest, TransactionControlInsideABodyIsRefused) {
  Status s = RunSync(db_->Write([](Tx& tx) -> asio::awaitable<Status> {
    if (Status a = co_await InsertParent(tx, 1, "a"); !a) co_return a;
    Result<int64_t> commit = co_await tx.Exec("COMMIT");
    if (!commit) co_return std::move(commit).error();
    co_return Ok();
  }));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  // The statement did commit (PostgreSQL ran it); the driver reports the bug and stays usable.
  EXPECT_EQ(ScalarInt(*db_, "SELECT 41 + 1"), 42);
}

TEST_F(PgTxTest, MultipleStatementsInOneQueryAreRefused) {
  Result<int64_t> r = ExecWrite(*db_, "INSERT INTO parent VALUES (1, 'a'); SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count("parent"), 0);
}

}  // namespace
}  // namespace ispcloud::storage::pg_test
