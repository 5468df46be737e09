#include "storage/bss/order_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, account_id, ban, subscription_id, order_type, state, body, correlation_id, "
    "created_at, updated_at";

OrderRow FromRow(const Row& r) {
  return OrderRow{r.Text(0),
                  r.Int(1),
                  r.Text(2),
                  r.Text(3),
                  OptionalTextAt(r, 4),
                  r.Text(5),
                  r.Text(6),
                  r.Text(7),
                  OptionalTextAt(r, 8),
                  r.Text(9),
                  r.Text(10)};
}

}  // namespace

asio::awaitable<Status> InsertOrder(Tx& tx, const OrderRow& o) {
  static const std::string kSql = "INSERT INTO bss_product_orders (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
  Params params =
      MakeParams(o.id, o.spid, o.account_id, o.ban, OptionalText(o.subscription_id), o.order_type,
                 o.state, o.body, OptionalText(o.correlation_id), o.created_at, o.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<OrderRow>>> FindOrder(Tx& tx, int64_t spid,
                                                           std::string_view id) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM bss_product_orders WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<OrderRow>();
  co_return std::optional<OrderRow>(FromRow(rows->rows.front()));
}

asio::awaitable<Result<std::vector<OrderRow>>> ListOrders(Tx& tx, int64_t spid) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM bss_product_orders WHERE spid = $1 "
                                  "ORDER BY created_at DESC, id DESC";
  Params params = MakeParams(spid);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<OrderRow> out;
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

}  // namespace ispcloud::storage::bss
