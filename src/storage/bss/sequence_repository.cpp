#include "storage/bss/sequence_repository.h"

namespace ispcloud::storage::bss {

asio::awaitable<Result<int64_t>> NextSequenceValue(Tx& tx, std::string_view name, int64_t first) {
  static constexpr std::string_view kSql =
      "INSERT INTO bss_sequences (name, next_value) VALUES ($1, $2) "
      "ON CONFLICT (name) DO UPDATE SET next_value = bss_sequences.next_value + 1 "
      "RETURNING next_value";
  Params params = MakeParams(std::string(name), first);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return MakeError(ErrorCode::kInternal, "sequence returned no value");
  co_return rows->rows.front().Int(0);
}

}  // namespace ispcloud::storage::bss
