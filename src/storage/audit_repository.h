#pragma once
// Audit records: every state change writes one, in the same transaction as the change.

#include <string>

#include "domain/actor.h"
#include "storage/db.h"

namespace ispcloud::storage {

struct AuditEntry {
  std::string at;           // ISO-8601 UTC with milliseconds
  std::string action;       // e.g. "partner.create"
  std::string entity_type;  // e.g. "partner"
  std::string entity_id;
  std::string details;  // JSON text, may be empty
};

// Appends one audit record for `actor` inside `tx`.
asio::awaitable<Status> AppendAudit(Tx& tx, const domain::Actor& actor, const AuditEntry& entry);

}  // namespace ispcloud::storage
