// Database URLs: accepted and rejected forms, and opening by URL.

#include "storage/db_url.h"

#include <gtest/gtest.h>

#include "storage_test_support.h"

namespace ispcloud::storage {
namespace {

TEST(ParseDbUrl, AcceptsSqliteForms) {
  struct Case {
    const char* url;
    const char* path;
  };
  for (const Case& c :
       {Case{"sqlite:./data/ispcloud.db", "./data/ispcloud.db"},
        Case{"sqlite:relative.db", "relative.db"}, Case{"sqlite:/abs/path.db", "/abs/path.db"},
        Case{"sqlite://relative.db", "relative.db"}, Case{"sqlite://./data/x.db", "./data/x.db"},
        Case{"sqlite:///abs/path.db", "/abs/path.db"}, Case{"SQLite:x.db", "x.db"}}) {
    Result<DbUrl> r = ParseDbUrl(c.url);
    ASSERT_TRUE(r.ok()) << c.url << ": " << r.error().message;
    EXPECT_EQ(r->kind, DbUrl::kSqlite) << c.url;
    EXPECT_EQ(r->path, c.path) << c.url;
    EXPECT_EQ(r->conninfo, "") << c.url;
  }
}

TEST(ParseDbUrl, AcceptsPostgresFormsVerbatim) {
  for (const char* url : {"postgresql://user:secret@db.example:5432/ispcloud?sslmode=require",
                          "postgres://localhost/ispcloud", "PostgreSQL://h/d"}) {
    Result<DbUrl> r = ParseDbUrl(url);
    ASSERT_TRUE(r.ok()) << url << ": " << r.error().message;
    EXPECT_EQ(r->kind, DbUrl::kPostgres) << url;
    EXPECT_EQ(r->conninfo, url);
    EXPECT_EQ(r->path, "");
  }
}

TEST(ParseDbUrl, RejectsOtherFormsListingTheAcceptedOnes) {
  for (const char* url : {"", "data/ispcloud.db", "sqlite:", "sqlite://", "mysql://h/db",
                          "http://example.com/db", "postgresql:/h/db", "file:x.db"}) {
    Result<DbUrl> r = ParseDbUrl(url);
    ASSERT_FALSE(r.ok()) << "accepted '" << url << "'";
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_NE(r.error().message.find("sqlite:PATH"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("postgresql://"), std::string::npos) << r.error().message;
  }
}

TEST(ParseDbUrl, RejectionDoesNotEchoCredentials) {
  Result<DbUrl> r = ParseDbUrl("postgress://admin:hunter2@db/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'postgress'"), std::string::npos) << r.error().message;
}

TEST(OpenDatabase, OpensSqliteWithTheGivenOptions) {
  test_support::TempDir dir;
  DbOpenOptions options;
  options.synchronous = "NORMAL";
  auto db = OpenDatabase(*ParseDbUrl("sqlite://" + dir.File("x.db")), options);
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ((*db)->Dialect(), "sqlite");
  EXPECT_EQ(test_support::ScalarInt(**db, "PRAGMA synchronous"), 1);

  options.synchronous = "bogus";
  auto bad = OpenDatabase(*ParseDbUrl("sqlite:" + dir.File("y.db")), options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(OpenDatabase, PostgresServerThatIsNotThereIsUnavailableWithoutThePassword) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  auto db = OpenDatabase(*ParseDbUrl("postgresql://u:hunter2@127.0.0.1:1/x"), {});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(db.error().api_code, kDbUnavailable);
  EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos) << db.error().message;
}

TEST(OpenDatabase, UnparsablePostgresUrlIsRefusedWithoutEchoingIt) {
  auto db = OpenDatabase(*ParseDbUrl("postgresql://u:hunter2@[::1/x"), {});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos) << db.error().message;
  DbOpenOptions options;
  options.pool_size = 0;
  auto zero = OpenDatabase(*ParseDbUrl("postgresql://127.0.0.1:1/x"), options);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ispcloud::storage
