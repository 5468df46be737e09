#include "domain/bss/idempotency.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/secret_hash.h"

namespace ispcloud::domain::bss {

Status ValidateIdempotencyKey(std::string_view key) {
  bool visible = true;
  for (char c : key) visible = visible && c >= 0x21 && c <= 0x7E;
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength || !visible) {
    Error e = MakeError(ErrorCode::kInvalidArgument,
                        "Idempotency-Key must be 1 to 128 visible ASCII characters");
    e.fields.push_back({"Idempotency-Key", "format", e.message});
    return e;
  }
  return Ok();
}

std::string RequestFingerprint(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(body, ec);
  if (ec) return auth::Sha256Hex(body);
  return auth::Sha256Hex(boost::json::serialize(doc));
}

asio::awaitable<Result<HttpOutcome>> RunIdempotent(storage::Database& db, const Clock& clock,
                                                   std::optional<IdempotencyRequest> request,
                                                   TxEffect effect) {
  const TimePoint now_tp = clock.Now();
  const std::string now = FormatIso8601Millis(now_tp);
  const std::string expires = FormatIso8601Millis(now_tp + kIdempotencyTtl);
  std::optional<HttpOutcome> out;
  Status st = co_await db.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (request) {
      auto found = co_await storage::bss::FindLiveIdempotencyRecord(tx, request->id, now);
      if (!found) co_return found.error();
      if (found->has_value()) {
        const storage::bss::IdempotencyRecord& rec = **found;
        if (rec.fingerprint != request->fingerprint) {
          co_return MakeError(
              ErrorCode::kConflict,
              "Idempotency-Key '" + request->id.key + "' was already used with a different request",
              std::string(kIdempotencyConflictCode));
        }
        out = HttpOutcome{rec.status, rec.body, true, std::nullopt};
        co_return Ok();
      }
    }
    auto done = co_await effect(tx);
    if (!done) co_return done.error();
    if (request) {
      storage::bss::IdempotencyRecord rec;
      rec.id = request->id;
      rec.fingerprint = request->fingerprint;
      rec.status = done->status;
      rec.body = done->stored_body.value_or(done->body);
      rec.created_at = now;
      rec.expires_at = expires;
      if (Status s = co_await storage::bss::SaveIdempotencyRecord(tx, rec, now); !s) co_return s;
    }
    out = std::move(*done);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

}  // namespace ispcloud::domain::bss
