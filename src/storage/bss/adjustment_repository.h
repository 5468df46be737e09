#pragma once
// Rows of bss_adjustments and bss_adjustment_history (migration 0014).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/bss/adjustment.h"
#include "storage/db.h"

namespace ispcloud::storage::bss {

using domain::bss::Adjustment;

// The next adjustment id of the deployment: "5001", "5002", ... (numeric-looking, as the
// production gateway's).
asio::awaitable<Result<std::string>> NextAdjustmentId(Tx& tx);

// Inserts `a` with every history entry.
asio::awaitable<Status> InsertAdjustment(Tx& tx, const Adjustment& a);

// Updates the mutable columns of `a` and appends the history entries beyond the first
// `stored_history` (history rows are never rewritten).
asio::awaitable<Status> UpdateAdjustment(Tx& tx, const Adjustment& a, size_t stored_history);

// Adjustment `id` of `spid` with its history, or nullopt.
asio::awaitable<Result<std::optional<Adjustment>>> FindAdjustment(Tx& tx, std::string_view spid,
                                                                  std::string_view id);

// The adjustment of `spid` with `external_transaction_number`, or nullopt.
asio::awaitable<Result<std::optional<Adjustment>>> FindAdjustmentByExternalNumber(
    Tx& tx, std::string_view spid, std::string_view external_transaction_number);

// List filters (§2.12.3); absent = any.
struct AdjustmentFilter {
  std::string spid;
  std::optional<std::string> account_id;
  std::optional<std::string> subscription_id;
  std::optional<std::string> status;  // a status id
  std::optional<int64_t> type;
  std::optional<bool> bundle_adjustment;
  std::optional<std::string> from;  // ISO-8601, inclusive
  std::optional<std::string> to;    // ISO-8601, inclusive
  std::optional<std::string> created_by;
};

struct AdjustmentPage {
  std::vector<Adjustment> items;  // newest first, with history
  int64_t total = 0;
};

// A page of the matching adjustments: `offset` 0-based, at most `limit`.
asio::awaitable<Result<AdjustmentPage>> ListAdjustments(Tx& tx, const AdjustmentFilter& f,
                                                        int64_t offset, int64_t limit);

// The number of PENDING_APPROVAL adjustments of the given subscriptions of `spid`.
asio::awaitable<Result<int64_t>> CountPendingAdjustments(
    Tx& tx, std::string_view spid, const std::vector<std::string>& subscription_ids);

}  // namespace ispcloud::storage::bss
