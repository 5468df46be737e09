#pragma once
// Rows of bss_usage_records (migrations/sqlite/0021): rated usage (CDRs).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct UsageRow {
  int64_t id = 0;
  int64_t spid = 0;
  std::string subscription_id;
  std::string account_ban;
  std::string msisdn;
  int64_t call_type = 0;
  int64_t duration_ms = 0;
  int64_t data_bytes = 0;
  std::optional<std::string> destination;
  std::string transaction_date;
  int64_t charge = 0;
  int64_t balance_after = 0;
  std::optional<int64_t> transaction_id;
  std::string bundle_info = "[]";  // JSON array
  std::string created_at;
};

// Inserts a record (its id already assigned).
asio::awaitable<Status> InsertUsage(Tx& tx, const UsageRow& row);

// The records of a subscription in `spid`, oldest first.
asio::awaitable<Result<std::vector<UsageRow>>> ListUsage(Tx& tx, int64_t spid,
                                                         std::string_view subscription_id);

}  // namespace ispcloud::storage::bss
