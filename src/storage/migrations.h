#pragma once
// Versioned schema migrations. Each backend has its own ordered set (migrations/<dialect>/
// NNNN_name.sql, compiled into the binary); applied versions are recorded in schema_migrations.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/db.h"

namespace ispcloud::storage {

struct Migration {
  int version;       // NNNN of the file name; strictly increasing within a set
  std::string name;  // the part after NNNN_
  std::string sql;   // a script of statements, run in one write transaction
};

// The pg_advisory_xact_lock key that serializes processes creating schema_migrations on
// PostgreSQL (the migrations themselves lock that table).
inline constexpr int64_t kMigrationLockKey = 0x69737063'6c6f7564;  // "ispcloud"

// api_code of the error returned when the database is newer than this binary.
inline constexpr std::string_view kSchemaTooNew = "SCHEMA_TOO_NEW";

// The SQLite and PostgreSQL migrations, in version order. Defined in a source file generated at
// build time by cmake/embed_migrations.cmake from migrations/{sqlite,postgres}/*.sql.
const std::vector<Migration>& EmbeddedSqliteMigrations();
const std::vector<Migration>& EmbeddedPostgresMigrations();

// The migration set for a Database::Dialect(); empty for a dialect without one (yet).
const std::vector<Migration>& MigrationsFor(std::string_view dialect);

struct SchemaState {
  int current = 0;  // highest version recorded in the database (0: none)
  int latest = 0;   // newest version in the migration set

  bool UpToDate() const { return current == latest; }
};

// Ok unless the database is newer than this binary: then kUnavailable + kSchemaTooNew with a
// message telling the operator to upgrade.
Status RequireSupported(const SchemaState& state);

// Ok when versions are positive and strictly increasing; kInternal naming the offender otherwise.
Status ValidateMigrations(const std::vector<Migration>& migrations);

// Reads the schema version of `db` without changing anything (for /readyz and `migrate`).
// A database without schema_migrations is at version 0.
asio::awaitable<Result<SchemaState>> ReadSchemaState(Database& db,
                                                     const std::vector<Migration>& migrations);

// Creates schema_migrations if absent, then applies every migration newer than the database,
// each in its own write transaction together with its schema_migrations row, calling
// `on_apply` just before each. Safe when several processes migrate one database at once: each
// transaction re-checks the version, and on PostgreSQL first locks schema_migrations (its
// creation takes the advisory lock kMigrationLockKey), so every migration is applied exactly once.
// Returns the versions applied (empty when already current). Errors: kInternal for an invalid list;
// kUnavailable + kSchemaTooNew when the database is newer than the newest known migration; a
// failing migration's error, prefixed with its name (earlier migrations stay applied, the failing
// one is rolled back entirely).
asio::awaitable<Result<std::vector<int>>> ApplyMigrations(
    Database& db, const std::vector<Migration>& migrations,
    std::function<void(const Migration&)> on_apply = {});

}  // namespace ispcloud::storage
