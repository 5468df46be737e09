#pragma once
// The legacy Plume login (PLUME-API.md §3.4, §3.5): customers and Plume operator users (group
// admin / group support, users with a partner) exchange email + password for an opaque
// LoopBack-style access token, later presented as a bearer token on /api, and revoke it with
// logout. Only the token's SHA-256 is stored. Failed logins are limited per login name.

#include <optional>
#include <string>

#include "auth/failure_limiter.h"
#include "auth/principal.h"
#include "auth/secret_hasher.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/random.h"
#include "domain/actor.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

struct LoginOptions {
  int64_t ttl_seconds = 1'209'600;  // 14 days, LoopBack's default
  auth::FailureLimiterOptions failures{10, std::chrono::seconds(300)};
};

// A new login token and who it belongs to.
struct LoginSession {
  std::string token;  // 64 URL-safe characters
  int64_t ttl_seconds = 0;
  std::string created_at;
  std::string user_id;  // the customer id, or the operator user's id
  bool is_customer = false;
};

class LoginService {
 public:
  LoginService(storage::Database& db, auth::SecretHasher& hasher, const Clock& clock,
               Random& random, LoginOptions options = {});

  // §3.4. `login_name` is the email (or LoopBack `username`, matched against the email).
  // Empty name or password -> kInvalidArgument "LOGIN_FIELDS_REQUIRED"; unknown email, wrong
  // password, no password, disabled user -> kUnauthenticated "LOGIN_FAILED" (one message for
  // all); correct password of a customer whose email is not verified -> kUnauthenticated
  // "LOGIN_FAILED_EMAIL_NOT_VERIFIED"; too many failures for the name -> kPermissionDenied
  // "RATE_LIMITED". The token is stored and audited in one transaction.
  asio::awaitable<Result<LoginSession>> Login(std::string login_name, std::string password,
                                              std::string request_id);

  // The principal of a live login token; kUnauthenticated when the token is unknown, expired,
  // revoked, or its owner was deleted or disabled.
  asio::awaitable<Result<auth::Principal>> Resolve(std::string token);

  // §3.5: revokes `token`. kUnauthenticated when it is not a live login token.
  asio::awaitable<Status> Logout(std::string token, const Actor& actor);

 private:
  storage::Database& db_;
  auth::SecretHasher& hasher_;
  const Clock& clock_;
  Random& random_;
  LoginOptions options_;
  auth::FailureLimiter failures_;
};

// True when `token` has the shape of a login token (not a JWT): used to route bearer values.
bool LooksLikeLoginToken(std::string_view token);

}  // namespace ispcloud::domain::plume
