#include "app/data_commands.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <iostream>
#include <memory>

#include "storage/data_copy.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

// `config` with its database URL replaced by `url`.
Config WithDatabase(const Config& config, const std::string& url) {
  Config out = config;
  out.database.url = url;
  return out;
}

int MigrateData(const CommonFlags& flags, const DataFlags& data) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto source = OpenCommandDatabase(WithDatabase(*config, data.from));
  if (!source) return ReportError(source.error());
  if ((*source)->Dialect() != "sqlite") {
    return ReportError(
        MakeError(ErrorCode::kInvalidArgument, "--from must name a SQLite database (sqlite:PATH)"));
  }
  auto target = OpenMigratedDatabase(WithDatabase(*config, data.to));
  if (!target) return ReportError(target.error());
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
