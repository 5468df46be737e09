#pragma once
// Partner administration: create (with its default group), lock, unlock, list. Every change is
// audited in the same transaction.

#include <functional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "domain/plume/location_rules.h"
#include "domain/plume/partner.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class PartnerService {
 public:
  PartnerService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // Creates partner `id` named `name` and its default group; its new locations get
  // `pods_default` as numPodsAuthorized. Errors: kValidation (id must be 1-64 characters of
  // [A-Za-z0-9._-]; name 1-200 characters; pods_default 0-1000), kConflict when the id exists.
  asio::awaitable<Result<Partner>> Create(const Actor& actor, std::string id, std::string name,
                                          int64_t pods_default = kDefaultPodsAuthorized);

  // Locks or unlocks a partner (idempotent). Errors: kNotFound.
  asio::awaitable<Result<Partner>> SetLocked(const Actor& actor, std::string id, bool locked);

  // Sets the numPodsAuthorized given to the partner's new locations (§6.10); existing locations
  // keep theirs. Errors: kValidation (0-1000), kNotFound.
  asio::awaitable<Result<Partner>> SetPodsAuthorizedDefault(const Actor& actor, std::string id,
                                                            int64_t pods);

  // Every partner, ordered by id.
  asio::awaitable<Result<std::vector<Partner>>> List();

  // Creates group `group_id` of partner `partner_id`. Errors: kValidation (ids as for
  // partners, name 1-200 characters), kNotFound (no such partner), kConflict (id taken).
  asio::awaitable<Result<PartnerGroup>> CreateGroup(const Actor& actor, std::string partner_id,
                                                    std::string group_id, std::string name);

 private:
  // A repository update of partner `id` at `now`; false when the partner does not exist.
  using UpdateFn = std::function<asio::awaitable<Result<bool>>(storage::Tx& tx, std::string_view id,
                                                               std::string_view now)>;
  // Runs `update` and audits `action` in one transaction; returns the partner as stored.
  asio::awaitable<Result<Partner>> Update(const Actor& actor, std::string id, std::string action,
                                          UpdateFn update);

  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

// Rule for operator-chosen ids (partners, groups): 1-64 characters of [A-Za-z0-9._-].
bool IsValidOperatorId(std::string_view id);

}  // namespace ispcloud::domain::plume
