#pragma once
// Database URLs as given to --db / ISPCLOUD_DB, and opening the matching driver.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/db.h"

namespace ispcloud::storage {

struct DbUrl {
  enum Kind { kSqlite, kPostgres } kind = kSqlite;
  std::string path;      // kSqlite: the database file
  std::string conninfo;  // kPostgres: the URL itself, as libpq accepts it
};

// Parses `sqlite:PATH`, `sqlite://PATH` (so `sqlite:///abs/path` is /abs/path),
// `postgresql://...` and `postgres://...` (schemes are case-insensitive).
// Errors: kInvalidArgument listing the accepted forms; the message never repeats the URL beyond
// its scheme, since a mistyped PostgreSQL URL may hold a password.
Result<DbUrl> ParseDbUrl(std::string_view url);

struct DbOpenOptions {
  std::string synchronous = "FULL";  // SQLite: OFF | NORMAL | FULL | EXTRA
  int busy_timeout_ms = 5000;        // SQLite: wait for other processes' locks
  int read_connections = 4;          // SQLite: pooled read connections
  int cache_mb = 64;                 // SQLite: page cache per connection (grows with use)
  int pool_size = 16;                // PostgreSQL: most connections open at once
};

// Opens the database `url` names (SQLite file or PostgreSQL server). Errors: kInvalidArgument
// for bad options; kUnavailable when the database cannot be opened or reached.
Result<std::unique_ptr<Database>> OpenDatabase(const DbUrl& url, const DbOpenOptions& options);

}  // namespace ispcloud::storage
