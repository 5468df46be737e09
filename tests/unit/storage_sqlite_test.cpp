// SQLite driver: values, parameter binding, statement rules, error mapping, options, RunSync.
// Transactions and concurrency are in storage_sqlite_tx_test.cpp.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "storage/run_sync.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage_test_support.h"

namespace ispcloud::storage {
namespace {

using test_support::ExecWrite;
using test_support::QueryRead;
using test_support::ScalarInt;
using test_support::TempDir;

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open({dir_.File("test.db")});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }

  TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteTest, RoundTripsEveryValueType) {
  // A column without declared type has no affinity: every value comes back as stored.
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE v (id INTEGER PRIMARY KEY, x)").ok());
  const std::vector<Value> values = {Null{},
                                     int64_t{0},
                                     std::numeric_limits<int64_t>::min(),
                                     std::numeric_limits<int64_t>::max(),
                                     -0.5,
                                     1e300,
                                     std::string(),
                                     std::string("h\xc3\xa9llo"),
                                     std::string("a\0b", 3),
                                     Blob{},
                                     Blob{0x00, 0x01, 0xff, 0x00}};
  for (size_t i = 0; i < values.size(); ++i) {
    auto r = ExecWrite(*db_, "INSERT INTO v (id, x) VALUES ($1, $2)",
                       {static_cast<int64_t>(i), values[i]});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 1);
  }
  auto rows = QueryRead(*db_, "SELECT x FROM v ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(rows->rows[i].values.at(0).index(), values[i].index()) << "value " << i;
    EXPECT_TRUE(rows->rows[i].values.at(0) == values[i]) << "value " << i;
  }
}

TEST_F(SqliteTest, RowAccessorsReadTypedColumnsAndRefuseOtherTypes) {
  auto rows = QueryRead(*db_, "SELECT 7, 2.5, 'text', x'0102', NULL, 3");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const Row& row = rows->rows.at(0);
  EXPECT_EQ(row.Int(0), 7);
  EXPECT_EQ(row.Real(1), 2.5);
  EXPECT_EQ(row.Text(2), "text");
  EXPECT_EQ(row.Bytes(3), (Blob{1, 2}));
  EXPECT_TRUE(row.IsNull(4));
  EXPECT_EQ(row.Int(4, -9), -9);
  EXPECT_EQ(row.Text(4), "");
  EXPECT_EQ(row.Real(4), 0.0);
  EXPECT_TRUE(row.Bytes(4).empty());
  EXPECT_EQ(row.Real(5), 3.0);  // INTEGER widens to REAL
  EXPECT_THROW((void)row.Int(1), std::logic_error);
  EXPECT_THROW((void)row.Text(0), std::logic_error);
  EXPECT_THROW((void)row.Bytes(2), std::logic_error);
  EXPECT_THROW((void)row.Int(6), std::out_of_range);
}

TEST_F(SqliteTest, PlaceholdersBindByNumberNotByPosition) {
  auto rows = QueryRead(*db_, "SELECT $2 AS second, $1 AS first, $2 || $1 AS both",
                        {std::string("one"), std::string("two")});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"second", "first", "both"}));
  EXPECT_EQ(rows->rows.at(0).Text(0), "two");
  EXPECT_EQ(rows->rows.at(0).Text(1), "one");
  EXPECT_EQ(rows->rows.at(0).Text(2), "twoone");
}

TEST_F(SqliteTest, ParameterCountMismatchIsInternalErrorNamingTheSql) {
  auto too_few = QueryRead(*db_, "SELECT $1, $2", {int64_t{1}});
  ASSERT_FALSE(too_few.ok());
  EXPECT_EQ(too_few.error().code, ErrorCode::kInternal);
  EXPECT_NE(too_few.error().message.find("SELECT $1, $2"), std::string::npos)
      << too_few.error().message;
  auto too_many = QueryRead(*db_, "SELECT $1", {int64_t{1}, int64_t{2}});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteTest, OnlyNumberedDollarPlaceholdersWithoutGapsAreAccepted) {
  for (const char* sql : {"SELECT ?", "SELECT :a", "SELECT @a", "SELECT $1, $3", "SELECT $a"}) {
    auto r = QueryRead(*db_, sql, {int64_t{1}, int64_t{2}});
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code, ErrorCode::kInternal) << sql;
    EXPECT_NE(r.error().message.find("placeholders"), std::string::npos) << r.error().message;
  }
}

TEST_F(SqliteTest, OneStatementPerCallButTrailingCommentsAreFine) {
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE t (k INTEGER)").ok());
  auto two = ExecWrite(*db_, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, ErrorCode::kInternal);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM t"), 0);
  auto commented = ExecWrite(*db_, "INSERT INTO t VALUES (1); -- done\n");
  ASSERT_TRUE(commented.ok()) << commented.error().message;
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM t"), 1);
}

TEST_F(SqliteTest, ExecReturnsRowsChangedByThatStatementOnly) {
  EXPECT_EQ(*ExecWrite(*db_, "CREATE TABLE t (k INTEGER)"), 0);
  for (int64_t k = 1; k <= 3; ++k) EXPECT_EQ(*ExecWrite(*db_, "INSERT INTO t VALUES ($1)", {k}), 1);
  EXPECT_EQ(*ExecWrite(*db_, "UPDATE t SET k = k + 10"), 3);
  EXPECT_EQ(*ExecWrite(*db_, "CREATE INDEX t_k ON t (k)"), 0);  // not the previous UPDATE's 3
  EXPECT_EQ(*ExecWrite(*db_, "SELECT * FROM t"), 0);
  EXPECT_EQ(*ExecWrite(*db_, "DELETE FROM t WHERE k > $1", {int64_t{11}}), 2);
}

TEST_F(SqliteTest, QueryReportsColumnNamesWithoutRows) {
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE t (a INTEGER, b TEXT)").ok());
  auto rows = QueryRead(*db_, "SELECT a, b FROM t");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_TRUE(rows->empty());
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"a", "b"}));
}

TEST_F(SqliteTest, UniqueAndPrimaryKeyViolationsMapToConflict) {
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE t (k TEXT PRIMARY KEY, u TEXT UNIQUE)").ok());
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO t VALUES ('a', 'x')").ok());
  auto dup_key = ExecWrite(*db_, "INSERT INTO t VALUES ('a', 'y')");
  ASSERT_FALSE(dup_key.ok());
  EXPECT_EQ(dup_key.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup_key.error().api_code, kDbUniqueViolation);
  EXPECT_NE(dup_key.error().message.find("UNIQUE constraint failed"), std::string::npos)
      << dup_key.error().message;
  auto dup_unique = ExecWrite(*db_, "INSERT INTO t VALUES ('b', 'x')");
  ASSERT_FALSE(dup_unique.ok());
  EXPECT_EQ(dup_unique.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup_unique.error().api_code, kDbUniqueViolation);
}

TEST_F(SqliteTest, OtherConstraintViolationsMapToConstraintViolation) {
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE t (k TEXT NOT NULL, n INTEGER CHECK (n > 0))").ok());
  for (const char* sql : {"INSERT INTO t VALUES (NULL, 1)", "INSERT INTO t VALUES ('a', 0)"}) {
    auto r = ExecWrite(*db_, sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code, ErrorCode::kConflict) << sql;
    EXPECT_EQ(r.error().api_code, kDbConstraintViolation) << sql;
  }
}

TEST_F(SqliteTest, ForeignKeysAreEnforced) {
  ASSERT_TRUE(ExecWrite(*db_, "CREATE TABLE parent (id TEXT PRIMARY KEY)").ok());
  ASSERT_TRUE(
      ExecWrite(*db_, "CREATE TABLE child (id TEXT PRIMARY KEY, p TEXT REFERENCES parent(id))")
          .ok());
  auto orphan = ExecWrite(*db_, "INSERT INTO child VALUES ('c', 'missing')");
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kConflict);
  EXPECT_EQ(orphan.error().api_code, kDbForeignKeyViolation);
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO parent VALUES ('p')").ok());
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO child VALUES ('c', 'p')").ok());
  auto delete_parent = ExecWrite(*db_, "DELETE FROM parent WHERE id = 'p'");
  ASSERT_FALSE(delete_parent.ok());
  EXPECT_EQ(delete_parent.error().api_code, kDbForeignKeyViolation);
}

TEST(SqliteErrorMapping, MapsResultCodesToErrorCodesAndApiCodes) {
  struct Case {
    int sqlite_code;
    int system_errno;
    ErrorCode code;
    std::string_view api_code;
  };
  const Case cases[] = {
      {SQLITE_CONSTRAINT_PRIMARYKEY, 0, ErrorCode::kConflict, kDbUniqueViolation},
      {SQLITE_CONSTRAINT_UNIQUE, 0, ErrorCode::kConflict, kDbUniqueViolation},
      {SQLITE_CONSTRAINT_FOREIGNKEY, 0, ErrorCode::kConflict, kDbForeignKeyViolation},
      {SQLITE_CONSTRAINT_NOTNULL, 0, ErrorCode::kConflict, kDbConstraintViolation},
      {SQLITE_CONSTRAINT, 0, ErrorCode::kConflict, kDbConstraintViolation},
      {SQLITE_BUSY, 0, ErrorCode::kUnavailable, kDbBusy},
      {SQLITE_BUSY_SNAPSHOT, 0, ErrorCode::kUnavailable, kDbBusy},
      {SQLITE_LOCKED, 0, ErrorCode::kUnavailable, kDbBusy},
      {SQLITE_READONLY, 0, ErrorCode::kUnavailable, kDbReadOnly},
      {SQLITE_READONLY_DBMOVED, 0, ErrorCode::kUnavailable, kDbReadOnly},
      {SQLITE_FULL, 0, ErrorCode::kUnavailable, kDbFull},
      // I/O errors: the OS error says whether the disk went read-only or full.
      {SQLITE_IOERR_WRITE, EROFS, ErrorCode::kUnavailable, kDbReadOnly},
      {SQLITE_CANTOPEN, EROFS, ErrorCode::kUnavailable, kDbReadOnly},
      {SQLITE_IOERR_WRITE, ENOSPC, ErrorCode::kUnavailable, kDbFull},
      {SQLITE_IOERR_FSYNC, EIO, ErrorCode::kUnavailable, kDbIoError},
      {SQLITE_IOERR_SHORT_READ, 0, ErrorCode::kUnavailable, kDbIoError},
      {SQLITE_CORRUPT, 0, ErrorCode::kInternal, ""},
      {SQLITE_MISUSE, EROFS, ErrorCode::kInternal, ""},
  };
  for (const Case& c : cases) {
    Error e = sqlite::MapSqliteError(c.sqlite_code, c.system_errno, "detail");
    EXPECT_EQ(e.code, c.code) << c.sqlite_code;
    EXPECT_EQ(e.api_code, c.api_code) << c.sqlite_code;
    EXPECT_EQ(e.message, "detail");
  }
}

TEST_F(SqliteTest, ConnectionsUseWalFullSyncAndForeignKeys) {
  // SQLite counts `PRAGMA journal_mode` as a write, so it is refused in a read transaction.
  EXPECT_FALSE(QueryRead(*db_, "PRAGMA journal_mode").ok());
  std::string mode;
  Status s = RunSync(db_->Write([&mode](Tx& tx) -> asio::awaitable<Status> {
    Result<Rows> rows = co_await tx.Query("PRAGMA journal_mode");
    if (!rows) co_return std::move(rows).error();
    mode = rows->rows.at(0).Text(0);
    co_return Ok();
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(ScalarInt(*db_, "PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(ScalarInt(*db_, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db_->Dialect(), "sqlite");
  EXPECT_TRUE(RunSync(db_->Ping()).ok());
}

TEST(SqliteOpen, AcceptsSynchronousCaseInsensitively) {
  TempDir dir;
  auto db = SqliteDatabase::Open({dir.File("x.db"), "normal"});
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ((*db)->options().synchronous, "NORMAL");
  EXPECT_EQ(ScalarInt(**db, "PRAGMA synchronous"), 1);
}

TEST(SqliteOpen, EveryConnectionGetsTheConfiguredPageCache) {
  TempDir dir;
  auto db = SqliteDatabase::Open({dir.File("x.db"), "FULL", 5000, 2, 96});
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ(ScalarInt(**db, "PRAGMA cache_size"), -96 * 1024);  // read connection
  int64_t writer = 0;
  Status s = RunSync((*db)->Write([&writer](Tx& tx) -> asio::awaitable<Status> {
    Result<Rows> rows = co_await tx.Query("PRAGMA cache_size");
    if (!rows) co_return std::move(rows).error();
    writer = rows->rows.at(0).Int(0);
    co_return Ok();
  }));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(writer, -96 * 1024);
}

TEST(SqliteOpen, RefusesInvalidOptions) {
  TempDir dir;
  auto bad_sync = SqliteDatabase::Open({dir.File("x.db"), "SOMETIMES"});
  ASSERT_FALSE(bad_sync.ok());
  EXPECT_EQ(bad_sync.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad_sync.error().message.find("'SOMETIMES'"), std::string::npos);
  EXPECT_NE(bad_sync.error().message.find("OFF, NORMAL, FULL or EXTRA"), std::string::npos);
  EXPECT_FALSE(SqliteDatabase::Open({dir.File("x.db"), "FULL; DROP TABLE t"}).ok());
  EXPECT_FALSE(SqliteDatabase::Open({dir.File("x.db"), "FULL", -1}).ok());
  EXPECT_FALSE(SqliteDatabase::Open({dir.File("x.db"), "FULL", 5000, 0}).ok());
  EXPECT_FALSE(SqliteDatabase::Open({dir.File("x.db"), "FULL", 5000, 2, 0}).ok());
  EXPECT_FALSE(SqliteDatabase::Open({""}).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.File("x.db")));  // nothing created on refusal
}

TEST(SqliteOpen, UnopenablePathsGiveClearErrors) {
  TempDir dir;
  std::ofstream(dir.File("plain_file")) << "not a directory";
  std::string under_file = dir.File("plain_file/sub/x.db");
  auto r = SqliteDatabase::Open({under_file});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find(under_file), std::string::npos) << r.error().message;

  auto dir_as_file = SqliteDatabase::Open({dir.path()});
  ASSERT_FALSE(dir_as_file.ok());
  EXPECT_EQ(dir_as_file.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(dir_as_file.error().message.find("cannot open SQLite database '" + dir.path() + "'"),
            std::string::npos)
      << dir_as_file.error().message;

  std::ofstream(dir.File("garbage.db")) << std::string(8192, 'x');
  auto not_a_db = SqliteDatabase::Open({dir.File("garbage.db")});
  ASSERT_FALSE(not_a_db.ok());
  EXPECT_NE(not_a_db.error().message.find("not a database"), std::string::npos)
      << not_a_db.error().message;
}

TEST(SqliteOpen, CreatesMissingParentDirectoriesAndKeepsDataAcrossReopen) {
  TempDir dir;
  std::string path = dir.File("a/b/c/x.db");
  {
    auto db = SqliteDatabase::Open({path});
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE(ExecWrite(**db, "CREATE TABLE t (k INTEGER)").ok());
    ASSERT_TRUE(ExecWrite(**db, "INSERT INTO t VALUES (42)").ok());
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  auto db = SqliteDatabase::Open({path});
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ(ScalarInt(**db, "SELECT k FROM t"), 42);
}

TEST(SqliteConnection, CachesPreparedStatementsBySqlText) {
  TempDir dir;
  auto conn = sqlite::Connection::Open(dir.File("x.db"), {}, /*create=*/true);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  size_t before = (*conn)->CachedStatements();
  for (int64_t i = 0; i < 5; ++i) {
    auto r = (*conn)->Query("SELECT $1 + 1", {i}, sqlite::Access::kControl);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->rows.at(0).Int(0), i + 1);  // fresh bindings on every reuse
  }
  EXPECT_EQ((*conn)->CachedStatements(), before + 1);
}

asio::awaitable<int> Answer() {
  co_return 42;
}
asio::awaitable<void> Nothing() {
  co_return;
}
asio::awaitable<Result<std::string>> NotDefaultConstructible() {
  co_return std::string("ok");
}
asio::awaitable<int> Throws() {
  throw std::runtime_error("boom");
  co_return 0;
}

TEST(RunSync, ReturnsValuesAndPropagatesExceptions) {
  EXPECT_EQ(RunSync(Answer()), 42);
  RunSync(Nothing());
  EXPECT_EQ(*RunSync(NotDefaultConstructible()), "ok");
  EXPECT_THROW(RunSync(Throws()), std::runtime_error);
}

}  // namespace
}  // namespace ispcloud::storage
