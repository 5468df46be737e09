#pragma once
// CLI commands of prepaid vouchers: voucher batch.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/commands.h"

namespace ispcloud::app {

// Option storage of the voucher commands; must outlive parsing.
struct VoucherFlags {
  std::string spid;                         // --spid
  int64_t count = 0;                        // --count
  int64_t voucher_amount = 0;               // --voucher-amount (Amount4)
  std::optional<int64_t> bonus_amount;      // --bonus-amount (Amount4)
  int64_t duration_days = 0;                // --duration-days
  std::string expires_at;                   // --expires-at (DateTime)
  std::optional<std::string> batch_number;  // --batch-number
};

// Adds the commands to `cli`; each sets `rc` to its exit code when it runs.
void AddVoucherCommands(CLI::App& cli, CommonFlags& flags, VoucherFlags& voucher_flags, int& rc);

}  // namespace ispcloud::app
