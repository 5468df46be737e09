#include "storage/bss/bucket_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, subscription_id, product_id, bundle_id, bundle_name, bundle_category_id, "
    "unit_type, limit_units, used_units, status, activation_at, expiry_at, reference, "
    "created_at, updated_at";

BucketRow FromRow(const Row& r) {
  BucketRow b;
  b.id = r.Int(0);
  b.spid = r.Int(1);
  b.subscription_id = r.Text(2);
  b.product_id = r.Text(3);
  b.bundle_id = r.Int(4);
  b.bundle_name = r.Text(5);
  b.bundle_category_id = r.Text(6);
  b.unit_type = r.Int(7);
  b.limit_units = r.Int(8);
  b.used_units = r.Int(9);
  b.status = r.Int(10);
  b.activation_at = r.Text(11);
  b.expiry_at = r.Text(12);
  b.reference = OptionalTextAt(r, 13);
  b.created_at = r.Text(14);
  b.updated_at = r.Text(15);
  return b;
}

}  // namespace

asio::awaitable<Status> InsertBucket(Tx& tx, const BucketRow& b) {
  static const std::string kSql = "INSERT INTO bss_buckets (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, $14, $15, $16)";
  Params params = MakeParams(b.id, b.spid, b.subscription_id, b.product_id, b.bundle_id,
                             b.bundle_name, b.bundle_category_id, b.unit_type, b.limit_units,
                             b.used_units, b.status, b.activation_at, b.expiry_at,
                             OptionalText(b.reference), b.created_at, b.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::vector<BucketRow>>> ListBuckets(Tx& tx, int64_t spid,
                                                            std::string_view subscription_id,
                                                            bool include_removed) {
  static const std::string kAll = "SELECT " + std::string(kColumns) +
                                  " FROM bss_buckets WHERE spid = $1 AND subscription_id = $2 "
                                  "ORDER BY id";
  static const std::string kLive = "SELECT " + std::string(kColumns) +
                                   " FROM bss_buckets WHERE spid = $1 AND subscription_id = $2 "
                                   "AND status <> 2 ORDER BY id";
  Params params = MakeParams(spid, std::string(subscription_id));
  const std::string& sql = include_removed ? kAll : kLive;
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<BucketRow> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(FromRow(r));
  co_return out;
}

asio::awaitable<Status> UpdateBucket(Tx& tx, const BucketRow& b) {
  static constexpr std::string_view kSql =
      "UPDATE bss_buckets SET limit_units = $1, used_units = $2, status = $3, expiry_at = $4, "
      "updated_at = $5 WHERE id = $6 AND spid = $7";
  Params params =
      MakeParams(b.limit_units, b.used_units, b.status, b.expiry_at, b.updated_at, b.id, b.spid);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  if (*done != 1) co_return MakeError(ErrorCode::kInternal, "bucket vanished");
  co_return Ok();
}

}  // namespace ispcloud::storage::bss
