#include "storage/bss/cart_repository.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, account_id, body, valid_until, created_at, updated_at";

CartRow FromRow(const Row& r) {
  return CartRow{r.Text(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

}  // namespace

asio::awaitable<Status> InsertCart(Tx& tx, const CartRow& c) {
  static constexpr std::string_view kSql =
      "INSERT INTO bss_shopping_carts (id, spid, account_id, body, valid_until, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  Params params =
      MakeParams(c.id, c.spid, c.account_id, c.body, c.valid_until, c.created_at, c.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<bool>> UpdateCart(Tx& tx, const CartRow& c) {
  static constexpr std::string_view kSql =
      "UPDATE bss_shopping_carts SET body = $1, valid_until = $2, updated_at = $3 "
      "WHERE id = $4 AND spid = $5";
  Params params = MakeParams(c.body, c.valid_until, c.updated_at, c.id, c.spid);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

asio::awaitable<Result<std::optional<CartRow>>> FindLiveCart(Tx& tx, int64_t spid,
                                                             std::string_view id,
                                                             std::string_view now) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_shopping_carts WHERE spid = $1 AND id = $2 "
                                  "AND valid_until > $3";
  Params params = MakeParams(spid, std::string(id), std::string(now));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<CartRow>();
  co_return std::optional<CartRow>(FromRow(rows->rows.front()));
}

asio::awaitable<Result<std::vector<CartRow>>> ListLiveCarts(Tx& tx, int64_t spid,
                                                            std::string_view account_id,
                                                            std::string_view now) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_shopping_carts WHERE spid = $1 AND account_id = $2 "
                                  "AND valid_until > $3 ORDER BY created_at DESC, id DESC";
  Params params = MakeParams(spid, std::string(account_id), std::string(now));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<CartRow> out;
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Result<bool>> DeleteCart(Tx& tx, int64_t spid, std::string_view id) {
  static constexpr std::string_view kSql =
      "DELETE FROM bss_shopping_carts WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

}  // namespace ispcloud::storage::bss
