#pragma once
// Shared pieces of the CLI commands.

#include <CLI/CLI.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/result.h"
#include "domain/actor.h"
#include "storage/db.h"

namespace ispcloud::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitUsage = 2;

// Flags as given on the command line. Empty / nullopt = not given.
struct CommonFlags {
  std::string config_path;  // --config / ISPCLOUD_CONFIG
  std::string db_url;       // --db / ISPCLOUD_DB
  std::string log_level;    // --log-level / ISPCLOUD_LOG_LEVEL
  // serve only
  std::string listen;          // --listen / ISPCLOUD_LISTEN
  std::optional<int> threads;  // --threads / ISPCLOUD_THREADS
  std::string public_url;      // --public-url / ISPCLOUD_PUBLIC_URL
  bool no_migrate = false;     // --no-migrate / ISPCLOUD_NO_MIGRATE
};

// Adds --config, --db and --log-level to `cmd`.
void AddCommonOptions(CLI::App* cmd, CommonFlags& flags);

// Defaults, then the config file (--config or ISPCLOUD_CONFIG), then ISPCLOUD_* environment
// variables, then the flags; validated. Usage errors are kInvalidArgument.
Result<Config> ResolveConfig(const CommonFlags& flags);

// Prints `error` on stderr and returns the exit code it maps to.
int ReportError(const Error& error);

// Prints a JSON document on stdout followed by a newline.
void PrintJson(const boost::json::value& value);

// Opens the configured database as is, sized for one command (few connections).
Result<std::unique_ptr<storage::Database>> OpenCommandDatabase(const Config& config);

// Opens the configured database and applies pending migrations (admin commands work on a
// current schema). Progress goes to stderr.
Result<std::unique_ptr<storage::Database>> OpenMigratedDatabase(const Config& config);

// The actor recorded in audit logs for operator commands.
domain::Actor CliActor();

}  // namespace ispcloud::app
