#pragma once
// Buckets: the bundle allowances of a subscription (OPTIVA-API.md §2.8.6, §2.9.3, §3.1, §3.3
// item 3). A catalogue component with an `attributes.unitType` provisions one bucket when it is
// enabled on a line (activation, ChangeOffer ADD) and loses it when it is disabled. Every
// movement writes a BUCKET entry of the line's history (operation, signed amount, balance after)
// in the caller's write transaction, so the bucket history (row 41) explains every balance.
// Units by unitType: 0 voice seconds, 1 data bytes, 2 SMS count, 3 money (Amount4); a limit of 0
// is unlimited except for money.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/bss/bucket_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// The first bucket id handed out ("88001").
inline constexpr int64_t kFirstBucketId = 88001;

// Who and what a bucket movement belongs to.
struct BucketMove {
  int64_t spid = 0;
  std::string subscription_id;
  std::string actor;
  std::string reference;  // order, adjustment or usage id
  TimePoint at;
};

// Creates the bucket of `component` if it provisions one: allowance attributes.quantity (default
// 0), expiry at + attributes.validityDays (default `default_days`), bundle id attributes.bundleId
// (default the productId when numeric), category attributes.bundleCategoryId (default the
// unitType). Writes a PROVISION entry. Components without a unitType are skipped.
asio::awaitable<Status> ProvisionBucket(storage::Tx& tx, const BucketMove& move,
                                        const boost::json::object& component,
                                        int64_t default_days);

// Removes the live buckets provisioned by component `product_id` (REMOVE entries carrying what
// was left).
asio::awaitable<Status> RemoveBuckets(storage::Tx& tx, const BucketMove& move,
                                      std::string_view product_id);

// A bundle adjustment (§2.12.2 step 5) of the live, unexpired bucket of `bundle_id`.
struct BucketAdjustment {
  int64_t bundle_id = 0;
  int64_t amount = 0;  // > 0, bundle units
  bool debit = false;
  int64_t extension_days = 0;  // extends the bucket's expiry
  int64_t adjustment_type = 0;
};

// The outcome: the history entry's id, or the reason the adjustment fails
// ("BUNDLE_NOT_ENABLED" when no such bucket is live, "INSUFFICIENT_BALANCE" when a debit
// exceeds what is left of a limited bucket). A credit lowers the used amount and raises the
// limit by any excess; it does not change an unlimited bucket's balance.
struct BucketAdjustmentResult {
  std::optional<std::string> history_id;
  std::optional<std::string> failure_reason;
};
asio::awaitable<Result<BucketAdjustmentResult>> AdjustBucket(storage::Tx& tx,
                                                             const BucketMove& move,
                                                             const BucketAdjustment& adjustment);

// What usage drew from the buckets of a line.
struct BucketDraw {
  int64_t bundle_id = 0;
  int64_t bucket_id = 0;
  int64_t unit_type = 0;
  int64_t units = 0;
};
struct Consumption {
  std::vector<BucketDraw> draws;
  int64_t uncovered = 0;  // units no bucket covered
};

// Usage of `units` of `unit_type` (row 93) taken from the live unexpired buckets of that unit,
// oldest expiry first, with CONSUME entries.
asio::awaitable<Result<Consumption>> ConsumeBuckets(storage::Tx& tx, const BucketMove& move,
                                                    int64_t unit_type, int64_t units);

// The bundleBalance document of row 40 for live buckets of a line (§2.8.6): per bucket its
// balances, and per bundle category the summed limits, used and balance. `bundle_id` /
// `bucket_id` filter the list. Buckets past their expiry are shown with status 1.
boost::json::object BundleBalanceDocument(const std::vector<storage::bss::BucketRow>& buckets,
                                          std::string_view msisdn, TimePoint now,
                                          std::optional<int64_t> bundle_id,
                                          std::optional<int64_t> bucket_id);

}  // namespace ispcloud::domain::bss
