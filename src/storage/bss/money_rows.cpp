#include "storage/bss/money_rows.h"

namespace ispcloud::storage::bss {

asio::awaitable<Result<std::string>> NextNumericId(Tx& tx, std::string_view table, int64_t first) {
  const std::string sql =
      "SELECT COALESCE(MAX(CAST(id AS BIGINT)) + 1, $1) FROM " + std::string(table);
  Params params = MakeParams(first);
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  co_return std::to_string(rows->rows.front().Int(0));
}

asio::awaitable<Result<CountedRows>> SelectCountedPage(Tx& tx, std::string_view columns,
                                                       std::string_view table,
                                                       std::string_view where, Params params,
                                                       std::string_view order_by, int64_t offset,
                                                       int64_t limit) {
  const std::string from = " FROM " + std::string(table) + " WHERE " + std::string(where);
  const std::string count_sql = "SELECT COUNT(*)" + from;
  Params count_params = params;
  auto counted = co_await tx.Query(count_sql, std::move(count_params));
  if (!counted) co_return counted.error();
  CountedRows out;
  out.total = counted->rows.front().Int(0);
  params.push_back(limit);
  params.push_back(offset);
  const std::string sql = "SELECT " + std::string(columns) + from + " ORDER BY " +
                          std::string(order_by) + " LIMIT $" + std::to_string(params.size() - 1) +
                          " OFFSET $" + std::to_string(params.size());
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  out.rows = std::move(*rows);
  co_return out;
}

}  // namespace ispcloud::storage::bss
