#include "storage/migrations.h"

#include "core/clock.h"

namespace ispcloud::storage {

namespace {

// Common subset of SQLite and PostgreSQL.
constexpr std::string_view kCreateSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kMaxVersion = "SELECT max(version) FROM schema_migrations";
// PostgreSQL only; EXCLUSIVE lets plain reads (ReadSchemaState) through.
constexpr std::string_view kLockSchemaTable = "LOCK TABLE schema_migrations IN EXCLUSIVE MODE";

std::string Label(const Migration& m) {
  std::string number = std::to_string(m.version);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
  return number + "_" + m.name;
}

// Whether schema_migrations exists, asked in each dialect's catalogue.
Result<std::string_view> TableExistsSql(std::string_view dialect) {
  if (dialect == "sqlite") {
    return std::string_view(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  }
  if (dialect == "postgres") {
    return std::string_view(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'");
  }
  return MakeError(ErrorCode::kInternal,
                   "no migration support for dialect '" + std::string(dialect) + "'");
}

// Serializes migrating processes on PostgreSQL; SQLite needs nothing, its writes are serialized
// by the database file lock. Until schema_migrations exists: a transaction-scoped advisory lock.
// Once it does (`table_exists`): LOCK TABLE, which unlike a SELECT takes no snapshot, so that the
// statements after it see what the process that held the lock committed (writes run at
// SERIALIZABLE, whose snapshot is taken by the first query).
asio::awaitable<Status> LockMigrations(Tx& tx, std::string_view dialect, bool table_exists) {
  if (dialect != "postgres") co_return Ok();
  if (table_exists) co_return co_await tx.ExecScript(kLockSchemaTable);
  Params params = MakeParams(kMigrationLockKey);
  Result<Rows> locked = co_await tx.Query("SELECT pg_advisory_xact_lock($1)", std::move(params));
  if (!locked) co_return std::move(locked).error();
  co_return Ok();
}

Error TooNew(int current, int latest) {
  return MakeError(ErrorCode::kUnavailable,
                   "database schema version " + std::to_string(current) +
                       " is newer than this binary supports (" + std::to_string(latest) +
                       "); upgrade ispcloud",
                   std::string(kSchemaTooNew));
}

}  // namespace

Status RequireSupported(const SchemaState& state) {
  if (state.current > state.latest) return TooNew(state.current, state.latest);
  return Ok();
}

const std::vector<Migration>& MigrationsFor(std::string_view dialect) {
  static const std::vector<Migration> kNone;
  if (dialect == "sqlite") return EmbeddedSqliteMigrations();
  if (dialect == "postgres") return EmbeddedPostgresMigrations();
  return kNone;
}

Status ValidateMigrations(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return MakeError(ErrorCode::kInternal,
                       "migration list is not strictly increasing: " + Label(m) +
                           (previous == 0 ? " (versions start at 1)"
                                          : " follows version " + std::to_string(previous)));
    }
    previous = m.version;
  }
  return Ok();
}

asio::awaitable<Result<SchemaState>> ReadSchemaState(Database& db,
                                                     const std::vector<Migration>& migrations) {
  if (Status s = ValidateMigrations(migrations); !s) co_return std::move(s).error();
  Result<std::string_view> exists_sql = TableExistsSql(db.Dialect());
  if (!exists_sql) co_return std::move(exists_sql).error();
  SchemaState state;
  state.latest = migrations.empty() ? 0 : migrations.back().version;
  Status read = co_await db.Read([&](Tx& tx) -> asio::awaitable<Status> {
    Result<Rows> exists = co_await tx.Query(*exists_sql);
    if (!exists) co_return std::move(exists).error();
    if (exists->rows.at(0).Int(0) == 0) co_return Ok();
    Result<Rows> max = co_await tx.Query(kMaxVersion);
    if (!max) co_return std::move(max).error();
    state.current = static_cast<int>(max->rows.at(0).Int(0, 0));
    co_return Ok();
  });
  if (!read) co_return std::move(read).error();
  co_return state;
}

asio::awaitable<Result<std::vector<int>>> ApplyMigrations(
    Database& db, const std::vector<Migration>& migrations,
    std::function<void(const Migration&)> on_apply) {
  if (Status s = ValidateMigrations(migrations); !s) co_return std::move(s).error();
  const std::string_view dialect = db.Dialect();
  Status created = co_await db.Write([dialect](Tx& tx) -> asio::awaitable<Status> {
    if (Status locked = co_await LockMigrations(tx, dialect, false); !locked) co_return locked;
    co_return co_await tx.ExecScript(kCreateSchemaTable);
  });
  if (!created) co_return std::move(created).error();

  Result<SchemaState> state = co_await ReadSchemaState(db, migrations);
  if (!state) co_return std::move(state).error();
  if (state->current > state->latest) co_return TooNew(state->current, state->latest);

  std::vector<int> applied;
  for (const Migration& m : migrations) {
    if (m.version <= state->current) continue;
    if (on_apply) on_apply(m);
    bool done_elsewhere = false;
    Status s = co_await db.Write([&](Tx& tx) -> asio::awaitable<Status> {
      done_elsewhere = false;  // the body may run more than once
      if (Status locked = co_await LockMigrations(tx, dialect, true); !locked) co_return locked;
      // Re-check inside the write transaction: another process may have migrated meanwhile.
      Result<Rows> max = co_await tx.Query(kMaxVersion);
      if (!max) co_return std::move(max).error();
      int64_t current = max->rows.at(0).Int(0, 0);
      if (current > state->latest) co_return TooNew(static_cast<int>(current), state->latest);
      if (current >= m.version) {
        done_elsewhere = true;
        co_return Ok();
      }
      if (Status script = co_await tx.ExecScript(m.sql); !script) co_return script;
      Result<int64_t> recorded = co_await tx.Exec(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
          MakeParams(int64_t{m.version}, m.name,
                     FormatIso8601Millis(SystemClock::Instance().Now())));
      if (!recorded) co_return std::move(recorded).error();
      co_return Ok();
    });
    if (!s) {
      Error e = std::move(s).error();
      if (e.api_code != kSchemaTooNew) e.message = "migration " + Label(m) + ": " + e.message;
      co_return e;
    }
    if (!done_elsewhere) applied.push_back(m.version);
  }
  co_return std::move(applied);
}

}  // namespace ispcloud::storage
