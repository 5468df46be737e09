#include "domain/plume/audit.h"

#include <string>

#include "storage/audit_repository.h"

namespace ispcloud::domain::plume {

asio::awaitable<Status> AuditChange(storage::Tx& tx, const Actor& actor, std::string_view tenant,
                                    std::string_view at, std::string_view action,
                                    std::string_view type, std::string_view id) {
  Actor audited = actor;
  audited.tenant = std::string(tenant);
  const storage::AuditEntry entry{std::string(at), std::string(action), std::string(type),
                                  std::string(id), ""};
  co_return co_await storage::AppendAudit(tx, audited, entry);
}

}  // namespace ispcloud::domain::plume
