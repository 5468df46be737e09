#pragma once
// Rows of bss_subscriptions and bss_subscription_history (migrations/sqlite/0010, 0019). The money
// columns (balance, balance_version) are written only by the ledger (ledger_repository.h):
// nothing here updates them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct SubscriptionRow {
  std::string id;
  int64_t spid = 0;
  std::string account_id;
  std::string ban;
  int64_t seq = 0;
  std::string msisdn;
  std::optional<std::string> iccid;
  std::optional<std::string> imsi;
  int64_t subscription_type = 10001;
  int64_t paid_type = 0;
  int64_t state = 0;
  std::optional<std::string> price_plan_offering_id;
  int64_t primary_price_plan_id = -1;
  std::string enabled_components = "[]";  // JSON array
  int64_t balance = 0;                    // read-only here
  int64_t balance_version = 0;            // read-only here
  int64_t credit_limit = 0;
  int64_t monthly_spend_limit = -1;
  int64_t maximum_balance = 0;
  std::optional<std::string> expiry_at;
  std::string billing_language = "en";
  int64_t notification_preference = 0;
  std::optional<std::string> status_start_at;
  std::string created_at;
  std::string updated_at;
};

// The bucket columns of a BUCKET history entry.
struct BucketMovement {
  int64_t bucket_id = 0;
  int64_t bundle_id = 0;
  std::string bundle_category_id;
  std::string operation;  // PROVISION | CONSUME | ADJUST | EXPIRE | REMOVE
  int64_t amount = 0;     // signed, bundle units
  int64_t balance = 0;    // remaining after the movement (limit - used)
  int64_t unit_type = 0;
  std::string expiry_at;
  std::optional<int64_t> adjustment_type;
};

struct HistoryRow {
  int64_t spid = 0;
  std::string subscription_id;
  std::string kind;  // STATE | PRICE_PLAN | OPTION_ENABLED | OPTION_DISABLED | PROFILE | SIM | BUCKET
  std::optional<std::string> from_value;
  std::optional<std::string> to_value;
  std::optional<std::string> reason;
  std::optional<std::string> reference;
  std::string actor;
  std::string created_at;
  int64_t id = 0;  // assigned on insert; read back by ListHistory
  std::optional<BucketMovement> bucket = std::nullopt;  // kind BUCKET only
};

// Inserts a new line with balance 0. A live MSISDN/ICCID or an existing id fails with kConflict
// / kDbUniqueViolation.
asio::awaitable<Status> InsertSubscription(Tx& tx, const SubscriptionRow& row);

// The subscription `id` of `spid`, or nullopt.
asio::awaitable<Result<std::optional<SubscriptionRow>>> FindSubscription(Tx& tx, int64_t spid,
                                                                         std::string_view id);

// The subscriptions of `spid` holding `msisdn`: live ones (state != 2) first, then newest first.
asio::awaitable<Result<std::vector<SubscriptionRow>>> FindSubscriptionsByMsisdn(
    Tx& tx, int64_t spid, std::string_view msisdn);

// The subscriptions of the accounts `account_ids` in `spid`, newest first.
asio::awaitable<Result<std::vector<SubscriptionRow>>> ListSubscriptionsOfAccounts(
    Tx& tx, int64_t spid, const std::vector<std::string>& account_ids);

// True when a line of the deployment (any SPID) holds `msisdn` / `iccid` and is not INACTIVE.
asio::awaitable<Result<bool>> MsisdnInUse(Tx& tx, std::string_view msisdn);
asio::awaitable<Result<bool>> IccidInUse(Tx& tx, std::string_view iccid);

// The price-plan offerings of the SPID's lines that are not INACTIVE (distinct ids).
asio::awaitable<Result<std::vector<std::string>>> ListLivePlanOfferings(Tx& tx, int64_t spid);

// The next n of "<BAN>-<n>" for account `account_id`.
asio::awaitable<Result<int64_t>> NextSubscriptionSeq(Tx& tx, std::string_view account_id);

// Updates every non-money column of the row with the same id and SPID.
asio::awaitable<Status> UpdateSubscription(Tx& tx, const SubscriptionRow& row);

// Appends a history entry; returns its id.
asio::awaitable<Result<int64_t>> InsertHistory(Tx& tx, const HistoryRow& row);

// The history of a subscription, oldest first.
asio::awaitable<Result<std::vector<HistoryRow>>> ListHistory(Tx& tx, int64_t spid,
                                                             std::string_view subscription_id);

}  // namespace ispcloud::storage::bss
