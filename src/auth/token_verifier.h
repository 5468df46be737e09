#pragma once
// Verifies bearer tokens and turns them into Principals. Accepts the tokens of this server's
// own issuers ({public_url}/oauth2/default and {public_url}[/auth]/realms/{realm}) and of the
// external issuers the operator trusts (ExternalIssuers: `iss` equal to a configured issuer,
// `aud` containing its audience, signed by a key of its JWKS); our own issuers win when an
// external one names the same URL. The signature check is pinned to the key's algorithm
// (jose::VerifyJwt), exp/nbf/iat/iss/aud are checked strictly, and a Keycloak `typ` claim other
// than "Bearer" (refresh and ID tokens) is refused. Thread-safe.
//
// Verified tokens are cached (bounded: `cache_capacity` entries) under the SHA-256 of the whole
// token, so a client reusing its token costs a hash and a lookup instead of a signature check.
// Every use of a cached token re-checks what can change after the first verification: `exp`
// (no leeway) and `nbf` against the clock, and that the key which verified the signature is
// still in its issuer's current key set with the same public key (a rotated-out, removed or
// replaced key drops the entry and the token is verified afresh). `iss`, `aud`, `typ` and the
// algorithm are part of the hashed bytes and were checked against expectations that are fixed
// for the life of the process (configuration, realm audience), so they cannot change for a
// cached token.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/external_issuers.h"
#include "auth/key_store.h"
#include "auth/principal.h"
#include "auth/token_service.h"
#include "core/asio.h"
#include "core/clock.h"
#include "storage/db.h"

namespace ispcloud::auth {

class TokenVerifier {
 public:
  // `external` (may be null: no external issuer is trusted) must outlive this object.
  TokenVerifier(storage::Database& db, KeyStore& keys, const TokenService& tokens,
                const Clock& clock, ExternalIssuers* external = nullptr,
                size_t cache_capacity = 100'000);

  // The principal of `token`, which must stay alive until the result is ready. Errors:
  // kUnauthenticated with api_code "invalid_token" and a precise message (for logs; clients
  // only learn that the token is invalid); kUnavailable when the token names a trusted external
  // issuer whose keys could never be fetched (the fetch error is logged, not returned); errors
  // of the database when a realm must be looked up.
  //
  // Our own Okta-style tokens must carry `partnerId:P` and `role:partnerIdAdmin` scopes. An
  // external issuer's token with preset okta need not: routes that need a partner refuse it.
  asio::awaitable<Result<std::shared_ptr<const Principal>>> Verify(std::string_view token);

  size_t CacheSize();

 private:
  struct Issuer {
    std::vector<std::string> audiences;
    ClaimPreset preset = ClaimPreset::kGeneric;
  };
  using CacheKey = std::array<uint8_t, 32>;  // SHA-256 of the token
  struct CacheKeyHash {
    size_t operator()(const CacheKey& key) const;
  };
  // A verified token and what each later use of it re-checks.
  struct CacheEntry {
    std::shared_ptr<const Principal> principal;  // principal->expires_at is the token's exp
    std::optional<int64_t> not_before;           // nbf, Unix seconds
    const ExternalIssuer* external = nullptr;    // null: signed with one of our keys
    std::shared_ptr<const jose::Key> key;        // the verifying key (keeps its key set alive)
  };
  // The issuer entry for `iss`, or an error when it is not one of ours.
  asio::awaitable<Result<Issuer>> ResolveIssuer(const std::string& iss);
  // The trusted external issuer named `iss` when it is not one of ours, else null.
  const ExternalIssuer* ExternalFor(const std::string& iss) const;
  asio::awaitable<Result<std::shared_ptr<const Principal>>> VerifyExternal(
      std::string_view token, const ExternalIssuer& issuer, const CacheKey& cache_key);
  // The principal of verified `claims` (after the typ claim and, for our own Okta issuer, the
  // partner rule), now cached under `cache_key` with `entry` (its issuer and key set).
  Result<std::shared_ptr<const Principal>> Accept(const boost::json::object& claims,
                                                  ClaimPreset preset, bool own_okta,
                                                  const CacheKey& cache_key, CacheEntry entry);
  // The cached entry of `key` when its exp and nbf hold now (an expired one is dropped).
  std::optional<CacheEntry> CacheGet(const CacheKey& key);
  // The cached principal when the entry's key is still trusted; null (entry dropped) when not.
  asio::awaitable<std::shared_ptr<const Principal>> Revalidate(const CacheKey& key,
                                                               CacheEntry entry);
  void CachePut(const CacheKey& key, CacheEntry entry);

  storage::Database& db_;
  KeyStore& keys_;
  const TokenService& tokens_;
  const Clock& clock_;
  ExternalIssuers* external_;
  size_t cache_capacity_;
  std::mutex mu_;
  std::unordered_map<CacheKey, CacheEntry, CacheKeyHash> cache_;
  std::unordered_map<std::string, std::string> realm_audiences_;
};

}  // namespace ispcloud::auth
