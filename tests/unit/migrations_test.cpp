// Migrations: the embedded set, applying, recording, refusing newer schemas and bad lists.

#include "storage/migrations.h"

#include <gtest/gtest.h>

#include "storage/run_sync.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage_test_support.h"

namespace ispcloud::storage {
namespace {

using test_support::ExecWrite;
using test_support::QueryRead;
using test_support::ScalarInt;
using test_support::TempDir;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open({dir_.File("test.db"), "NORMAL"});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }
  Result<std::vector<int>> Apply(const std::vector<Migration>& set) {
    return RunSync(ApplyMigrations(*db_, set));
  }
  int64_t TableCount(const std::string& name) {
    return ScalarInt(*db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
                     {name});
  }

  TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

const std::vector<Migration> kTwoSteps = {
    {1, "one", "CREATE TABLE one (id INTEGER PRIMARY KEY);"},
    {2, "two", "CREATE TABLE two (id INTEGER PRIMARY KEY);\nINSERT INTO two VALUES (1);"},
};

TEST(EmbeddedMigrations, AreOrderedAndStartWithTheFoundation) {
  const std::vector<Migration>& set = EmbeddedSqliteMigrations();
  ASSERT_FALSE(set.empty());
  EXPECT_EQ(set.front().version, 1);
  EXPECT_EQ(set.front().name, "foundation");
  EXPECT_NE(set.front().sql.find("CREATE TABLE partners"), std::string::npos);
  EXPECT_TRUE(ValidateMigrations(set).ok());
  EXPECT_EQ(&MigrationsFor("sqlite"), &set);
  // The PostgreSQL set mirrors it: same versions and names (migrations/postgres/README.md).
  const std::vector<Migration>& pg = MigrationsFor("postgres");
  EXPECT_EQ(&pg, &EmbeddedPostgresMigrations());
  ASSERT_EQ(pg.size(), set.size());
  for (size_t i = 0; i < set.size(); ++i) {
    EXPECT_EQ(pg[i].version, set[i].version);
    EXPECT_EQ(pg[i].name, set[i].name);
  }
  EXPECT_TRUE(MigrationsFor("oracle").empty());
}

TEST_F(MigrationsTest, AppliesTheEmbeddedSetOnceAndRecordsIt) {
  const std::vector<Migration>& set = MigrationsFor(db_->Dialect());
  auto before = RunSync(ReadSchemaState(*db_, set));
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(before->current, 0);
  EXPECT_EQ(before->latest, set.back().version);
  EXPECT_FALSE(before->UpToDate());

  std::vector<int> announced;
  auto first = RunSync(
      ApplyMigrations(*db_, set, [&](const Migration& m) { announced.push_back(m.version); }));
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), set.size());
  EXPECT_EQ(*first, announced);
  for (const char* table : {"partners", "partner_groups", "audit_log"}) {
    EXPECT_EQ(TableCount(table), 1) << table;
  }

  auto recorded = QueryRead(*db_, "SELECT version, name, applied_at FROM schema_migrations");
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  ASSERT_EQ(recorded->size(), set.size());
  EXPECT_EQ(recorded->rows[0].Int(0), 1);
  EXPECT_EQ(recorded->rows[0].Text(1), "foundation");
  EXPECT_EQ(recorded->rows[0].Text(2).size(), 24u);  // 2026-11-23T10:15:30.123Z
  EXPECT_EQ(recorded->rows[0].Text(2).back(), 'Z');

  announced.clear();
  auto second = Apply(set);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->empty());
  EXPECT_TRUE(announced.empty());
  auto after = RunSync(ReadSchemaState(*db_, set));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->UpToDate());
}

TEST_F(MigrationsTest, FoundationSchemaEnforcesItsConstraints) {
  ASSERT_TRUE(Apply(EmbeddedSqliteMigrations()).ok());
  auto orphan = ExecWrite(*db_,
                          "INSERT INTO partner_groups (id, partner_id, name, created_at) "
                          "VALUES ('g', 'nobody', 'G', 't')");
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().api_code, kDbForeignKeyViolation);
  ASSERT_TRUE(ExecWrite(*db_,
                        "INSERT INTO partners (id, name, created_at, updated_at) "
                        "VALUES ('p', 'P', 't', 't')")
                  .ok());
  EXPECT_EQ(ScalarInt(*db_, "SELECT locked FROM partners WHERE id = 'p'"), 0);
  auto audit = ExecWrite(*db_,
                         "INSERT INTO audit_log (at, actor, action, entity_type, entity_id) "
                         "VALUES ('t', 'cli', 'partner.create', 'partner', 'p')");
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  EXPECT_EQ(ScalarInt(*db_, "SELECT id FROM audit_log"), 1);
}

TEST_F(MigrationsTest, AppliesOnlyTheMigrationsNewerThanTheDatabase) {
  auto first = Apply({kTwoSteps[0]});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, std::vector<int>{1});
  auto second = Apply(kTwoSteps);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, std::vector<int>{2});
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM two"), 1);
}

TEST_F(MigrationsTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(Apply(kTwoSteps).ok());
  ASSERT_TRUE(ExecWrite(*db_,
                        "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES (9999, 'future', 'later')")
                  .ok());
  auto r = Apply(kTwoSteps);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().api_code, kSchemaTooNew);
  EXPECT_EQ(r.error().message,
            "database schema version 9999 is newer than this binary supports (2); upgrade "
            "ispcloud");
  auto state = RunSync(ReadSchemaState(*db_, kTwoSteps));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->current, 9999);
  EXPECT_EQ(state->latest, 2);
}

TEST_F(MigrationsTest, RefusesListsThatAreNotStrictlyIncreasing) {
  const std::vector<std::vector<Migration>> bad = {
      {{2, "b", "CREATE TABLE b (x);"}, {1, "a", "CREATE TABLE a (x);"}},
      {{1, "a", "CREATE TABLE a (x);"}, {1, "again", "CREATE TABLE again (x);"}},
      {{0, "zero", "CREATE TABLE zero (x);"}},
  };
  for (const std::vector<Migration>& set : bad) {
    auto r = Apply(set);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    EXPECT_NE(r.error().message.find("strictly increasing"), std::string::npos);
    EXPECT_FALSE(RunSync(ReadSchemaState(*db_, set)).ok());
  }
  EXPECT_EQ(TableCount("a"), 0);
  EXPECT_EQ(TableCount("b"), 0);
  EXPECT_EQ(TableCount("schema_migrations"), 0);  // refused before touching the database
}

TEST_F(MigrationsTest, AFailingMigrationIsRolledBackWholeAndNamed) {
  const std::vector<Migration> set = {
      kTwoSteps[0],
      {2, "broken", "CREATE TABLE half (x);\nCREATE TABLE one (id INTEGER);"},  // `one` exists
  };
  auto r = Apply(set);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("migration 0002_broken"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("already exists"), std::string::npos) << r.error().message;
  EXPECT_EQ(TableCount("one"), 1);   // migration 1 stays applied
  EXPECT_EQ(TableCount("half"), 0);  // migration 2 left nothing behind
  EXPECT_EQ(ScalarInt(*db_, "SELECT max(version) FROM schema_migrations"), 1);
}

}  // namespace
}  // namespace ispcloud::storage
