#pragma once
// CLI commands of the Optiva gateway BSS: service providers (`sp create`, `sp list`), the
// product catalogue (`catalog import`) and the automatic top-up runner (`payments run-due`).
// JSON on stdout, non-zero exit code on error.

#include <CLI/CLI.hpp>
#include <string>

#include "app/commands.h"

namespace ispcloud::app {

// Option storage of the BSS commands; must outlive parsing.
struct BssFlags {
  std::string spid;      // --id (sp create) / --spid (catalog import)
  std::string name;      // --name
  std::string currency;  // --currency
  std::string file;      // --file
  std::string at;        // --at (payments run-due)
};

// Adds the commands to `cli`; each sets `rc` to its exit code when it runs.
void AddBssCommands(CLI::App& cli, CommonFlags& flags, BssFlags& bss_flags, int& rc);

}  // namespace ispcloud::app
