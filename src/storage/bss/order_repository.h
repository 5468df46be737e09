#pragma once
// Rows of bss_product_orders (migrations/sqlite/0010).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct OrderRow {
  std::string id;
  int64_t spid = 0;
  std::string account_id;
  std::string ban;
  std::optional<std::string> subscription_id;
  std::string order_type;
  std::string state;
  std::string body;  // JSON object text
  std::optional<std::string> correlation_id;
  std::string created_at;
  std::string updated_at;
};

asio::awaitable<Status> InsertOrder(Tx& tx, const OrderRow& row);

// The order of `spid`, or nullopt.
asio::awaitable<Result<std::optional<OrderRow>>> FindOrder(Tx& tx, int64_t spid,
                                                           std::string_view id);

// The orders of `spid`, newest first.
asio::awaitable<Result<std::vector<OrderRow>>> ListOrders(Tx& tx, int64_t spid);

}  // namespace ispcloud::storage::bss
