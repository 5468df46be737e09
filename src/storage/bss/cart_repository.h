#pragma once
// Rows of bss_shopping_carts (migration 0018).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct CartRow {
  std::string id;
  int64_t spid = 0;
  std::string account_id;
  std::string body;  // JSON object text
  std::string valid_until;
  std::string created_at;
  std::string updated_at;
};

asio::awaitable<Status> InsertCart(Tx& tx, const CartRow& row);

// Rewrites body, valid_until and updated_at; false when the cart does not exist.
asio::awaitable<Result<bool>> UpdateCart(Tx& tx, const CartRow& row);

// The cart `id` of `spid` still valid at `now` (ISO-8601), or nullopt.
asio::awaitable<Result<std::optional<CartRow>>> FindLiveCart(Tx& tx, int64_t spid,
                                                             std::string_view id,
                                                             std::string_view now);

// The carts of account `account_id` in `spid` still valid at `now`, newest first.
asio::awaitable<Result<std::vector<CartRow>>> ListLiveCarts(Tx& tx, int64_t spid,
                                                            std::string_view account_id,
                                                            std::string_view now);

// Deletes cart `id` of `spid`; false when there was none.
asio::awaitable<Result<bool>> DeleteCart(Tx& tx, int64_t spid, std::string_view id);

}  // namespace ispcloud::storage::bss
