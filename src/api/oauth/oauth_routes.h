#pragma once
// Endpoints of the built-in authorization server (DESIGN.md operator contract):
//   Okta style:     POST /oauth2/default/v1/token, GET /oauth2/default/v1/keys,
//                   GET /oauth2/default/.well-known/{openid-configuration,
//                   oauth-authorization-server}
//                   POST /oauth2/default/v1/introspect (RFC 7662, client-authenticated)
//   Keycloak style: POST /realms/{realm}/protocol/openid-connect/token,
//                   GET /realms/{realm}/protocol/openid-connect/certs,
//                   GET /realms/{realm}/.well-known/openid-configuration,
//                   GET /realms/{realm}/protocol/openid-connect/userinfo (bearer token),
//                   all also under the legacy /auth prefix.
// All public (they authenticate clients themselves). Token responses carry
// Cache-Control: no-store.

#include "auth/key_store.h"
#include "auth/token_service.h"
#include "auth/token_verifier.h"
#include "http/router.h"

namespace ispcloud::api {

struct OAuthDeps {
  auth::TokenService& tokens;
  auth::KeyStore& keys;
  auth::TokenVerifier& verifier;
  storage::Database& db;
};

// Registers the token server routes. `deps` must outlive the router.
void RegisterOAuthRoutes(http::Router& router, OAuthDeps& deps);

}  // namespace ispcloud::api
