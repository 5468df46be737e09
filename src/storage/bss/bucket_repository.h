#pragma once
// Rows of bss_buckets (migrations/sqlite/0019): the bundle allowances of subscriptions. Their
// movements are history entries (subscription_repository.h, kind BUCKET).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct BucketRow {
  int64_t id = 0;
  int64_t spid = 0;
  std::string subscription_id;
  std::string product_id;
  int64_t bundle_id = 0;
  std::string bundle_name;
  std::string bundle_category_id;
  int64_t unit_type = 0;
  int64_t limit_units = 0;  // 0 = unlimited unless unit_type 3
  int64_t used_units = 0;
  int64_t status = 0;       // 0 active, 2 removed
  std::string activation_at;
  std::string expiry_at;
  std::optional<std::string> reference;
  std::string created_at;
  std::string updated_at;
};

// Inserts a bucket (its id already assigned).
asio::awaitable<Status> InsertBucket(Tx& tx, const BucketRow& row);

// The buckets of a subscription in `spid`, oldest first; removed ones only when asked.
asio::awaitable<Result<std::vector<BucketRow>>> ListBuckets(Tx& tx, int64_t spid,
                                                            std::string_view subscription_id,
                                                            bool include_removed);

// Writes limit_units, used_units, status, expiry_at and updated_at of the bucket with the row's id and SPID.
// A used amount beyond the limit is refused by the table (kDbConstraint).
asio::awaitable<Status> UpdateBucket(Tx& tx, const BucketRow& row);

}  // namespace ispcloud::storage::bss
