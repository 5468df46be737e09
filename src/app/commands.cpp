#include "app/commands.h"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <iostream>

#include "app/app.h"
#include "core/log.h"
#include "storage/db_url.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"

namespace ispcloud::app {

Result<Config> ResolveConfig(const CommonFlags& flags) {
  Config config;
  if (!flags.config_path.empty()) {
    if (Status st = LoadConfigFile(flags.config_path, config); !st) return st.error();
  }
  if (!flags.db_url.empty()) config.database.url = flags.db_url;
  if (!flags.log_level.empty()) config.log.level = flags.log_level;
  if (!flags.listen.empty()) config.server.listen = flags.listen;
  if (flags.threads) config.server.threads = *flags.threads;
  if (!flags.public_url.empty()) config.server.public_url = flags.public_url;
  if (flags.no_migrate) config.database.migrate = false;
  if (Status st = ValidateConfig(config); !st) return st.error();
  LogLevel level = LogLevel::kInfo;
  ParseLogLevel(config.log.level, level);
  SetLogLevel(level);
  return config;
}

int ReportError(const Error& error) {
  std::string text = "error: " + error.message;
  for (const FieldError& f : error.fields) text += "\n  " + f.field + ": " + f.message;
  std::cerr << text << std::endl;
  const bool usage =
      error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kValidation;
  return usage ? kExitUsage : kExitRuntime;
}

void PrintJson(const boost::json::value& value) {
  std::cout << boost::json::serialize(value) << std::endl;
}

Result<std::unique_ptr<storage::Database>> OpenMigratedDatabase(const Config& config) {
  auto url = storage::ParseDbUrl(config.database.url);
  if (!url) return url.error();
  storage::DbOpenOptions options;
  options.synchronous = config.database.synchronous;
  options.busy_timeout_ms = config.database.busy_timeout_ms;
  options.read_connections = 1;
  auto db = storage::OpenDatabase(*url, options);
  if (!db) return db.error();
  auto applied = storage::RunSync(storage::ApplyMigrations(
      **db, storage::MigrationsFor((*db)->Dialect()), [](const storage::Migration& m) {
        std::cerr << "applying migration " << m.version << " " << m.name << std::endl;
      }));
  if (!applied) return applied.error();
  return std::move(*db);
}

domain::Actor CliActor() {
  const char* user = std::getenv("USER");
  return domain::Actor{std::string("cli:") + (user != nullptr ? user : "operator"), "", ""};
}

}  // namespace ispcloud::app
