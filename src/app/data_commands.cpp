#include "app/data_commands.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <iostream>
#include <memory>

#include "storage/data_copy.h"
#include "storage/db_url.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

Result<std::unique_ptr<storage::Database>> OpenUrl(const std::string& text, const Config& config) {
  auto url = storage::ParseDbUrl(text);
  if (!url) return url.error();
  storage::DbOpenOptions options;
  options.synchronous = config.database.synchronous;
  options.busy_timeout_ms = config.database.busy_timeout_ms;
  options.read_connections = 1;
  options.pool_size = 1;  // one transaction at a time
  return storage::OpenDatabase(*url, options);
}

int MigrateData(const CommonFlags& flags, const DataFlags& data) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto source = OpenUrl(data.from, *config);
  if (!source) return ReportError(source.error());
  if ((*source)->Dialect() != "sqlite") {
    return ReportError(
        MakeError(ErrorCode::kInvalidArgument, "--from must name a SQLite database (sqlite:PATH)"));
  }
  auto target = OpenUrl(data.to, *config);
  if (!target) return ReportError(target.error());
  auto applied = storage::RunSync(storage::ApplyMigrations(
      **target, storage::MigrationsFor((*target)->Dialect()), [](const storage::Migration& m) {
        std::cerr << "target: applying migration " << m.version << " " << m.name << std::endl;
      }));
  if (!applied) return ReportError(applied.error());
  auto progress = [](std::string_view table, int64_t rows) {
    std::cerr << "copied " << rows << " rows of " << table << std::endl;
  };
  auto report = storage::RunSync(storage::CopyAllData(**source, **target, data.batch, progress));
  if (!report) return ReportError(report.error());
  boost::json::array tables;
  for (const storage::TableCopy& t : report->tables) {
    tables.push_back(boost::json::object{
        {"table", t.table}, {"rows", t.rows}, {"checksum", std::to_string(t.checksum)}});
  }
  std::cerr << "verified " << report->tables.size() << " tables, " << report->rows
            << " rows: counts and checksums match" << std::endl;
  PrintJson(boost::json::object{{"from", (*source)->Dialect()},
                                {"to", (*target)->Dialect()},
                                {"rows", report->rows},
                                {"tables", std::move(tables)}});
  return kExitOk;
}

}  // namespace

void AddDataCommands(CLI::App& cli, CommonFlags& flags, DataFlags& data_flags, int& rc) {
  CLI::App* cmd = cli.add_subcommand(
      "migrate-data",
      "Copy every row of a SQLite installation into an empty PostgreSQL database, in one "
      "transaction verified by row counts and checksums (stop the servers first)");
  cmd->add_option("--from", data_flags.from, "source database: sqlite:PATH")->required();
  cmd->add_option("--to", data_flags.to, "target database: postgresql://... (migrated first)")
      ->required();
  cmd->add_option("--batch", data_flags.batch, "rows read per source query (default 5000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  cmd->add_option("--config", flags.config_path, "TOML configuration file (env ISPCLOUD_CONFIG)");
  cmd->add_option("--log-level", flags.log_level,
                  "debug | info | warn | error (env ISPCLOUD_LOG_LEVEL)");
  cmd->callback([&] { rc = MigrateData(flags, data_flags); });
}

}  // namespace ispcloud::app
