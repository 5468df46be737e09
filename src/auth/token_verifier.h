#pragma once
// Verifies bearer tokens and turns them into Principals. Accepts the tokens of this server's
// own issuers ({public_url}/oauth2/default and {public_url}[/auth]/realms/{realm}); the
// signature check is pinned to the key's algorithm (jose::VerifyJwt), exp/nbf/iat/iss/aud are
// checked strictly. Verified tokens are cached by SHA-256 until they expire, so the hot path is
// a hash lookup. Thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/key_store.h"
#include "auth/principal.h"
#include "auth/token_service.h"
#include "core/asio.h"
#include "core/clock.h"
#include "storage/db.h"

namespace ispcloud::auth {

class TokenVerifier {
 public:
  TokenVerifier(storage::Database& db, KeyStore& keys, const TokenService& tokens,
                const Clock& clock, size_t cache_capacity = 100'000);

  // The principal of `token`. Errors: kUnauthenticated with api_code "invalid_token" and a
  // precise message (for logs; clients only learn that the token is invalid).
  asio::awaitable<Result<std::shared_ptr<const Principal>>> Verify(std::string_view token);

  size_t CacheSize();

 private:
  struct Issuer {
    std::vector<std::string> audiences;
    ClaimPreset preset = ClaimPreset::kGeneric;
  };
  // The issuer entry for `iss`, or an error when it is not one of ours.
  asio::awaitable<Result<Issuer>> ResolveIssuer(const std::string& iss);
  std::shared_ptr<const Principal> CacheGet(const std::string& key);
  void CachePut(const std::string& key, std::shared_ptr<const Principal> principal);

  storage::Database& db_;
  KeyStore& keys_;
  const TokenService& tokens_;
  const Clock& clock_;
  size_t cache_capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Principal>> cache_;
  std::unordered_map<std::string, std::string> realm_audiences_;
};

}  // namespace ispcloud::auth
