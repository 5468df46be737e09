#pragma once
// JWS compact serialization of JWTs (RFC 7515, RFC 7519, RFC 8725 best practices).
//
// VerifyJwt is the only way a token's claims become trusted. Its checks, in order (the first
// failure is reported):
//   1. options are usable (issuer and audiences non-empty, now set, leeway 0..60 s);
//   2. size <= max_token_bytes; exactly three '.'-separated parts, all non-empty and strict
//      base64url; the header is a JSON object;
//   3. header: `alg` is a string naming ES256, RS256 or EdDSA (so "none" and HS* fail here);
//      `kid` is a non-empty string; no `jku`, `x5u`, `jwk`, `x5c`; no `crit`; `typ`, when
//      present (or when typ_required), is one of allowed_typ (ASCII case-insensitive, an
//      "application/" prefix ignored);
//   4. the key for `kid` exists (otherwise api_code "unknown_kid") and its PINNED algorithm
//      equals `alg`; the header never selects the algorithm;
//   5. the signature verifies; only then is the payload parsed, and it must be a JSON object;
//   6. claims: `exp` required and numeric, now < exp + leeway; `nbf` if present numeric,
//      now >= nbf - leeway; `iat` if present numeric, iat <= now + leeway; `iss` equals the
//      issuer exactly; `aud` (string or array of strings) contains one of the audiences; a `typ`
//      claim, when present (Keycloak puts "Bearer"/"Refresh"/"ID" there), is in allowed_typ.
// Every header check of step 3 runs before the key lookup, so a token that would be refused
// anyway can never make a caller refetch a JWKS. JSON is parsed strictly (no comments, no trailing
// commas, valid UTF-8, depth <= 32); a member name repeated within an object keeps its last value,
// as RFC 7515 §4 permits.
//
// Every failure is ErrorCode::kUnauthenticated with api_code "invalid_token" (or "unknown_kid")
// and a specific message meant for logs, not for clients.

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jose/key.h"
#include "core/clock.h"
#include "core/result.h"

namespace ispcloud::auth::jose {

inline constexpr std::string_view kInvalidTokenCode = "invalid_token";
inline constexpr std::string_view kUnknownKidCode = "unknown_kid";
inline constexpr std::chrono::seconds kMaxLeeway{60};

struct VerifyOptions {
  std::string issuer;                  // required: the exact `iss`
  std::vector<std::string> audiences;  // required: `aud` must contain one of them
  TimePoint now;                       // required: the verification time
  std::chrono::seconds leeway{60};     // clock skew allowance, 0..kMaxLeeway
  size_t max_token_bytes = 16 * 1024;
  std::vector<std::string> allowed_typ = {"JWT", "at+jwt", "Bearer"};
  bool typ_required = false;  // refuse tokens without a `typ` header
};

struct VerifiedJwt {
  boost::json::object header;
  boost::json::object claims;
  std::string kid;
};

// Finds the verification key for a kid; nullptr when there is none. The returned key must stay
// alive for the duration of the VerifyJwt call.
using KeyLookup = std::function<const Key*(std::string_view kid)>;

// Builds a compact JWS over `claims` with header {"alg", "kid", "typ"} from `key` (which must
// hold a private part). An empty `typ` omits the typ header.
Result<std::string> SignJwt(const Key& key, const boost::json::object& claims,
                            std::string_view typ = "JWT");

// Verifies `token` as described at the top of this file and returns its header and claims.
Result<VerifiedJwt> VerifyJwt(std::string_view token, const KeyLookup& keys,
                              const VerifyOptions& options);

// The header of `token`, WITHOUT verifying anything but its form (size, three non-empty base64url
// parts, header a JSON object). For routing only: nothing in it may be trusted.
Result<boost::json::object> PeekJwtHeader(std::string_view token, size_t max_bytes);

// The claims of `token`, WITHOUT verifying the signature or any claim (same form checks as
// PeekJwtHeader, and the payload must be a JSON object). Used to route a token to its issuer by
// `iss`; nothing in it may be trusted.
Result<boost::json::object> PeekJwtClaims(std::string_view token, size_t max_bytes);

}  // namespace ispcloud::auth::jose
