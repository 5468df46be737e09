#include "storage/bss/payment_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kTokenColumns =
    "id, spid, account_id, token_value, masked_card_number, expiry_date, created_at";
constexpr std::string_view kScheduleColumns =
    "id, spid, account_id, subscription_id, token_id, amount_minor, currency, recurrence, "
    "next_application, status, last_result, source_ref, created_at, updated_at";

PaymentTokenRow TokenFromRow(const Row& r) {
  return PaymentTokenRow{r.Text(0), r.Int(1), r.Text(2), r.Text(3), OptionalTextAt(r, 4),
                         OptionalTextAt(r, 5), r.Text(6)};
}

PaymentScheduleRow ScheduleFromRow(const Row& r) {
  return PaymentScheduleRow{r.Text(0), r.Int(1),  r.Text(2), r.Text(3),
                            r.Text(4), r.Int(5),  r.Text(6), r.Text(7),
                            r.Text(8), r.Text(9), OptionalTextAt(r, 10),
                            OptionalTextAt(r, 11), r.Text(12), r.Text(13)};
}

asio::awaitable<Result<std::vector<PaymentTokenRow>>> QueryTokens(Tx& tx, std::string_view sql,
                                                                  Params params) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<PaymentTokenRow> out;
  for (const Row& r : rows->rows) out.push_back(TokenFromRow(r));
  co_return out;
}

}  // namespace

asio::awaitable<Status> InsertPaymentToken(Tx& tx, const PaymentTokenRow& t) {
  static const std::string kSql = "INSERT INTO bss_payment_tokens (" +
                                  std::string(kTokenColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
  Params params = MakeParams(t.id, t.spid, t.account_id, t.token_value,
                             OptionalText(t.masked_card_number), OptionalText(t.expiry_date),
                             t.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<PaymentTokenRow>>> FindPaymentToken(Tx& tx, int64_t spid,
                                                                         std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kTokenColumns) +
                                  " FROM bss_payment_tokens WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto rows = co_await QueryTokens(tx, kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<PaymentTokenRow>();
  co_return std::optional<PaymentTokenRow>(std::move(rows->front()));
}

asio::awaitable<Result<std::optional<PaymentTokenRow>>> FindPaymentTokenByValue(
    Tx& tx, std::string_view account_id, std::string_view token_value) {
  static const std::string kSql =
      "SELECT " + std::string(kTokenColumns) +
      " FROM bss_payment_tokens WHERE account_id = $1 AND token_value = $2";
  Params params = MakeParams(std::string(account_id), std::string(token_value));
  auto rows = co_await QueryTokens(tx, kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<PaymentTokenRow>();
  co_return std::optional<PaymentTokenRow>(std::move(rows->front()));
}

asio::awaitable<Result<std::vector<PaymentTokenRow>>> ListPaymentTokens(
    Tx& tx, int64_t spid, std::string_view account_id) {
  static const std::string kSql = "SELECT " + std::string(kTokenColumns) +
                                  " FROM bss_payment_tokens WHERE spid = $1 AND account_id = $2 "
                                  "ORDER BY created_at, id";
  Params params = MakeParams(spid, std::string(account_id));
  co_return co_await QueryTokens(tx, kSql, std::move(params));
}

asio::awaitable<Status> InsertPaymentSchedule(Tx& tx, const PaymentScheduleRow& s) {
  static const std::string kSql =
      "INSERT INTO bss_payment_schedules (" + std::string(kScheduleColumns) +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  Params params = MakeParams(s.id, s.spid, s.account_id, s.subscription_id, s.token_id,
                             s.amount_minor, s.currency, s.recurrence, s.next_application,
                             s.status, OptionalText(s.last_result), OptionalText(s.source_ref),
                             s.created_at, s.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::vector<PaymentScheduleRow>>> ListPaymentSchedules(
    Tx& tx, int64_t spid, std::optional<std::string> account_id,
    std::optional<std::string> subscription_id) {
  static const std::string kByAccount = "SELECT " + std::string(kScheduleColumns) +
                                        " FROM bss_payment_schedules WHERE spid = $1 AND "
                                        "account_id = $2 ORDER BY created_at, id";
  static const std::string kByLine = "SELECT " + std::string(kScheduleColumns) +
                                     " FROM bss_payment_schedules WHERE spid = $1 AND "
                                     "subscription_id = $2 ORDER BY created_at, id";
  std::string key = account_id.value_or("");
  if (subscription_id) key = *subscription_id;
  Params params = MakeParams(spid, std::move(key));
  const std::string& sql = subscription_id ? kByLine : kByAccount;
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<PaymentScheduleRow> out;
  for (const Row& r : rows->rows) {
    PaymentScheduleRow s = ScheduleFromRow(r);
    if (account_id && s.account_id != *account_id) continue;
    out.push_back(std::move(s));
  }
  co_return out;
}

asio::awaitable<Result<std::optional<PaymentScheduleRow>>> FindPaymentSchedule(
    Tx& tx, std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kScheduleColumns) +
                                  " FROM bss_payment_schedules WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<PaymentScheduleRow>();
  co_return std::optional<PaymentScheduleRow>(ScheduleFromRow(rows->rows.front()));
}

asio::awaitable<Result<std::vector<PaymentScheduleRow>>> ListDueSchedules(
    Tx& tx, std::string_view due_by, int64_t limit) {
  static const std::string kSql =
      "SELECT " + std::string(kScheduleColumns) +
      " FROM bss_payment_schedules WHERE status = 'ACTIVE' AND next_application <= $1 "
      "ORDER BY next_application, id LIMIT $2";
  Params params = MakeParams(std::string(due_by), limit);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<PaymentScheduleRow> out;
  for (const Row& r : rows->rows) out.push_back(ScheduleFromRow(r));
  co_return out;
}

asio::awaitable<Status> UpdatePaymentSchedule(Tx& tx, const PaymentScheduleRow& s) {
  static constexpr std::string_view kSql =
      "UPDATE bss_payment_schedules SET next_application = $1, status = $2, last_result = $3, "
      "updated_at = $4 WHERE id = $5";
  Params params = MakeParams(s.next_application, s.status, OptionalText(s.last_result),
                             s.updated_at, s.id);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  if (*done != 1) co_return MakeError(ErrorCode::kInternal, "payment schedule vanished");
  co_return Ok();
}

}  // namespace ispcloud::storage::bss
