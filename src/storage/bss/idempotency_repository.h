#pragma once
// Rows of bss_idempotency_keys (migration 0013): the first outcome of a POST sent with an
// Idempotency-Key.

#include <optional>
#include <string>

#include "storage/db.h"

namespace ispcloud::storage::bss {

// The identity of a keyed request: who, for which SPID, which route, which key.
struct IdempotencyKeyId {
  std::string principal;
  std::string spid;
  std::string method;
  std::string path;
  std::string key;
};

struct IdempotencyRecord {
  IdempotencyKeyId id;
  std::string fingerprint;
  int status = 0;
  std::string body;
  std::string created_at;
  std::string expires_at;
};

// The record of `id` whose expires_at is after `now` (ISO-8601), or nullopt.
asio::awaitable<Result<std::optional<IdempotencyRecord>>> FindLiveIdempotencyRecord(
    Tx& tx, const IdempotencyKeyId& id, const std::string& now);

// Stores `record`, replacing an expired record of the same id, and deletes other records that
// expired before `now`.
asio::awaitable<Status> SaveIdempotencyRecord(Tx& tx, const IdempotencyRecord& record,
                                              const std::string& now);

}  // namespace ispcloud::storage::bss
