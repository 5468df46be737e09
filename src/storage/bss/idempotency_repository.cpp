#include "storage/bss/idempotency_repository.h"

namespace ispcloud::storage::bss {

asio::awaitable<Result<std::optional<IdempotencyRecord>>> FindLiveIdempotencyRecord(
    Tx& tx, const IdempotencyKeyId& id, const std::string& now) {
  static constexpr std::string_view kSql =
      "SELECT fingerprint, status, body, created_at, expires_at FROM bss_idempotency_keys "
      "WHERE principal = $1 AND spid = $2 AND method = $3 AND path = $4 AND idem_key = $5 "
      "AND expires_at > $6";
  Params params = MakeParams(id.principal, id.spid, id.method, id.path, id.key, now);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<IdempotencyRecord>();
  const Row& r = rows->rows.front();
  IdempotencyRecord out;
  out.id = id;
  out.fingerprint = r.Text(0);
  out.status = static_cast<int>(r.Int(1));
  out.body = r.Text(2);
  out.created_at = r.Text(3);
  out.expires_at = r.Text(4);
  co_return std::optional<IdempotencyRecord>(std::move(out));
}

asio::awaitable<Status> SaveIdempotencyRecord(Tx& tx, const IdempotencyRecord& record,
                                              const std::string& now) {
  static constexpr std::string_view kPurge =
      "DELETE FROM bss_idempotency_keys WHERE expires_at <= $1";
  Params purge = MakeParams(now);
  if (auto done = co_await tx.Exec(kPurge, std::move(purge)); !done) co_return done.error();
  static constexpr std::string_view kInsert =
      "INSERT INTO bss_idempotency_keys (principal, spid, method, path, idem_key, fingerprint, "
      "status, body, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  const IdempotencyKeyId& id = record.id;
  Params params =
      MakeParams(id.principal, id.spid, id.method, id.path, id.key, record.fingerprint,
                 int64_t{record.status}, record.body, record.created_at, record.expires_at);
  auto inserted = co_await tx.Exec(kInsert, std::move(params));
  if (!inserted) co_return inserted.error();
  co_return Ok();
}

}  // namespace ispcloud::storage::bss
