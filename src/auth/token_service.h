#pragma once
// The built-in authorization server: issues access tokens Okta-style (client credentials for
// Plume partner clients, realm "default") and Keycloak-style (client_credentials, password and
// refresh_token grants for any realm). Errors carry the RFC 6749 error code in Error::api_code
// and the HTTP status through ErrorCode (invalid_client -> 401, the others -> 400, bad user
// credentials -> 401 invalid_grant as Keycloak answers).

#include <chrono>
#include <optional>
#include <string>

#include "auth/failure_limiter.h"
#include "auth/key_store.h"
#include "auth/model.h"
#include "auth/secret_hasher.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/random.h"
#include "storage/db.h"

namespace ispcloud::auth {

struct ClientCredentials {
  std::string client_id;
  std::optional<std::string> client_secret;  // absent: a public client
};

struct TokenRequest {
  std::string grant_type;
  ClientCredentials client;
  std::optional<std::string> scope;
  std::string username;       // password grant
  std::string password;       // password grant
  std::string refresh_token;  // refresh_token grant
};

struct IssuedTokens {
  std::string access_token;
  int64_t expires_in = 0;
  std::string scope;
  std::optional<std::string> refresh_token;
  int64_t refresh_expires_in = 0;
  std::string session_state;
};

struct TokenServiceOptions {
  std::string public_url;  // no trailing slash
  std::string okta_audience = "api://default";
  int64_t refresh_lifespan_seconds = 1800;
  int max_failed_client_auth = 10;  // per client per window, then 429
  std::chrono::seconds failed_auth_window{60};
};

class TokenService {
 public:
  TokenService(storage::Database& db, KeyStore& keys, SecretHasher& hasher, const Clock& clock,
               Random& random, TokenServiceOptions options);

  // POST /oauth2/default/v1/token (grant_type already checked to be client_credentials).
  // `scope` must be exactly "partnerId:<P> role:partnerIdAdmin" for the client's partner.
  asio::awaitable<Result<IssuedTokens>> IssueOkta(const ClientCredentials& client,
                                                  std::optional<std::string> scope);

  // POST /realms/{realm}/protocol/openid-connect/token.
  asio::awaitable<Result<IssuedTokens>> IssueRealm(std::string realm, const TokenRequest& request);

  // Issues a token for `client_id` without its secret, for the operator command
  // `ispcloud token issue`: partner clients get the Okta-style token, realm clients a
  // client_credentials token. Errors: kNotFound, kConflict (revoked).
  asio::awaitable<Result<IssuedTokens>> IssueForOperator(std::string client_id);

  // Authenticates a confidential client of `realm` (introspection). Errors as the token
  // endpoint: invalid_client (401), slow_down (429).
  asio::awaitable<Result<OAuthClient>> Authenticate(std::string_view realm,
                                                    const ClientCredentials& creds) {
    return AuthenticateClient(realm, creds, /*allow_public=*/false);
  }

  // `iss` of the Okta-style tokens: {public_url}/oauth2/default.
  std::string OktaIssuer() const;
  // `iss` of a realm's tokens: {public_url}/realms/{realm}.
  std::string RealmIssuer(std::string_view realm) const;
  const TokenServiceOptions& options() const { return options_; }
  // Sets the public base URL (known once the server has bound its port). Call before serving.
  void SetPublicUrl(std::string url) { options_.public_url = std::move(url); }

 private:
  // Finds and authenticates a client of `realm`; counts failures for rate limiting.
  asio::awaitable<Result<OAuthClient>> AuthenticateClient(std::string_view realm,
                                                          const ClientCredentials& creds,
                                                          bool allow_public);
  // Signs an Okta-style partner token for `client`.
  asio::awaitable<Result<IssuedTokens>> MintOkta(const OAuthClient& client);
  // Signs a realm access token (and, for a user, a refresh token).
  asio::awaitable<Result<IssuedTokens>> MintRealm(const Realm& realm, const OAuthClient& client,
                                                  const std::optional<User>& user,
                                                  const std::string& session_state);
  std::string NewJti(std::string_view prefix);

  storage::Database& db_;
  KeyStore& keys_;
  SecretHasher& hasher_;
  const Clock& clock_;
  Random& random_;
  TokenServiceOptions options_;
  FailureLimiter failures_;  // failed client authentications per client id
};

}  // namespace ispcloud::auth
