#pragma once
// Rows of bss_offerings (migrations/sqlite/0010): the catalogue of each SPID.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct OfferingRow {
  int64_t spid = 0;
  std::string id;
  std::string offering_type;
  std::string lifecycle_status;
  int64_t position = 0;
  std::string body;  // JSON object text
  std::string imported_at;
};

// Replaces every offering of `spid` with `rows`.
asio::awaitable<Status> ReplaceOfferings(Tx& tx, int64_t spid,
                                         const std::vector<OfferingRow>& rows);

// The offerings of `spid` in document order.
asio::awaitable<Result<std::vector<OfferingRow>>> ListOfferings(Tx& tx, int64_t spid);

// One offering, or nullopt.
asio::awaitable<Result<std::optional<OfferingRow>>> FindOffering(Tx& tx, int64_t spid,
                                                                 std::string_view id);

}  // namespace ispcloud::storage::bss
