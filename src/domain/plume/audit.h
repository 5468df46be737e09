#pragma once
// The audit record of a change to a Plume entity, written inside the change's transaction.

#include <string_view>

#include "core/asio.h"
#include "domain/actor.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

// Appends one audit record: `actor` did `action` on entity `type`/`id` of partner `tenant` at
// `at`. Ids and actions only: never personal data or secrets (§5.5, §12.7). Views only, so that
// callers pass no std::string temporaries into the co_await (GCC 12).
asio::awaitable<Status> AuditChange(storage::Tx& tx, const Actor& actor, std::string_view tenant,
                                    std::string_view at, std::string_view action,
                                    std::string_view type, std::string_view id);

}  // namespace ispcloud::domain::plume
