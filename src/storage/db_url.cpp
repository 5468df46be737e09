#include "storage/db_url.h"

#include <algorithm>
#include <cctype>

#include "storage/postgres/pg_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace ispcloud::storage {

namespace {

constexpr std::string_view kAcceptedForms =
    "expected sqlite:PATH, sqlite://PATH (sqlite:///abs/path for an absolute path), "
    "postgresql://... or postgres://...";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

Error BadUrl(std::string_view what) {
  return MakeError(ErrorCode::kInvalidArgument, "invalid database URL: " + std::string(what) +
                                                    "; " + std::string(kAcceptedForms));
}

}  // namespace

Result<DbUrl> ParseDbUrl(std::string_view url) {
  if (StartsWithNoCase(url, "postgresql://") || StartsWithNoCase(url, "postgres://")) {
    return DbUrl{DbUrl::kPostgres, "", std::string(url)};
  }
  if (StartsWithNoCase(url, "sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) return BadUrl("the sqlite URL has no path");
    return DbUrl{DbUrl::kSqlite, std::string(path), ""};
  }
  if (url.empty()) return BadUrl("empty");
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return BadUrl("no scheme");
  return BadUrl("unsupported scheme '" + std::string(url.substr(0, std::min<size_t>(colon, 32))) +
                "'");
}

Result<std::unique_ptr<Database>> OpenDatabase(const DbUrl& url, const DbOpenOptions& options) {
  switch (url.kind) {
    case DbUrl::kSqlite: {
      SqliteOptions sqlite_options{url.path, options.synchronous, options.busy_timeout_ms,
                                   options.read_connections, options.cache_mb};
      Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(sqlite_options);
      if (!db) return std::move(db).error();
      return std::unique_ptr<Database>(std::move(*db));
    }
    case DbUrl::kPostgres: {
      PgOptions pg_options{url.conninfo, options.pool_size};
      Result<std::unique_ptr<PgDatabase>> db = PgDatabase::Open(pg_options);
      if (!db) return std::move(db).error();
      return std::unique_ptr<Database>(std::move(*db));
    }
  }
  return MakeError(ErrorCode::kInternal, "unknown database kind");
}

}  // namespace ispcloud::storage
