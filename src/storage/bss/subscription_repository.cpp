#include "storage/bss/subscription_repository.h"

#include <algorithm>

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, account_id, ban, seq, msisdn, iccid, imsi, subscription_type, paid_type, state, "
    "price_plan_offering_id, primary_price_plan_id, enabled_components, balance, "
    "balance_version, credit_limit, monthly_spend_limit, maximum_balance, expiry_at, "
    "billing_language, notification_preference, status_start_at, created_at, updated_at";

SubscriptionRow FromRow(const Row& r) {
  SubscriptionRow s;
  s.id = r.Text(0);
  s.spid = r.Int(1);
  s.account_id = r.Text(2);
  s.ban = r.Text(3);
  s.seq = r.Int(4);
  s.msisdn = r.Text(5);
  s.iccid = OptionalTextAt(r, 6);
  s.imsi = OptionalTextAt(r, 7);
  s.subscription_type = r.Int(8);
  s.paid_type = r.Int(9);
  s.state = r.Int(10);
  s.price_plan_offering_id = OptionalTextAt(r, 11);
  s.primary_price_plan_id = r.Int(12, -1);
  s.enabled_components = r.Text(13);
  s.balance = r.Int(14);
  s.balance_version = r.Int(15);
  s.credit_limit = r.Int(16);
  s.monthly_spend_limit = r.Int(17);
  s.maximum_balance = r.Int(18);
  s.expiry_at = OptionalTextAt(r, 19);
  s.billing_language = r.Text(20);
  s.notification_preference = r.Int(21);
  s.status_start_at = OptionalTextAt(r, 22);
  s.created_at = r.Text(23);
  s.updated_at = r.Text(24);
  return s;
}

asio::awaitable<Result<std::vector<SubscriptionRow>>> QueryRows(Tx& tx, std::string_view sql,
                                                                Params params) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<SubscriptionRow> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Result<bool>> Exists(Tx& tx, std::string_view sql, std::string_view value) {
  Params params = MakeParams(std::string(value));
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  co_return !rows->empty();
}

}  // namespace

asio::awaitable<Status> InsertSubscription(Tx& tx, const SubscriptionRow& s) {
  static const std::string kSql =
      "INSERT INTO bss_subscriptions (" + std::string(kColumns) +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, 0, $15, $16, "
      "$17, $18, $19, $20, $21, $22, $23)";
  Params params =
      MakeParams(s.id, s.spid, s.account_id, s.ban, s.seq, s.msisdn, OptionalText(s.iccid),
                 OptionalText(s.imsi), s.subscription_type, s.paid_type, s.state,
                 OptionalText(s.price_plan_offering_id), s.primary_price_plan_id,
                 s.enabled_components, s.credit_limit, s.monthly_spend_limit, s.maximum_balance,
                 OptionalText(s.expiry_at), s.billing_language, s.notification_preference,
                 OptionalText(s.status_start_at), s.created_at, s.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<SubscriptionRow>>> FindSubscription(Tx& tx, int64_t spid,
                                                                         std::string_view id) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM bss_subscriptions WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto rows = co_await QueryRows(tx, kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<SubscriptionRow>();
  co_return std::optional<SubscriptionRow>(std::move(rows->front()));
}

asio::awaitable<Result<std::vector<SubscriptionRow>>> FindSubscriptionsByMsisdn(
    Tx& tx, int64_t spid, std::string_view msisdn) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) +
      " FROM bss_subscriptions WHERE spid = $1 AND msisdn = $2 "
      "ORDER BY CASE WHEN state = 2 THEN 1 ELSE 0 END, created_at DESC, id DESC";
  Params params = MakeParams(spid, std::string(msisdn));
  co_return co_await QueryRows(tx, kSql, std::move(params));
}

asio::awaitable<Result<std::vector<SubscriptionRow>>> ListSubscriptionsOfAccounts(
    Tx& tx, int64_t spid, const std::vector<std::string>& account_ids) {
  std::vector<SubscriptionRow> out;
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_subscriptions WHERE spid = $1 AND account_id = $2";
  for (const std::string& account : account_ids) {
    Params params = MakeParams(spid, account);
    auto rows = co_await QueryRows(tx, kSql, std::move(params));
    if (!rows) co_return rows.error();
    for (SubscriptionRow& r : *rows) out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const SubscriptionRow& a, const SubscriptionRow& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
  });
  co_return out;
}

asio::awaitable<Result<bool>> MsisdnInUse(Tx& tx, std::string_view msisdn) {
  static constexpr std::string_view kSql =
      "SELECT 1 FROM bss_subscriptions WHERE msisdn = $1 AND state <> 2 LIMIT 1";
  co_return co_await Exists(tx, kSql, msisdn);
}

asio::awaitable<Result<bool>> IccidInUse(Tx& tx, std::string_view iccid) {
  static constexpr std::string_view kSql =
      "SELECT 1 FROM bss_subscriptions WHERE iccid = $1 AND state <> 2 LIMIT 1";
  co_return co_await Exists(tx, kSql, iccid);
}

asio::awaitable<Result<std::vector<std::string>>> ListLivePlanOfferings(Tx& tx, int64_t spid) {
  static constexpr std::string_view kSql =
      "SELECT DISTINCT price_plan_offering_id FROM bss_subscriptions "
      "WHERE spid = $1 AND state <> 2 AND price_plan_offering_id IS NOT NULL "
      "ORDER BY price_plan_offering_id";
  Params params = MakeParams(spid);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<std::string> out;
  for (const Row& r : rows->rows) out.push_back(r.Text(0));
  co_return out;
}

asio::awaitable<Result<int64_t>> NextSubscriptionSeq(Tx& tx, std::string_view account_id) {
  static constexpr std::string_view kSql =
      "SELECT COALESCE(MAX(seq), 0) + 1 FROM bss_subscriptions WHERE account_id = $1";
  Params params = MakeParams(std::string(account_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  co_return rows->empty() ? int64_t{1} : rows->rows.front().Int(0);
}

asio::awaitable<Status> UpdateSubscription(Tx& tx, const SubscriptionRow& s) {
  static constexpr std::string_view kSql =
      "UPDATE bss_subscriptions SET msisdn = $1, iccid = $2, imsi = $3, subscription_type = $4, "
      "paid_type = $5, state = $6, price_plan_offering_id = $7, primary_price_plan_id = $8, "
      "enabled_components = $9, credit_limit = $10, monthly_spend_limit = $11, "
      "maximum_balance = $12, expiry_at = $13, billing_language = $14, "
      "notification_preference = $15, status_start_at = $16, updated_at = $17 "
      "WHERE id = $18 AND spid = $19";
  Params params = MakeParams(
      s.msisdn, OptionalText(s.iccid), OptionalText(s.imsi), s.subscription_type, s.paid_type,
      s.state, OptionalText(s.price_plan_offering_id), s.primary_price_plan_id,
      s.enabled_components, s.credit_limit, s.monthly_spend_limit, s.maximum_balance,
      OptionalText(s.expiry_at), s.billing_language, s.notification_preference,
      OptionalText(s.status_start_at), s.updated_at, s.id, s.spid);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  if (*done != 1) co_return MakeError(ErrorCode::kInternal, "subscription " + s.id + " vanished");
  co_return Ok();
}

asio::awaitable<Result<int64_t>> InsertHistory(Tx& tx, const HistoryRow& h) {
  static constexpr std::string_view kSql =
      "INSERT INTO bss_subscription_history (spid, subscription_id, kind, from_value, to_value, "
      "reason, reference, actor, created_at, bucket_id, bundle_id, bundle_category_id, "
      "operation, amount, balance, unit_type, expiry_at, adjustment_type) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id";
  Params params = MakeParams(h.spid, h.subscription_id, h.kind, OptionalText(h.from_value),
                             OptionalText(h.to_value), OptionalText(h.reason),
                             OptionalText(h.reference), h.actor, h.created_at);
  if (h.bucket) {
    const BucketMovement& b = *h.bucket;
    for (Value v : {Value(b.bucket_id), Value(b.bundle_id), Value(b.bundle_category_id),
                    Value(b.operation), Value(b.amount), Value(b.balance), Value(b.unit_type),
                    Value(b.expiry_at),
                    b.adjustment_type ? Value(*b.adjustment_type) : Value(Null{})}) {
      params.push_back(std::move(v));
    }
  } else {
    params.resize(params.size() + 9, Value(Null{}));
  }
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return MakeError(ErrorCode::kInternal, "history insert returned no id");
  co_return rows->rows.front().Int(0);
}

asio::awaitable<Result<std::vector<HistoryRow>>> ListHistory(Tx& tx, int64_t spid,
                                                             std::string_view subscription_id) {
  static constexpr std::string_view kSql =
      "SELECT spid, subscription_id, kind, from_value, to_value, reason, reference, actor, "
      "created_at, id, bucket_id, bundle_id, bundle_category_id, operation, amount, balance, "
      "unit_type, expiry_at, adjustment_type FROM bss_subscription_history "
      "WHERE spid = $1 AND subscription_id = $2 "
      "ORDER BY id";
  Params params = MakeParams(spid, std::string(subscription_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<HistoryRow> out;
  for (const Row& r : rows->rows) {
    HistoryRow h{r.Int(0),  r.Text(1), r.Text(2), OptionalTextAt(r, 3), OptionalTextAt(r, 4),
                 OptionalTextAt(r, 5), OptionalTextAt(r, 6), r.Text(7), r.Text(8), r.Int(9)};
    if (!r.IsNull(10)) {
      BucketMovement b{r.Int(10), r.Int(11), r.Text(12), r.Text(13), r.Int(14),
                       r.Int(15), r.Int(16), r.Text(17), std::nullopt};
      if (!r.IsNull(18)) b.adjustment_type = r.Int(18);
      h.bucket = std::move(b);
    }
    out.push_back(std::move(h));
  }
  co_return out;
}

}  // namespace ispcloud::storage::bss
