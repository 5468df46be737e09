#pragma once
// CLI command moving an embedded installation to PostgreSQL:
//   ispcloud migrate-data --from sqlite:PATH --to postgresql://... [--batch N]
// The target is migrated first, must be empty, and receives every row in one transaction,
// verified by row counts and checksums before it commits (storage/data_copy.h).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "app/commands.h"

namespace ispcloud::app {

// Option storage of migrate-data; must outlive parsing.
struct DataFlags {
  std::string from;      // --from
  std::string to;        // --to
  int64_t batch = 5000;  // --batch
};

// Adds the command to `cli`; it sets `rc` to its exit code when it runs.
void AddDataCommands(CLI::App& cli, CommonFlags& flags, DataFlags& data_flags, int& rc);

}  // namespace ispcloud::app
