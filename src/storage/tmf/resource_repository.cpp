#include "storage/tmf/resource_repository.h"

namespace ispcloud::storage::tmf {
namespace {

constexpr std::string_view kColumns =
    "id, resource_type, spid, schema_version, revision, created_at, updated_at, body";

ResourceRow FromRow(const Row& r) {
  ResourceRow out;
  out.id = r.Text(0);
  out.resource_type = r.Text(1);
  out.spid = r.Text(2);
  out.schema_version = r.Int(3);
  out.revision = r.Int(4);
  out.created_at = r.Text(5);
  out.updated_at = r.Text(6);
  out.body = r.Text(7);
  return out;
}

}  // namespace

asio::awaitable<Status> InsertResource(Tx& tx, const ResourceRow& row) {
  static const std::string kSql = "INSERT INTO tmf_resources (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  Params params = MakeParams(row.id, row.resource_type, row.spid, row.schema_version,
                             row.revision, row.created_at, row.updated_at, row.body);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<ResourceRow>>> FindResource(Tx& tx, std::string_view spid,
                                                                 std::string_view type,
                                                                 std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM tmf_resources WHERE id = $1 AND spid = $2 AND "
                                  "resource_type = $3";
  Params params = MakeParams(std::string(id), std::string(spid), std::string(type));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<ResourceRow>();
  co_return std::optional<ResourceRow>(FromRow(rows->rows.front()));
}

asio::awaitable<Result<std::vector<ResourceRow>>> ListResources(Tx& tx, std::string_view spid,
                                                                std::string_view type) {
  static const std::string kSql = "SELECT " + std::string(kColumns) +
                                  " FROM tmf_resources WHERE spid = $1 AND resource_type = $2 "
                                  "ORDER BY created_at DESC, id DESC";
  Params params = MakeParams(std::string(spid), std::string(type));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<ResourceRow> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Result<bool>> UpdateResource(Tx& tx, const ResourceRow& row) {
  static constexpr std::string_view kSql =
      "UPDATE tmf_resources SET body = $1, schema_version = $2, revision = $3, updated_at = $4 "
      "WHERE id = $5 AND spid = $6 AND resource_type = $7 AND revision = $8";
  Params params = MakeParams(row.body, row.schema_version, row.revision, row.updated_at, row.id,
                             row.spid, row.resource_type, row.revision - 1);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

asio::awaitable<Result<bool>> DeleteResource(Tx& tx, std::string_view spid, std::string_view type,
                                             std::string_view id) {
  static constexpr std::string_view kSql =
      "DELETE FROM tmf_resources WHERE id = $1 AND spid = $2 AND resource_type = $3";
  Params params = MakeParams(std::string(id), std::string(spid), std::string(type));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done == 1;
}

}  // namespace ispcloud::storage::tmf
