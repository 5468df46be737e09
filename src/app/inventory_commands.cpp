#include "app/inventory_commands.h"

#include <boost/json/object.hpp>
#include <fstream>
#include <sstream>

#include "domain/plume/inventory_csv.h"
#include "domain/plume/inventory_service.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

using domain::plume::InventoryService;

// Inventory files larger than this are refused before parsing.
constexpr std::streamsize kMaxInventoryFileBytes = 64 * 1024 * 1024;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kInvalidArgument, "cannot open file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kInvalidArgument, "cannot read file '" + path + "'");
  if (static_cast<std::streamsize>(text.tellp()) > kMaxInventoryFileBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "file '" + path + "' is larger than 64 MiB");
  }
  return text.str();
}

// `inventory import`: validates the whole file first, then imports it in one transaction.
int InventoryImport(const CommonFlags& flags, const InventoryFlags& inventory_flags) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto text = ReadFile(inventory_flags.file);
  if (!text) return ReportError(text.error());
  auto rows = domain::plume::ParseInventoryCsv(*text);
  if (!rows) return ReportError(rows.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  InventoryService service(**db, SystemClock::Instance());
  auto imported =
      storage::RunSync(service.Import(CliActor(), inventory_flags.partner, std::move(*rows)));
  if (!imported) return ReportError(imported.error());
  PrintJson(boost::json::object{{"imported", *imported}});
  return kExitOk;
}

}  // namespace

void AddInventoryCommands(CLI::App& cli, CommonFlags& flags, InventoryFlags& inventory_flags,
                          int& rc) {
  CLI::App* inventory = cli.add_subcommand("inventory", "Manage the node inventory of partners");
  inventory->require_subcommand(1);
  CLI::App* import = inventory->add_subcommand(
      "import",
      "Import nodes from a CSV file with the header serialNumber,model[,packId]; all or nothing");
  AddCommonOptions(import, flags);
  import->add_option("--partner", inventory_flags.partner, "partner id")->required();
  import->add_option("--file", inventory_flags.file, "CSV file")->required();
  import->callback([&] { rc = InventoryImport(flags, inventory_flags);
});
}  // namespace ispcloud::app

}  // namespace ispcloud::app
