#include "storage/audit_repository.h"

namespace ispcloud::storage {
namespace {

Value TextOrNull(const std::string& s) {
  return s.empty() ? Value(Null{}) : Value(s);
}

}  // namespace

asio::awaitable<Status> AppendAudit(Tx& tx, const domain::Actor& actor, const AuditEntry& e) {
  static constexpr std::string_view kSql =
      "INSERT INTO audit_log (at, actor, action, entity_type, entity_id, tenant, request_id, "
      "details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  Params params =
      MakeParams(e.at, actor.id, e.action, e.entity_type, e.entity_id, TextOrNull(actor.tenant),
                 TextOrNull(actor.request_id), TextOrNull(e.details));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

}  // namespace ispcloud::storage
