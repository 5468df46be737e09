#include "storage/bss/voucher_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "spid, serial_number, batch_number, number_hash, number_last4, voucher_amount, bonus_amount, "
    "currency, duration_days, expires_at, state, used_by_subscription, used_at, transaction_id, "
    "first_result, created_at, updated_at";

Voucher VoucherFromRow(const Row& r) {
  Voucher v;
  v.spid = r.Text(0);
  v.serial_number = r.Text(1);
  v.batch_number = r.Text(2);
  v.number_hash = r.Text(3);
  v.number_last4 = r.Text(4);
  v.voucher_amount = r.Int(5);
  v.bonus_amount = r.Int(6);
  v.currency = r.Text(7);
  v.duration_days = r.Int(8);
  v.expires_at = r.Text(9);
  v.state = r.Text(10);
  v.used_by_subscription = OptionalTextAt(r, 11);
  v.used_at = OptionalTextAt(r, 12);
  v.transaction_id = OptionalTextAt(r, 13);
  v.first_result = OptionalTextAt(r, 14);
  v.created_at = r.Text(15);
  v.updated_at = r.Text(16);
  return v;
}

asio::awaitable<Result<std::optional<Voucher>>> FindOne(Tx& tx, std::string sql, Params params) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Voucher>();
  co_return std::optional<Voucher>(VoucherFromRow(rows->rows.front()));
}

asio::awaitable<Result<int64_t>> CountOf(Tx& tx, std::string_view sql, Params params) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return int64_t{0};
  co_return rows->rows.front().Int(0);
}

}  // namespace

asio::awaitable<Result<std::optional<VoucherSecret>>> LoadVoucherSecret(Tx& tx) {
  static constexpr std::string_view kSql =
      "SELECT secret, pepper_check FROM bss_voucher_secret WHERE id = 1";
  auto rows = co_await tx.Query(kSql);
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<VoucherSecret>();
  const Row& r = rows->rows.front();
  co_return std::optional<VoucherSecret>(VoucherSecret{r.Text(0), r.Text(1)});
}

asio::awaitable<Status> InsertVoucherSecret(Tx& tx, const VoucherSecret& s,
                                            const std::string& now) {
  static constexpr std::string_view kSql =
      "INSERT INTO bss_voucher_secret (id, secret, pepper_check, created_at) VALUES (1, $1, $2, "
      "$3)";
  Params params = MakeParams(s.secret, s.pepper_check, now);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<int64_t>> CountVouchers(Tx& tx, std::string_view spid) {
  Params params = MakeParams(std::string(spid));
  co_return co_await CountOf(tx, "SELECT COUNT(*) FROM bss_vouchers WHERE spid = $1",
                             std::move(params));
}

asio::awaitable<Result<int64_t>> CountVoucherBatches(Tx& tx, std::string_view spid) {
  Params params = MakeParams(std::string(spid));
  co_return co_await CountOf(
      tx, "SELECT COUNT(DISTINCT batch_number) FROM bss_vouchers WHERE spid = $1",
      std::move(params));
}

asio::awaitable<Result<bool>> VoucherBatchExists(Tx& tx, std::string_view spid,
                                                 std::string_view batch_number) {
  Params params = MakeParams(std::string(spid), std::string(batch_number));
  auto n = co_await CountOf(
      tx, "SELECT COUNT(*) FROM bss_vouchers WHERE spid = $1 AND batch_number = $2",
      std::move(params));
  if (!n) co_return n.error();
  co_return *n > 0;
}

asio::awaitable<Status> InsertVoucher(Tx& tx, const Voucher& v) {
  static const std::string kSql = "INSERT INTO bss_vouchers (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, $14, $15, $16, $17)";
  Params params = MakeParams(v.spid, v.serial_number, v.batch_number, v.number_hash, v.number_last4,
                             v.voucher_amount, v.bonus_amount, v.currency, v.duration_days,
                             v.expires_at, v.state, OptionalText(v.used_by_subscription),
                             OptionalText(v.used_at), OptionalText(v.transaction_id),
                             OptionalText(v.first_result), v.created_at, v.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<Voucher>>> FindVoucherByHash(Tx& tx, std::string_view spid,
                                                                  std::string_view number_hash) {
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM bss_vouchers WHERE spid = $1 AND number_hash = $2";
  Params params = MakeParams(std::string(spid), std::string(number_hash));
  co_return co_await FindOne(tx, std::move(sql), std::move(params));
}

asio::awaitable<Result<std::optional<Voucher>>> FindVoucherBySerial(Tx& tx, std::string_view spid,
                                                                    std::string_view serial) {
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM bss_vouchers WHERE spid = $1 AND serial_number = $2";
  Params params = MakeParams(std::string(spid), std::string(serial));
  co_return co_await FindOne(tx, std::move(sql), std::move(params));
}

asio::awaitable<Result<bool>> MarkVoucherUsed(Tx& tx, std::string_view spid,
                                              std::string_view serial, const VoucherUse& use) {
  static constexpr std::string_view kSql =
      "UPDATE bss_vouchers SET state = 'USED', used_by_subscription = $3, used_at = $4, "
      "transaction_id = $5, first_result = $6, updated_at = $4 "
      "WHERE spid = $1 AND serial_number = $2 AND state = 'AVAILABLE'";
  Params params = MakeParams(std::string(spid), std::string(serial), use.subscription_id,
                             use.used_at, use.transaction_id, use.first_result);
  auto n = co_await tx.Exec(kSql, std::move(params));
  if (!n) co_return n.error();
  co_return *n == 1;
}

asio::awaitable<Result<bool>> SetVoucherBlocked(Tx& tx, std::string_view spid,
                                                std::string_view serial, bool blocked,
                                                const std::string& now) {
  static constexpr std::string_view kSql =
      "UPDATE bss_vouchers SET state = $3, updated_at = $4 "
      "WHERE spid = $1 AND serial_number = $2 AND state IN ('AVAILABLE', 'BLOCKED')";
  std::string state = blocked ? "BLOCKED" : "AVAILABLE";
  Params params = MakeParams(std::string(spid), std::string(serial), std::move(state), now);
  auto n = co_await tx.Exec(kSql, std::move(params));
  if (!n) co_return n.error();
  co_return *n == 1;
}

}  // namespace ispcloud::storage::bss
