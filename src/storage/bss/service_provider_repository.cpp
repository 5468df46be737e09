#include "storage/bss/service_provider_repository.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "spid, name, currency, currency_exponent, settings, created_at, updated_at";

ServiceProviderRow FromRow(const Row& r) {
  return ServiceProviderRow{r.Int(0),  r.Text(1), r.Text(2), r.Int(3),
                            r.Text(4), r.Text(5), r.Text(6)};
}

}  // namespace

asio::awaitable<Status> InsertServiceProvider(Tx& tx, const ServiceProviderRow& row) {
  static const std::string kSql = "INSERT INTO bss_service_providers (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
  Params params = MakeParams(row.spid, row.name, row.currency, row.currency_exponent, row.settings,
                             row.created_at, row.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<ServiceProviderRow>>> FindServiceProvider(Tx& tx,
                                                                               int64_t spid) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM bss_service_providers WHERE spid = $1";
  Params params = MakeParams(spid);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<ServiceProviderRow>();
  co_return std::optional<ServiceProviderRow>(FromRow(rows->rows.front()));
}

asio::awaitable<Result<std::vector<ServiceProviderRow>>> ListServiceProviders(Tx& tx) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM bss_service_providers ORDER BY spid";
  auto rows = co_await tx.Query(kSql);
  if (!rows) co_return rows.error();
  std::vector<ServiceProviderRow> out;
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Status> UpdateServiceProviderSettings(Tx& tx, int64_t spid,
                                                      const std::string& settings,
                                                      const std::string& updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE bss_service_providers SET settings = $1, updated_at = $2 WHERE spid = $3";
  Params params = MakeParams(settings, updated_at, spid);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  if (*done != 1) co_return MakeError(ErrorCode::kNotFound, "service provider not found");
  co_return Ok();
}

}  // namespace ispcloud::storage::bss
