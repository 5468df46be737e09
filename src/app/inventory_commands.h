#pragma once
// CLI commands of the Plume node inventory: inventory import.

#include <CLI/CLI.hpp>
#include <string>

#include "app/commands.h"

namespace ispcloud::app {

// Option storage of the inventory commands; must outlive parsing.
struct InventoryFlags {
  std::string partner;  // --partner
  std::string file;     // --file
};

// Adds the commands to `cli`; each sets `rc` to its exit code when it runs.
void AddInventoryCommands(CLI::App& cli, CommonFlags& flags, InventoryFlags& inventory_flags,
                          int& rc);

}  // namespace ispcloud::app
