#pragma once
// The dispatcher's authenticator for routes that need a bearer token. Reads
// `Authorization: Bearer <token>` (never a cookie or form field), verifies it and stores the
// principal in the request context. A missing token answers 401 with `WWW-Authenticate: Bearer`;
// a bad one 401 with `error="invalid_token"`; the reason is logged with the request id, never
// sent.
//
// Plume routes also take the opaque login tokens of `POST /api/Customers/login` (PLUME-API.md
// §3.4), in the three LoopBack forms: `Authorization: Bearer <id>`, the bare `Authorization:
// <id>`, and the query parameter `access_token=<id>`. A value with a '.' is a JWT; anything else
// is looked up with the login-token resolver. Other families accept JWTs only.

#include <functional>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "auth/token_verifier.h"
#include "http/dispatcher.h"

namespace ispcloud::auth {

// How Plume routes find and resolve login tokens (wired by the app from api/plume and
// domain/plume).
struct LoginTokens {
  // The login token a request carries, or "" when it carries none.
  std::function<std::string(const http::RequestContext&)> extract;
  // The token's principal; kUnauthenticated when it is not a live login token.
  std::function<asio::awaitable<Result<Principal>>(std::string token)> resolve;
};

// Builds the authenticator; `verifier` must outlive it. Without `login_tokens`, Plume routes
// accept JWTs only.
http::Authenticator MakeBearerAuthenticator(TokenVerifier& verifier,
                                            std::optional<LoginTokens> login_tokens = {});

}  // namespace ispcloud::auth
