#include "api/oauth/oauth_routes.h"

#include <boost/json/array.hpp>

#include "api/error_render.h"
#include "api/oauth/form.h"
#include "auth/principal.h"
#include "storage/auth/auth_repository.h"

namespace ispcloud::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace beast_http = boost::beast::http;

Response OAuthFailure(const Error& e, const RequestContext& ctx, bool basic_challenge) {
  Response res = RenderError(http::ApiFamily::kOAuth, e, ctx.request_id);
  if (res.result_int() == 401 && basic_challenge) {
    res.set(beast_http::field::www_authenticate, "Basic realm=\"ispcloud\"");
  }
  return res;
}

Response NoStore(Response res) {
  res.set(beast_http::field::cache_control, "no-store");
  res.set(beast_http::field::pragma, "no-cache");
  return res;
}

// Decodes the form and the client credentials (Basic header or form fields, never both).
Result<std::pair<oauth::FormFields, auth::ClientCredentials>> DecodeTokenRequest(
    const RequestContext& ctx) {
  const auto& req = ctx.request;
  if (!oauth::IsFormContentType(req[beast_http::field::content_type])) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Content-Type must be application/x-www-form-urlencoded", "invalid_request");
  }
  auto form = oauth::ParseForm(req.body());
  if (!form) return form.error();
  auto basic = oauth::ParseBasicAuthorization(req[beast_http::field::authorization]);
  if (!basic) return basic.error();
  auth::ClientCredentials creds;
  auto id = form->find("client_id");
  auto secret = form->find("client_secret");
  if (*basic) {
    if (secret != form->end() || (id != form->end() && id->second != (*basic)->client_id)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "client credentials given both in the Authorization header and the body",
                       "invalid_request");
    }
    creds.client_id = (*basic)->client_id;
    creds.client_secret = (*basic)->client_secret;
  } else {
    if (id != form->end()) creds.client_id = id->second;
    if (secret != form->end()) creds.client_secret = secret->second;
  }
  return std::make_pair(std::move(*form), std::move(creds));
}

std::string FieldOr(const oauth::FormFields& f, std::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

boost::json::object TokenJson(const auth::IssuedTokens& t) {
  boost::json::object o{{"access_token", t.access_token},
                        {"expires_in", t.expires_in},
                        {"token_type", "Bearer"},
                        {"scope", t.scope}};
  if (t.refresh_token) {
    o["refresh_token"] = *t.refresh_token;
    o["refresh_expires_in"] = t.refresh_expires_in;
  }
  return o;
}

asio::awaitable<Response> OktaToken(OAuthDeps& deps, RequestContext& ctx) {
  auto decoded = DecodeTokenRequest(ctx);
  if (!decoded) co_return OAuthFailure(decoded.error(), ctx, true);
  const oauth::FormFields& form = decoded->first;
  auto grant = form.find("grant_type");
  if (grant == form.end()) {
    co_return OAuthFailure(
        MakeError(ErrorCode::kInvalidArgument, "grant_type is required", "invalid_request"), ctx,
        true);
  }
  if (grant->second != "client_credentials") {
    co_return OAuthFailure(
        MakeError(ErrorCode::kInvalidArgument, "only client_credentials is supported",
                  "unsupported_grant_type"),
        ctx, true);
  }
  std::optional<std::string> scope;
  if (auto it = form.find("scope"); it != form.end()) scope = it->second;
  auto issued = co_await deps.tokens.IssueOkta(decoded->second, scope);
  if (!issued) co_return OAuthFailure(issued.error(), ctx, true);
  co_return NoStore(http::JsonResponse(200, TokenJson(*issued)));
}

asio::awaitable<Response> RealmToken(OAuthDeps& deps, RequestContext& ctx) {
  auto decoded = DecodeTokenRequest(ctx);
  if (!decoded) co_return OAuthFailure(decoded.error(), ctx, false);
  const oauth::FormFields& form = decoded->first;
  auth::TokenRequest request;
  request.grant_type = FieldOr(form, "grant_type");
  if (request.grant_type.empty()) {
    co_return OAuthFailure(MakeError(ErrorCode::kInvalidArgument,
                                     "Missing form parameter: grant_type", "invalid_request"),
                           ctx, false);
  }
  request.client = decoded->second;
  if (auto it = form.find("scope"); it != form.end()) request.scope = it->second;
  request.username = FieldOr(form, "username");
  request.password = FieldOr(form, "password");
  request.refresh_token = FieldOr(form, "refresh_token");
  std::string realm(ctx.params.Get("realm"));
  auto issued = co_await deps.tokens.IssueRealm(realm, request);
  if (!issued) co_return OAuthFailure(issued.error(), ctx, false);
  boost::json::object body = TokenJson(*issued);
  body["not-before-policy"] = 0;
  if (!issued->session_state.empty()) body["session_state"] = issued->session_state;
  co_return NoStore(http::JsonResponse(200, body));
}

asio::awaitable<Response> Jwks(OAuthDeps& deps, RequestContext& ctx) {
  auto keys = co_await deps.keys.Current();
  if (!keys) co_return OAuthFailure(keys.error(), ctx, false);
  Response res = http::JsonResponse(200, (*keys)->Jwks());
  res.set(beast_http::field::cache_control, "max-age=60");
  co_return res;
}

// Ok when `realm` exists (and is not the Okta-style partner realm).
asio::awaitable<Status> RequireRealm(OAuthDeps& deps, std::string realm) {
  bool exists = false;
  Status st = co_await deps.db.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await storage::auth_repo::FindRealm(tx, realm);
    if (!found) co_return found.error();
    exists = found->has_value();
    co_return Ok();
  });
  if (!st) co_return st;
  if (!exists || realm == auth::kDefaultRealm) {
    co_return MakeError(ErrorCode::kNotFound, "Realm does not exist", "not_found");
  }
  co_return Ok();
}

boost::json::array Strings(std::initializer_list<const char*> items) {
  boost::json::array a;
  for (const char* s : items) a.emplace_back(s);
  return a;
}

asio::awaitable<Response> OktaDiscovery(OAuthDeps& deps, RequestContext& ctx) {
  const std::string iss = deps.tokens.OktaIssuer();
  boost::json::object doc{
      {"issuer", iss},
      {"token_endpoint", iss + "/v1/token"},
      {"jwks_uri", iss + "/v1/keys"},
      {"grant_types_supported", Strings({"client_credentials"})},
      {"response_types_supported", Strings({"token"})},
      {"token_endpoint_auth_methods_supported",
       Strings({"client_secret_basic", "client_secret_post"})},
      {"id_token_signing_alg_values_supported", Strings({"ES256", "RS256", "EdDSA"})},
      {"subject_types_supported", Strings({"public"})},
      {"scopes_supported", Strings({"role:partnerIdAdmin"})}};
  co_return http::JsonResponse(200, doc);
}

asio::awaitable<Response> RealmDiscovery(OAuthDeps& deps, RequestContext& ctx) {
  std::string realm(ctx.params.Get("realm"));
  Status exists = co_await RequireRealm(deps, realm);
  if (!exists) co_return OAuthFailure(exists.error(), ctx, false);
  const std::string iss = deps.tokens.RealmIssuer(realm);
  boost::json::object doc{
      {"issuer", iss},
      {"token_endpoint", iss + "/protocol/openid-connect/token"},
      {"jwks_uri", iss + "/protocol/openid-connect/certs"},
      {"grant_types_supported", Strings({"client_credentials", "password", "refresh_token"})},
      {"response_types_supported", Strings({"token"})},
      {"token_endpoint_auth_methods_supported",
       Strings({"client_secret_basic", "client_secret_post"})},
      {"id_token_signing_alg_values_supported", Strings({"ES256", "RS256", "EdDSA"})},
      {"subject_types_supported", Strings({"public"})},
      {"scopes_supported", Strings({"openid", "profile", "email"})}};
  co_return http::JsonResponse(200, doc);
}

asio::awaitable<Response> RealmCerts(OAuthDeps& deps, RequestContext& ctx) {
  std::string realm(ctx.params.Get("realm"));
  Status exists = co_await RequireRealm(deps, realm);
  if (!exists) co_return OAuthFailure(exists.error(), ctx, false);
  co_return co_await Jwks(deps, ctx);
}

boost::json::array JoinedArray(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

asio::awaitable<Response> OktaIntrospect(OAuthDeps& deps, RequestContext& ctx) {
  auto decoded = DecodeTokenRequest(ctx);
  if (!decoded) co_return OAuthFailure(decoded.error(), ctx, true);
  auto client = co_await deps.tokens.Authenticate(auth::kDefaultRealm, decoded->second);
  if (!client) co_return OAuthFailure(client.error(), ctx, true);
  auto token = decoded->first.find("token");
  if (token == decoded->first.end() || token->second.empty()) {
    co_return OAuthFailure(
        MakeError(ErrorCode::kInvalidArgument, "token is required", "invalid_request"), ctx, true);
  }
  auto principal = co_await deps.verifier.Verify(token->second);
  // Only tokens of this authorization server are reported active (RFC 7662 §2.2).
  if (!principal || (*principal)->issuer != deps.tokens.OktaIssuer()) {
    co_return NoStore(http::JsonResponse(200, boost::json::object{{"active", false}}));
  }
  const auth::Principal& p = **principal;
  std::string scope;
  for (const auto& s : p.scopes) scope += (scope.empty() ? "" : " ") + s;
  boost::json::object body{{"active", true},
                           {"scope", scope},
                           {"exp", p.expires_at},
                           {"sub", p.subject},
                           {"client_id", p.client_id},
                           {"iss", p.issuer},
                           {"aud", deps.tokens.options().okta_audience},
                           {"token_type", "Bearer"}};
  co_return NoStore(http::JsonResponse(200, body));
}

asio::awaitable<Response> RealmUserinfo(OAuthDeps& deps, RequestContext& ctx) {
  const auth::Principal& p = *ctx.principal;
  std::string realm(ctx.params.Get("realm"));
  if (p.issuer != deps.tokens.RealmIssuer(realm)) {
    co_return RenderError(http::ApiFamily::kOAuth,
                          MakeError(ErrorCode::kUnauthenticated,
                                    "the token was not issued by this realm", "invalid_token"),
                          ctx.request_id);
  }
  boost::json::object body{{"sub", p.subject},
                           {"preferred_username", p.username},
                           {"realm_roles", JoinedArray(p.roles)}};
  co_return http::JsonResponse(200, body);
}

}  // namespace

void RegisterOAuthRoutes(http::Router& router, OAuthDeps& deps) {
  router.Add(Verb::post, "/oauth2/default/v1/token", Access::kPublic,
             http::BindDeps(deps, OktaToken));
  router.Add(Verb::get, "/oauth2/default/v1/keys", Access::kPublic, http::BindDeps(deps, Jwks));
  router.Add(Verb::post, "/oauth2/default/v1/introspect", Access::kPublic,
             http::BindDeps(deps, OktaIntrospect));
  router.Add(Verb::get, "/oauth2/default/.well-known/openid-configuration", Access::kPublic,
             http::BindDeps(deps, OktaDiscovery));
  router.Add(Verb::get, "/oauth2/default/.well-known/oauth-authorization-server", Access::kPublic,
             http::BindDeps(deps, OktaDiscovery));
  for (std::string prefix : {"", "/auth"}) {
    router.Add(Verb::post, prefix + "/realms/{realm}/protocol/openid-connect/token",
               Access::kPublic, http::BindDeps(deps, RealmToken));
    router.Add(Verb::get, prefix + "/realms/{realm}/protocol/openid-connect/certs", Access::kPublic,
               http::BindDeps(deps, RealmCerts));
    router.Add(Verb::get, prefix + "/realms/{realm}/.well-known/openid-configuration",
               Access::kPublic, http::BindDeps(deps, RealmDiscovery));
    router.Add(Verb::get, prefix + "/realms/{realm}/protocol/openid-connect/userinfo",
               Access::kBearer, http::BindDeps(deps, RealmUserinfo));
  }
}

}  // namespace ispcloud::api
