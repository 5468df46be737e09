#include "storage/bss/account_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, ban, customer_id, owner_id, parent_id, state_code, rating_type, credit_limit, "
    "body, revision, created_at, updated_at";

AccountRow FromRow(const Row& r) {
  AccountRow a;
  a.id = r.Text(0);
  a.spid = r.Int(1);
  a.ban = r.Text(2);
  a.customer_id = r.Text(3);
  a.owner_id = OptionalTextAt(r, 4);
  a.parent_id = OptionalTextAt(r, 5);
  a.state_code = r.Int(6);
  a.rating_type = r.Text(7);
  a.credit_limit = r.Int(8);
  a.body = r.Text(9);
  a.revision = r.Int(10);
  a.created_at = r.Text(11);
  a.updated_at = r.Text(12);
  return a;
}

}  // namespace

asio::awaitable<Status> InsertAccount(Tx& tx, const AccountRow& a) {
  static const std::string kSql = "INSERT INTO bss_billing_accounts (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13)";
  Params params = MakeParams(a.id, a.spid, a.ban, a.customer_id, OptionalText(a.owner_id),
                             OptionalText(a.parent_id), a.state_code, a.rating_type, a.credit_limit,
                             a.body, a.revision, a.created_at, a.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<AccountRow>>> FindAccount(Tx& tx, int64_t spid,
                                                               std::string_view key) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) +
      " FROM bss_billing_accounts WHERE spid = $1 AND (id = $2 OR ban = $2) "
      "ORDER BY CASE WHEN id = $2 THEN 0 ELSE 1 END LIMIT 1";
  Params params = MakeParams(spid, std::string(key));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<AccountRow>();
  co_return std::optional<AccountRow>(FromRow(rows->rows.front()));
}

asio::awaitable<Result<bool>> BanInUse(Tx& tx, std::string_view ban) {
  static constexpr std::string_view kSql = "SELECT 1 FROM bss_billing_accounts WHERE ban = $1";
  Params params = MakeParams(std::string(ban));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  co_return !rows->empty();
}

asio::awaitable<Result<std::vector<AccountRow>>> ListAccountsOfCustomer(
    Tx& tx, int64_t spid, std::string_view customer_id) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_billing_accounts WHERE spid = $1 AND customer_id = $2 "
                                  "ORDER BY created_at, id";
  Params params = MakeParams(spid, std::string(customer_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<AccountRow> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Result<std::vector<AccountRow>>> ListAccounts(Tx& tx, int64_t spid) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_billing_accounts WHERE spid = $1 "
                                  "ORDER BY created_at DESC, id DESC";
  Params params = MakeParams(spid);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<AccountRow> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Result<std::vector<std::string>>> ListChildAccountIds(Tx& tx, int64_t spid,
                                                                      std::string_view parent_id) {
  static constexpr std::string_view kSql =
      "SELECT id FROM bss_billing_accounts WHERE spid = $1 AND parent_id = $2 ORDER BY id";
  Params params = MakeParams(spid, std::string(parent_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<std::string> out;
  for (const Row& r : rows->rows) out.push_back(r.Text(0));
  co_return out;
}

asio::awaitable<Result<int64_t>> CountAccountsReferencing(Tx& tx, int64_t spid,
                                                          std::string_view customer_id,
                                                          std::string_view owner_id) {
  static constexpr std::string_view kSql =
      "SELECT COUNT(*) FROM bss_billing_accounts WHERE spid = $1 AND (customer_id = $2 OR "
      "owner_id = $3)";
  Params params = MakeParams(spid, std::string(customer_id), std::string(owner_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  co_return rows->empty() ? int64_t{0} : rows->rows.front().Int(0);
}

asio::awaitable<Result<bool>> UpdateAccount(Tx& tx, const AccountRow& a) {
  static constexpr std::string_view kSql =
      "UPDATE bss_billing_accounts SET customer_id = $1, owner_id = $2, parent_id = $3, "
      "state_code = $4, rating_type = $5, credit_limit = $6, body = $7, revision = $8, "
      "updated_at = $9 WHERE id = $10 AND spid = $11 AND revision = $12";
  Params params = MakeParams(a.customer_id, OptionalText(a.owner_id), OptionalText(a.parent_id),
                             a.state_code, a.rating_type, a.credit_limit, a.body, a.revision,
                             a.updated_at, a.id, a.spid, a.revision - 1);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

asio::awaitable<Result<bool>> DeleteAccount(Tx& tx, int64_t spid, std::string_view id) {
  static constexpr std::string_view kSql =
      "DELETE FROM bss_billing_accounts WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

asio::awaitable<Result<AccountLines>> SummarizeAccountLines(Tx& tx, int64_t spid,
                                                            std::string_view account_id) {
  static constexpr std::string_view kSql =
      "SELECT COALESCE(SUM(CASE WHEN state <> 2 THEN 1 ELSE 0 END), 0), COALESCE(SUM(balance), 0) "
      "FROM bss_subscriptions WHERE spid = $1 AND account_id = $2";
  Params params = MakeParams(spid, std::string(account_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return AccountLines{};
  co_return AccountLines{rows->rows.front().Int(0), rows->rows.front().Int(1)};
}

}  // namespace ispcloud::storage::bss
