#include "app/commands.h"

#include <unistd.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/app.h"
#include "core/log.h"
#include "storage/db_url.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"

namespace ispcloud::app {

namespace {

// The value of environment variable `name`, or "" when unset.
std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

Status ApplyEnvironment(Config& config) {
  if (std::string v = Env("ISPCLOUD_DB"); !v.empty()) config.database.url = v;
  if (std::string v = Env("ISPCLOUD_LOG_LEVEL"); !v.empty()) config.log.level = v;
  if (std::string v = Env("ISPCLOUD_LISTEN"); !v.empty()) config.server.listen = v;
  if (std::string v = Env("ISPCLOUD_PUBLIC_URL"); !v.empty()) config.server.public_url = v;
  if (std::string v = Env("ISPCLOUD_KEY_ENCRYPTION_KEY"); !v.empty()) {
    config.auth.key_encryption_key = v;
  }
  if (std::string v = Env("ISPCLOUD_THREADS"); !v.empty()) {
    int threads = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), threads);
    if (ec != std::errc() || end != v.data() + v.size()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "ISPCLOUD_THREADS must be an integer, got '" + v + "'");
    }
    config.server.threads = threads;
  }
  if (std::string v = Env("ISPCLOUD_NO_MIGRATE"); !v.empty()) {
    if (v == "1" || v == "true") {
      config.database.migrate = false;
    } else if (v != "0" && v != "false") {
      return MakeError(ErrorCode::kInvalidArgument,
                       "ISPCLOUD_NO_MIGRATE must be true, false, 1 or 0, got '" + v + "'");
    }
  }
  return Ok();
}

}  // namespace

Result<Config> ResolveConfig(const CommonFlags& flags) {
  Config config;
  std::string config_path = flags.config_path.empty() ? Env("ISPCLOUD_CONFIG") : flags.config_path;
  if (!config_path.empty()) {
    if (Status st = LoadConfigFile(config_path, config); !st) return st.error();
  }
  if (Status st = ApplyEnvironment(config); !st) return st.error();
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

void AddCommonOptions(CLI::App* cmd, CommonFlags& flags) {
  cmd->add_option("--config", flags.config_path, "TOML configuration file (env ISPCLOUD_CONFIG)");
  cmd->add_option("--db", flags.db_url,
                  "database URL: sqlite:PATH (default sqlite:./data/ispcloud.db) or "
                  "postgresql://... (env ISPCLOUD_DB)");
  cmd->add_option("--log-level", flags.log_level,
                  "debug | info | warn | error (env ISPCLOUD_LOG_LEVEL)");
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

Result<std::unique_ptr<storage::Database>> OpenCommandDatabase(const Config& config) {
  auto url = storage::ParseDbUrl(config.database.url);
  if (!url) return url.error();
  storage::DbOpenOptions options;
  options.synchronous = config.database.synchronous;
  options.busy_timeout_ms = config.database.busy_timeout_ms;
  options.read_connections = 1;
  options.pool_size = std::min(config.database.pool_size, 2);  // one command, few statements
  return storage::OpenDatabase(*url, options);
}

Result<std::unique_ptr<storage::Database>> OpenMigratedDatabase(const Config& config) {
  auto db = OpenCommandDatabase(config);
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
