#pragma once
// The dispatcher's authenticator for routes that need a bearer token: reads
// `Authorization: Bearer <token>` (never a query string, cookie or form field), verifies it and
// stores the principal in the request context. A missing token answers 401 with
// `WWW-Authenticate: Bearer`; a bad one 401 with `error="invalid_token"`; the reason is logged
// with the request id, never sent.

#include "auth/token_verifier.h"
#include "http/dispatcher.h"

namespace ispcloud::auth {

// Builds the authenticator; `verifier` must outlive it.
http::Authenticator MakeBearerAuthenticator(TokenVerifier& verifier);

}  // namespace ispcloud::auth
