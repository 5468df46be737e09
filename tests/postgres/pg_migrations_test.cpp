// PostgreSQL migrations: the embedded set applies to a fresh database, once, also when several
// processes migrate at the same time.

#include <algorithm>
#include <thread>

#include "postgres/pg_fixture.h"
#include "storage/migrations.h"

namespace ispcloud::storage::pg_test {
namespace {

using PgMigrationsTest = PgTest;

std::vector<int> AllVersions(const std::vector<Migration>& set) {
  std::vector<int> out;
  for (const Migration& m : set) out.push_back(m.version);
  return out;
}

TEST_F(PgMigrationsTest, TheEmbeddedSetAppliesOnceToAFreshDatabase) {
  const std::vector<Migration>& set = MigrationsFor(db_->Dialect());
  ASSERT_FALSE(set.empty());
  Result<std::vector<int>> applied = RunSync(ApplyMigrations(*db_, set));
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(*applied, AllVersions(set));
  Result<SchemaState> state = RunSync(ReadSchemaState(*db_, set));
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_TRUE(state->UpToDate());
  EXPECT_EQ(state->current, set.back().version);
  Result<std::vector<int>> again = RunSync(ApplyMigrations(*db_, set));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(set.size()));
}

TEST_F(PgMigrationsTest, TranslatedSchemaKeepsIdentitiesAndTheLedgerTrigger) {
  const std::vector<Migration>& set = MigrationsFor("postgres");
  ASSERT_TRUE(RunSync(ApplyMigrations(*db_, set)).ok());
  // audit_log.id is generated, as SQLite's AUTOINCREMENT did.
  Result<int64_t> audit =
      ExecWrite(*db_,
                "INSERT INTO audit_log (at, actor, action, entity_type, entity_id) VALUES ($1, $2, "
                "$3, $4, $5)",
                MakeParams(std::string("2026-01-01T00:00:00.000Z"), std::string("test"),
                           std::string("create"), std::string("partner"), std::string("p1")));
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  EXPECT_EQ(ScalarInt(*db_, "SELECT max(id) FROM audit_log"), 1);
  // bss_transactions rows are immutable; the refusal is a constraint violation, as on SQLite.
  Result<int64_t> tx = ExecWrite(
      *db_,
      "INSERT INTO bss_transactions (id, spid, subscription_id, account_ban, msisdn, amount, "
      "balance_before, balance_after, adjustment_type_id, adjustment_type_name, source_kind, "
      "agent, counts_toward_spend, created_at) VALUES (9000001, 1, 's', 'b', 'm', 5, 0, 5, 1, "
      "'t', 'k', 'a', 0, 'now')");
  ASSERT_TRUE(tx.ok()) << tx.error().message;
  Result<int64_t> update = ExecWrite(*db_, "UPDATE bss_transactions SET amount = 6");
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().api_code, kDbConstraintViolation);
  Result<int64_t> removed = ExecWrite(*db_, "DELETE FROM bss_transactions");
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().api_code, kDbConstraintViolation);
  // The latest migration (0017) ran: its column default is there.
  ASSERT_TRUE(ExecWrite(*db_,
                        "INSERT INTO partners (id, name, created_at, updated_at) "
                        "VALUES ('p', 'P', 'now', 'now')")
                  .ok());
  EXPECT_EQ(ScalarInt(*db_, "SELECT pods_authorized_default FROM partners"), 32);
}

// Runs the migrations on `db` from this thread; stores the outcome.
void MigrateInThread(PgDatabase* db, Result<std::vector<int>>* out) {
  *out = RunSync(ApplyMigrations(*db, MigrationsFor("postgres")));
}

TEST_F(PgMigrationsTest, TwoProcessesMigratingAtOnceApplyEachMigrationOnce) {
  std::unique_ptr<PgDatabase> second = OpenOrFail(url_, 2);
  ASSERT_NE(second, nullptr);
  Result<std::vector<int>> a = std::vector<int>{};
  Result<std::vector<int>> b = std::vector<int>{};
  std::thread ta(MigrateInThread, db_.get(), &a);
  std::thread tb(MigrateInThread, second.get(), &b);
  ta.join();
  tb.join();
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  std::vector<int> both = *a;
  both.insert(both.end(), b->begin(), b->end());
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, AllVersions(MigrationsFor("postgres")));  // each applied by exactly one
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(MigrationsFor("postgres").size()));
}

}  // namespace
}  // namespace ispcloud::storage::pg_test
