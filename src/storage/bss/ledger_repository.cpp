#include "storage/bss/ledger_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kTxColumns =
    "id, spid, subscription_id, account_ban, msisdn, amount, balance_before, balance_after, "
    "adjustment_type_id, adjustment_type_name, source_kind, source_ref, reason, agent, "
    "external_transaction_number, counts_toward_spend, request_id, correlation_id, created_at";

TransactionRow TxFromRow(const Row& r) {
  TransactionRow t;
  t.id = r.Int(0);
  t.spid = r.Int(1);
  t.subscription_id = r.Text(2);
  t.account_ban = r.Text(3);
  t.msisdn = r.Text(4);
  t.amount = r.Int(5);
  t.balance_before = r.Int(6);
  t.balance_after = r.Int(7);
  t.adjustment_type_id = r.Int(8);
  t.adjustment_type_name = r.Text(9);
  t.source_kind = r.Text(10);
  t.source_ref = OptionalTextAt(r, 11);
  t.reason = OptionalTextAt(r, 12);
  t.agent = r.Text(13);
  t.external_transaction_number = OptionalTextAt(r, 14);
  t.counts_toward_spend = r.Int(15) != 0;
  t.request_id = OptionalTextAt(r, 16);
  t.correlation_id = OptionalTextAt(r, 17);
  t.created_at = r.Text(18);
  return t;
}

}  // namespace

asio::awaitable<Result<std::optional<BalanceRow>>> FindBalance(Tx& tx, int64_t spid,
                                                               std::string_view id) {
  static constexpr std::string_view kSql =
      "SELECT id, ban, msisdn, state, balance, balance_version, credit_limit, "
      "monthly_spend_limit, maximum_balance FROM bss_subscriptions WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<BalanceRow>();
  const Row& r = rows->rows.front();
  co_return std::optional<BalanceRow>(BalanceRow{r.Text(0), r.Text(1), r.Text(2), r.Int(3),
                                                 r.Int(4), r.Int(5), r.Int(6), r.Int(7), r.Int(8)});
}

asio::awaitable<Result<int64_t>> SumSpendSince(Tx& tx, std::string_view subscription_id,
                                               std::string_view since) {
  static constexpr std::string_view kSql =
      "SELECT COALESCE(SUM(-amount), 0) FROM bss_transactions WHERE subscription_id = $1 AND "
      "amount < 0 AND counts_toward_spend = 1 AND created_at >= $2";
  Params params = MakeParams(std::string(subscription_id), std::string(since));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  co_return rows->empty() ? int64_t{0} : rows->rows.front().Int(0);
}

asio::awaitable<Result<bool>> UpdateBalance(Tx& tx, std::string_view id, int64_t balance,
                                            int64_t expected_version, std::string_view updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE bss_subscriptions SET balance = $1, balance_version = balance_version + 1, "
      "updated_at = $2 WHERE id = $3 AND balance_version = $4";
  Params params = MakeParams(balance, std::string(updated_at), std::string(id), expected_version);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

asio::awaitable<Status> InsertTransaction(Tx& tx, const TransactionRow& t) {
  static const std::string kSql =
      "INSERT INTO bss_transactions (" + std::string(kTxColumns) +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
      "$18, $19)";
  Params params =
      MakeParams(t.id, t.spid, t.subscription_id, t.account_ban, t.msisdn, t.amount,
                 t.balance_before, t.balance_after, t.adjustment_type_id, t.adjustment_type_name,
                 t.source_kind, OptionalText(t.source_ref), OptionalText(t.reason), t.agent,
                 OptionalText(t.external_transaction_number), Flag(t.counts_toward_spend),
                 OptionalText(t.request_id), OptionalText(t.correlation_id), t.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::vector<TransactionRow>>> ListTransactions(Tx& tx, int64_t spid,
                                                                      std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kTxColumns) +
                                  " FROM bss_transactions WHERE spid = $1 AND subscription_id = "
                                  "$2 ORDER BY id";
  Params params = MakeParams(spid, std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<TransactionRow> out;
  for (const Row& r : rows->rows) out.push_back(TxFromRow(r));
  co_return out;
}

asio::awaitable<Result<std::vector<TransactionRow>>> PageTransactions(Tx& tx, int64_t spid,
                                                                      std::string_view id,
                                                                      const TransactionWindow& w) {
  // Absent bounds become values that always hold, so one statement serves every window.
  static const std::string kAscending =
      "SELECT " + std::string(kTxColumns) +
      " FROM bss_transactions WHERE spid = $1 AND subscription_id = $2 AND created_at >= $3 "
      "AND created_at <= $4 AND id > $5 ORDER BY id LIMIT $6";
  static const std::string kDescending =
      "SELECT " + std::string(kTxColumns) +
      " FROM bss_transactions WHERE spid = $1 AND subscription_id = $2 AND created_at >= $3 "
      "AND created_at <= $4 AND id < $5 ORDER BY id DESC LIMIT $6";
  const int64_t after = w.after_id.value_or(w.ascending ? INT64_MIN : INT64_MAX);
  Params params = MakeParams(spid, std::string(id), w.start.value_or(""),
                             w.end.value_or("9999-12-31T23:59:59.999Z"), after, w.limit + 1);
  auto rows = co_await tx.Query(w.ascending ? kAscending : kDescending, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<TransactionRow> out;
  for (const Row& r : rows->rows) out.push_back(TxFromRow(r));
  co_return out;
}

}  // namespace ispcloud::storage::bss
