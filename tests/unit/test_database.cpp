#include "test_database.h"

#include "storage/db_url.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"
#include "support/cluster_database.h"

namespace ispcloud::storage::test_support {

Result<std::unique_ptr<Database>> OpenTestDatabase(const TempDir& dir, const std::string& file) {
  DbUrl url;
  if (ispcloud::test_support::TestsOnPostgres()) {
    url.kind = DbUrl::kPostgres;
    url.conninfo = ispcloud::test_support::ClusterDatabaseUrl(dir.path() + "/" + file);
  } else {
    url.kind = DbUrl::kSqlite;
    url.path = dir.File(file);
  }
  DbOpenOptions options;
  options.synchronous = "NORMAL";  // a test database need not survive a power cut
  options.read_connections = 2;
  options.pool_size = 4;
  auto db = OpenDatabase(url, options);
  if (!db) return std::move(db).error();
  auto applied = RunSync(ApplyMigrations(**db, MigrationsFor((*db)->Dialect())));
  if (!applied) return std::move(applied).error();
  return std::move(*db);
}

}  // namespace ispcloud::storage::test_support
