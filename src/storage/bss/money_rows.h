#pragma once
// Query helpers shared by the money repositories (adjustments, notes).

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/db.h"

namespace ispcloud::storage::bss {

// The next numeric id of `table` (ids are decimal text): max(id) + 1, or `first` for an empty
// table. Safe under the database's serialised writers.
asio::awaitable<Result<std::string>> NextNumericId(Tx& tx, std::string_view table, int64_t first);

// One page of a filtered list, with the total number of matches.
struct CountedRows {
  int64_t total = 0;
  Rows rows;
};

// SELECT `columns` FROM `table` WHERE `where` (placeholders $1..$n bound to `params`) ORDER BY
// `order_by` LIMIT `limit` OFFSET `offset`, plus the COUNT(*) of the same WHERE.
asio::awaitable<Result<CountedRows>> SelectCountedPage(Tx& tx, std::string_view columns,
                                                       std::string_view table,
                                                       std::string_view where, Params params,
                                                       std::string_view order_by, int64_t offset,
                                                       int64_t limit);

}  // namespace ispcloud::storage::bss
