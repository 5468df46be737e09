#include "auth/token_service.h"

#include <boost/json/array.hpp>

#include "auth/jose/jwt.h"
#include "auth/secret_hash.h"
#include "core/strings.h"
#include "storage/auth/auth_repository.h"

namespace ispcloud::auth {
namespace {

namespace repo = storage::auth_repo;

Error OAuthError(ErrorCode code, std::string oauth_code, std::string message) {
  return MakeError(code, std::move(message), std::move(oauth_code));
}

int64_t EpochSeconds(TimePoint t) {
  return ToEpochMillis(t) / 1000;
}

boost::json::array JsonArray(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

// User attributes become top-level claims: one value as a string, several as an array.
void AddAttributeClaims(const Attributes& attrs, boost::json::object& claims) {
  for (const auto& [name, values] : attrs) {
    if (claims.contains(name) || values.empty()) continue;  // never override standard claims
    if (values.size() == 1) {
      claims[name] = values.front();
    } else {
      claims[name] = JsonArray(values);
    }
  }
}


}  // namespace

TokenService::TokenService(storage::Database& db, KeyStore& keys, SecretHasher& hasher,
                           const Clock& clock, Random& random, TokenServiceOptions options)
    : db_(db),
      keys_(keys),
      hasher_(hasher),
      clock_(clock),
      random_(random),
      options_(std::move(options)),
      failures_(clock, FailureLimiterOptions{options_.max_failed_client_auth,
                                             options_.failed_auth_window}) {}

std::string TokenService::OktaIssuer() const {
  return options_.public_url + "/oauth2/default";
}

std::string TokenService::RealmIssuer(std::string_view realm) const {
  return options_.public_url + "/realms/" + std::string(realm);
}

std::string TokenService::NewJti(std::string_view prefix) {
  return std::string(prefix) + GenerateSecret(random_);
}

asio::awaitable<Result<OAuthClient>> TokenService::AuthenticateClient(
    std::string_view realm, const ClientCredentials& creds, bool allow_public) {
  if (creds.client_id.empty()) {
    co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_request",
                         "client authentication is required");
  }
  if (failures_.Limited(creds.client_id)) {
    co_return OAuthError(ErrorCode::kRateLimited, "slow_down",
                         "too many failed authentications for this client; retry later");
  }
  std::optional<OAuthClient> client;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindClient(tx, creds.client_id);
    if (!found) co_return found.error();
    client = std::move(*found);
    co_return Ok();
  });
  if (!st) co_return st.error();
  const Error invalid =
      OAuthError(ErrorCode::kUnauthenticated, "invalid_client", "client authentication failed");
  if (!client || client->realm != realm || client->disabled) {
    failures_.RecordFailure(creds.client_id);
    co_return invalid;
  }
  if (!creds.client_secret) {
    if (allow_public && client->public_client) co_return std::move(*client);
    failures_.RecordFailure(creds.client_id);
    co_return invalid;
  }
  bool ok = co_await hasher_.Verify(client->secret_hash, *creds.client_secret);
  if (!ok) {
    failures_.RecordFailure(creds.client_id);
    co_return invalid;
  }
  co_return std::move(*client);
}

asio::awaitable<Result<IssuedTokens>> TokenService::IssueOkta(const ClientCredentials& creds,
                                                              std::optional<std::string> scope) {
  auto client = co_await AuthenticateClient(kDefaultRealm, creds, /*allow_public=*/false);
  if (!client) co_return client.error();
  if (!client->partner_id) {
    co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_scope",
                         "this client is not enabled for partner machine-to-machine access");
  }
  const std::string partner_scope = "partnerId:" + *client->partner_id;
  std::vector<std::string> requested = SplitSpaces(scope.value_or(""));
  bool has_partner = false, has_role = false;
  for (const std::string& s : requested) {
    if (s == partner_scope && !has_partner) {
      has_partner = true;
    } else if (s == "role:partnerIdAdmin" && !has_role) {
      has_role = true;
    } else {
      has_partner = has_role = false;
      break;
    }
  }
  if (!has_partner || !has_role || requested.size() != 2) {
    co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_scope",
                         "scope must be exactly \"" + partner_scope + " role:partnerIdAdmin\"");
  }
  co_return co_await MintOkta(*client);
}

asio::awaitable<Result<IssuedTokens>> TokenService::MintOkta(const OAuthClient& client) {
  if (!client.partner_id) {
    co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_scope",
                         "this client is not enabled for partner machine-to-machine access");
  }
  const std::string partner_scope = "partnerId:" + *client.partner_id;
  auto keys = co_await keys_.Current();
  if (!keys) co_return keys.error();
  const int64_t iat = EpochSeconds(clock_.Now());
  boost::json::object claims{{"ver", 1},
                             {"jti", NewJti("AT.")},
                             {"iss", OktaIssuer()},
                             {"aud", options_.okta_audience},
                             {"iat", iat},
                             {"exp", iat + client.ttl_seconds},
                             {"cid", client.client_id},
                             {"sub", client.client_id},
                             {"scp", boost::json::array{partner_scope, "role:partnerIdAdmin"}}};
  auto jwt = jose::SignJwt((*keys)->signing(), claims, "JWT");
  if (!jwt) co_return jwt.error();
  IssuedTokens out;
  out.access_token = std::move(*jwt);
  out.expires_in = client.ttl_seconds;
  out.scope = partner_scope + " role:partnerIdAdmin";
  co_return out;
}

asio::awaitable<Result<IssuedTokens>> TokenService::IssueRealm(std::string realm_name,
                                                               const TokenRequest& req) {
  if (req.grant_type != "client_credentials" && req.grant_type != "password" &&
      req.grant_type != "refresh_token") {
    co_return OAuthError(ErrorCode::kInvalidArgument, "unsupported_grant_type",
                         "grant_type must be client_credentials, password or refresh_token");
  }
  std::optional<Realm> realm;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindRealm(tx, realm_name);
    if (!found) co_return found.error();
    realm = std::move(*found);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!realm || realm_name == kDefaultRealm) {
    co_return OAuthError(ErrorCode::kNotFound, "not_found", "realm does not exist");
  }
  const bool allow_public = req.grant_type != "client_credentials";
  auto client = co_await AuthenticateClient(realm_name, req.client, allow_public);
  if (!client) co_return client.error();

  auto keys = co_await keys_.Current();
  if (!keys) co_return keys.error();
  const std::string issuer = RealmIssuer(realm_name);
  const TimePoint now = clock_.Now();

  std::optional<User> user;
  std::string session_state;
  if (req.grant_type == "password") {
    if (req.username.empty() || req.password.empty()) {
      co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_request",
                           "username and password are required");
    }
    Status found = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto u = co_await repo::FindUserByName(tx, realm_name, req.username);
      if (!u) co_return u.error();
      user = std::move(*u);
      co_return Ok();
    });
    if (!found) co_return found.error();
    // Hash even for an unknown user so timing does not reveal which usernames exist.
    const std::string hash = user ? user->password_hash : UnknownAccountHash();
    bool ok = co_await hasher_.Verify(hash, req.password);
    if (!user || !ok || user->disabled) {
      co_return OAuthError(ErrorCode::kUnauthenticated, "invalid_grant",
                           "Invalid user credentials");
    }
    session_state = random_.Hex(16);
  } else if (req.grant_type == "refresh_token") {
    const KeySet& set = **keys;
    jose::VerifyOptions vo;
    vo.issuer = issuer;
    vo.audiences = {issuer};
    vo.now = now;
    vo.allowed_typ = {"Refresh"};
    vo.typ_required = true;
    auto verified = jose::VerifyJwt(
        req.refresh_token, [&set](std::string_view kid) { return set.Find(kid); }, vo);
    if (!verified || verified->claims.if_contains("azp") == nullptr ||
        verified->claims.at("azp") != boost::json::value(client->client_id)) {
      co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_grant", "Invalid refresh token");
    }
    const auto* sub = verified->claims.if_contains("sub");
    const auto* sid = verified->claims.if_contains("sid");
    std::string user_id = sub != nullptr && sub->is_string() ? std::string(sub->as_string()) : "";
    session_state = sid != nullptr && sid->is_string() ? std::string(sid->as_string()) : "";
    Status found = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto u = co_await repo::FindUserById(tx, user_id);
      if (!u) co_return u.error();
      user = std::move(*u);
      co_return Ok();
    });
    if (!found) co_return found.error();
    if (!user || user->disabled || user->realm != realm_name) {
      co_return OAuthError(ErrorCode::kInvalidArgument, "invalid_grant",
                           "the session of this refresh token has ended");
    }
  }

  co_return co_await MintRealm(*realm, *client, user, session_state);
}

asio::awaitable<Result<IssuedTokens>> TokenService::MintRealm(const Realm& realm,
                                                              const OAuthClient& client,
                                                              const std::optional<User>& user,
                                                              const std::string& session_state) {
  auto keys = co_await keys_.Current();
  if (!keys) co_return keys.error();
  const std::string issuer = RealmIssuer(realm.name);
  const int64_t iat = EpochSeconds(clock_.Now());
  std::vector<std::string> scopes = {"openid", "profile", "email"};
  for (const std::string& s : client.scopes) {
    if (std::find(scopes.begin(), scopes.end(), s) == scopes.end()) scopes.push_back(s);
  }
  boost::json::object claims{{"exp", iat + realm.token_lifespan_seconds},
                             {"iat", iat},
                             {"jti", NewJti("")},
                             {"iss", issuer},
                             {"aud", realm.audience},
                             {"typ", "Bearer"},
                             {"azp", client.client_id},
                             {"scope", JoinSpaces(scopes)}};
  if (user) {
    claims["sub"] = user->id;
    claims["preferred_username"] = user->username;
    claims["email"] = user->email;
    claims["sid"] = session_state;
    claims["realm_access"] = boost::json::object{{"roles", JsonArray(user->roles)}};
    if (user->partner_id) claims["partnerId"] = *user->partner_id;
    if (!user->group_ids.empty()) claims["groupIds"] = JsonArray(user->group_ids);
    AddAttributeClaims(user->attributes, claims);
  } else {
    claims["sub"] = "service-account-" + client.client_id;
    claims["preferred_username"] = "service-account-" + client.client_id;
    claims["clientId"] = client.client_id;
    claims["realm_access"] =
        boost::json::object{{"roles", JsonArray(client.service_account_roles)}};
  }
  auto access = jose::SignJwt((*keys)->signing(), claims, "JWT");
  if (!access) co_return access.error();

  IssuedTokens out;
  out.access_token = std::move(*access);
  out.expires_in = realm.token_lifespan_seconds;
  out.scope = JoinSpaces(scopes);
  out.session_state = session_state;
  if (user) {
    boost::json::object refresh{{"exp", iat + options_.refresh_lifespan_seconds},
                                {"iat", iat},
                                {"jti", NewJti("")},
                                {"iss", issuer},
                                {"aud", issuer},
                                {"sub", user->id},
                                {"typ", "Refresh"},
                                {"azp", client.client_id},
                                {"sid", session_state}};
    auto rt = jose::SignJwt((*keys)->signing(), refresh, "Refresh");
    if (!rt) co_return rt.error();
    out.refresh_token = std::move(*rt);
    out.refresh_expires_in = options_.refresh_lifespan_seconds;
  }
  co_return out;
}

asio::awaitable<Result<IssuedTokens>> TokenService::IssueForOperator(std::string client_id) {
  std::optional<OAuthClient> client;
  std::optional<Realm> realm;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindClient(tx, client_id);
    if (!found) co_return found.error();
    client = std::move(*found);
    if (!client) co_return Ok();
    auto r = co_await repo::FindRealm(tx, client->realm);
    if (!r) co_return r.error();
    realm = std::move(*r);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!client || !realm) {
    co_return MakeError(ErrorCode::kNotFound, "client '" + client_id + "' not found");
  }
  if (client->disabled) {
    co_return MakeError(ErrorCode::kConflict, "client '" + client_id + "' is revoked");
  }
  if (client->realm == kDefaultRealm) co_return co_await MintOkta(*client);
  co_return co_await MintRealm(*realm, *client, std::nullopt, "");
}

}  // namespace ispcloud::auth
