#include "storage/bss/usage_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, subscription_id, account_ban, msisdn, call_type, duration_ms, data_bytes, "
    "destination, transaction_date, charge, balance_after, transaction_id, bundle_info, "
    "created_at";

}  // namespace

asio::awaitable<Status> InsertUsage(Tx& tx, const UsageRow& u) {
  static const std::string kSql = "INSERT INTO bss_usage_records (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, $14, $15)";
  Value transaction = Null{};
  if (u.transaction_id) transaction = *u.transaction_id;
  Params params = MakeParams(u.id, u.spid, u.subscription_id, u.account_ban, u.msisdn,
                             u.call_type, u.duration_ms, u.data_bytes, OptionalText(u.destination),
                             u.transaction_date, u.charge, u.balance_after, std::move(transaction),
                             u.bundle_info, u.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::vector<UsageRow>>> ListUsage(Tx& tx, int64_t spid,
                                                         std::string_view subscription_id) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_usage_records WHERE spid = $1 AND "
                                  "subscription_id = $2 ORDER BY id";
  Params params = MakeParams(spid, std::string(subscription_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<UsageRow> out;
  for (const Row& r : rows->rows) {
    UsageRow u;
    u.id = r.Int(0);
    u.spid = r.Int(1);
    u.subscription_id = r.Text(2);
    u.account_ban = r.Text(3);
    u.msisdn = r.Text(4);
    u.call_type = r.Int(5);
    u.duration_ms = r.Int(6);
    u.data_bytes = r.Int(7);
    u.destination = OptionalTextAt(r, 8);
    u.transaction_date = r.Text(9);
    u.charge = r.Int(10);
    u.balance_after = r.Int(11);
    if (!r.IsNull(12)) u.transaction_id = r.Int(12);
    u.bundle_info = r.Text(13);
    u.created_at = r.Text(14);
    out.push_back(std::move(u));
  }
  co_return out;
}

}  // namespace ispcloud::storage::bss
