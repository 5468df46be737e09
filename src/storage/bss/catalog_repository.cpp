#include "storage/bss/catalog_repository.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "spid, id, offering_type, lifecycle_status, position, body, imported_at";

OfferingRow FromRow(const Row& r) {
  return OfferingRow{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6)};
}

}  // namespace

asio::awaitable<Status> ReplaceOfferings(Tx& tx, int64_t spid,
                                         const std::vector<OfferingRow>& rows) {
  static constexpr std::string_view kDelete = "DELETE FROM bss_offerings WHERE spid = $1";
  Params del = MakeParams(spid);
  auto cleared = co_await tx.Exec(kDelete, std::move(del));
  if (!cleared) co_return cleared.error();
  static const std::string kInsert = "INSERT INTO bss_offerings (" + std::string(kColumns) +
                                     ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
  for (const OfferingRow& r : rows) {
    Params params = MakeParams(r.spid, r.id, r.offering_type, r.lifecycle_status, r.position,
                               r.body, r.imported_at);
    auto done = co_await tx.Exec(kInsert, std::move(params));
    if (!done) co_return done.error();
  }
  co_return Ok();
}

asio::awaitable<Result<std::vector<OfferingRow>>> ListOfferings(Tx& tx, int64_t spid) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM bss_offerings WHERE spid = $1 ORDER BY position";
  Params params = MakeParams(spid);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<OfferingRow> out;
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Result<std::optional<OfferingRow>>> FindOffering(Tx& tx, int64_t spid,
                                                                 std::string_view id) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM bss_offerings WHERE spid = $1 AND id = $2";
  Params params = MakeParams(spid, std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<OfferingRow>();
  co_return std::optional<OfferingRow>(FromRow(rows->rows.front()));
}

}  // namespace ispcloud::storage::bss
