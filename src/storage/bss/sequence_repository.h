#pragma once
// Named counters of the BSS tables (bss_sequences, migrations/sqlite/0010).

#include <cstdint>
#include <string_view>

#include "storage/db.h"

namespace ispcloud::storage::bss {

// Hands out the next value of counter `name` inside `tx`: `first` for a new counter, then
// previous + 1. Writers are serialised, so values are unique and increasing.
asio::awaitable<Result<int64_t>> NextSequenceValue(Tx& tx, std::string_view name, int64_t first);

}  // namespace ispcloud::storage::bss
