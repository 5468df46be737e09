#pragma once
// Email verification of Plume customers (PLUME-API.md §5.6, §5.7). ispcloud sends no mail: a
// resend creates a verification token, stores only its SHA-256 (replacing any previous one) and
// publishes the event customer.emailVerificationRequested with {customerId, email, uid, token}
// to the outbox, from which the operator's mailer (a hub subscription of topic "plume") builds
// the confirmation link GET /api/Customers/confirm?uid=<customerId>&token=<token>. Confirming
// marks the email verified and consumes the token. A token confirms only the address it was
// issued for: after an email change it is refused.

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "core/random.h"
#include "domain/actor.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

// POST /api/Customers/resendEmailVerification (§5.6).
struct ResendVerificationInput {
  std::optional<std::string> email;
  std::vector<FieldError> decode_errors;
};

// GET /api/Customers/confirm (§5.7), from the query string.
struct ConfirmEmailInput {
  std::optional<std::string> uid;
  std::optional<std::string> token;
  std::optional<std::string> redirect;
  std::vector<FieldError> decode_errors;
};

class EmailVerificationService {
 public:
  EmailVerificationService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids,
                           Random& random)
      : db_(db), clock_(clock), ids_(ids), random_(random) {}

  // §5.6, in its check order: email absent or "" -> 400 MISSING_REQUIRED_ARGUMENT; wrong type
  // -> 422; no customer with that email (case-insensitive) within the caller's scope, or an
  // anonymous customer's placeholder -> 404 EMAIL_NOT_FOUND; already verified -> 409
  // EMAIL_ALREADY_VERIFIED. Stores a new token (hash only), audits and publishes the event in one
  // transaction.
  asio::awaitable<Status> Resend(const auth::Principal& caller, const Actor& actor,
                                 ResendVerificationInput in);

  // §5.7, no authentication: uid or token absent or "" -> 400 MISSING_REQUIRED_ARGUMENT; wrong
  // type, or a redirect that is not an absolute http(s) URL without control characters -> 422;
  // unknown (or malformed) uid -> 404 MODEL_NOT_FOUND; wrong, used or outdated token -> 400
  // INVALID_TOKEN. Sets emailVerified, consumes the token, audits.
  asio::awaitable<Status> Confirm(const Actor& actor, ConfirmEmailInput in);

 private:
  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
  Random& random_;
};

// True when `url` may be a confirmation redirect: an absolute http:// or https:// URL of at most
// 2048 characters with no whitespace or control characters (it becomes a Location header).
bool IsSafeRedirect(std::string_view url);

}  // namespace ispcloud::domain::plume
