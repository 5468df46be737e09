#pragma once
// Idempotency keys of money-moving POSTs (OPTIVA-API.md §0.3, §3.3 item 7). A request sent with
// an `Idempotency-Key` header runs its effect and stores the outcome (status and body) in the
// SAME database transaction, so a crash can never leave an effect without its record; a repeat
// within 24 hours by the same principal, SPID, method and path replays the stored outcome, and a
// repeat with a different body is refused with 409 ERCRT1009.
//
// Use from a route: build an IdempotencyRequest with MakeIdempotencyRequest (api/obp) and call
// RunIdempotent once with the effect; every money service exposes its effect as a function of a
// storage::Tx for this purpose.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/bss/idempotency_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

inline constexpr std::chrono::hours kIdempotencyTtl{24};
inline constexpr size_t kMaxIdempotencyKeyLength = 128;
inline constexpr std::string_view kIdempotencyConflictCode = "ERCRT1009";

// A keyed request: its identity and the fingerprint of its body.
struct IdempotencyRequest {
  storage::bss::IdempotencyKeyId id;
  std::string fingerprint;
};

// Ok for 1..128 visible ASCII characters (0x21-0x7E); otherwise kInvalidArgument naming the
// header `Idempotency-Key`.
Status ValidateIdempotencyKey(std::string_view key);

// SHA-256 hex of the body: of its compact serialisation when it is JSON (so whitespace does not
// matter), else of the raw bytes.
std::string RequestFingerprint(std::string_view body);

// What a POST answered, as sent to the client. `replayed` marks an answer repeated from an
// earlier request (sent with `Idempotent-Replay: true`).
struct HttpOutcome {
  int status = 200;
  std::string body;  // JSON text
  bool replayed = false;
  // What to remember instead of `body`, when the body holds secrets that must not be stored
  // (the voucher numbers of a new batch): a replay then answers this redacted body.
  std::optional<std::string> stored_body;
};

using TxEffect = std::function<asio::awaitable<Result<HttpOutcome>>(storage::Tx&)>;

// Runs `effect` in one write transaction of `db`. Without `request` it just runs the effect.
// With one:
//   - a live record (younger than 24 h) with the same fingerprint: its outcome, replayed = true,
//     and the effect does not run;
//   - a live record with another fingerprint: kConflict ERCRT1009, nothing runs;
//   - otherwise the effect runs; when it succeeds its outcome is stored in the same transaction.
// An effect error rolls everything back and is returned (refusals change nothing, so they are
// not stored and a retry is evaluated afresh).
asio::awaitable<Result<HttpOutcome>> RunIdempotent(storage::Database& db, const Clock& clock,
                                                   std::optional<IdempotencyRequest> request,
                                                   TxEffect effect);

}  // namespace ispcloud::domain::bss
