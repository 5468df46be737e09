#pragma once
// Partner administration: create (with its default group), lock, unlock, list. Every change is
// audited in the same transaction.

#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "domain/plume/partner.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class PartnerService {
 public:
  PartnerService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // Creates partner `id` named `name` and its default group. Errors: kValidation (id must be
  // 1-64 characters of [A-Za-z0-9._-]; name 1-200 characters), kConflict when the id exists.
  asio::awaitable<Result<Partner>> Create(const Actor& actor, std::string id, std::string name);

  // Locks or unlocks a partner (idempotent). Errors: kNotFound.
  asio::awaitable<Result<Partner>> SetLocked(const Actor& actor, std::string id, bool locked);

  // Every partner, ordered by id.
  asio::awaitable<Result<std::vector<Partner>>> List();

  // Creates group `group_id` of partner `partner_id`. Errors: kValidation (ids as for
  // partners, name 1-200 characters), kNotFound (no such partner), kConflict (id taken).
  asio::awaitable<Result<PartnerGroup>> CreateGroup(const Actor& actor, std::string partner_id,
                                                    std::string group_id, std::string name);

 private:
  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

// Rule for operator-chosen ids (partners, groups): 1-64 characters of [A-Za-z0-9._-].
bool IsValidOperatorId(std::string_view id);

}  // namespace ispcloud::domain::plume
