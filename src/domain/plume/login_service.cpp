#include "domain/plume/login_service.h"

#include "auth/jose/base64url.h"
#include "auth/secret_hash.h"
#include "core/strings.h"
#include "storage/audit_repository.h"
#include "storage/plume/login_repository.h"

namespace ispcloud::domain::plume {
namespace {

namespace repo = storage::plume;
using repo::LoginAccount;

// `iss` of principals built from login tokens (never a JWT issuer, so never confused with one).
constexpr std::string_view kLoginIssuer = "ispcloud:plume-login";
constexpr size_t kTokenBytes = 48;  // 64 base64url characters

Error LoginFailed() {
  return MakeError(ErrorCode::kUnauthenticated, "login failed", "LOGIN_FAILED");
}

Error NotALiveToken() {
  return MakeError(ErrorCode::kUnauthenticated, "the login token is unknown or expired",
                   "AUTHORIZATION_REQUIRED");
}

auth::Principal PrincipalOf(const LoginAccount& a) {
  auth::Principal p;
  p.issuer = std::string(kLoginIssuer);
  p.subject = a.id;
  p.partner_id = a.partner_id;
  p.group_ids = a.group_ids;
  if (a.kind == LoginAccount::Kind::kCustomer) {
    p.customer_id = a.id;
  } else {
    p.username = a.username;
    p.roles = a.roles;
  }
  return p;
}

}  // namespace

bool LooksLikeLoginToken(std::string_view token) {
  return !token.empty() && token.find('.') == std::string_view::npos;
}

LoginService::LoginService(storage::Database& db, auth::SecretHasher& hasher, const Clock& clock,
                           Random& random, LoginOptions options)
    : db_(db),
      hasher_(hasher),
      clock_(clock),
      random_(random),
      options_(options),
      failures_(clock, options.failures) {}

asio::awaitable<Result<LoginSession>> LoginService::Login(std::string login_name,
                                                          std::string password,
                                                          std::string request_id) {
  if (login_name.empty() || password.empty()) {
    co_return MakeError(ErrorCode::kInvalidArgument, "email and password are required",
                        "LOGIN_FIELDS_REQUIRED");
  }
  const std::string name = AsciiLower(login_name);
  if (failures_.Limited(name)) {
    co_return MakeError(ErrorCode::kPermissionDenied,
                        "too many failed logins for this account; retry later", "RATE_LIMITED");
  }

  std::vector<LoginAccount> accounts;
  Status read = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindLoginAccountsByEmail(tx, name);
    if (!found) co_return found.error();
    accounts = std::move(*found);
    co_return Ok();
  });
  if (!read) co_return read.error();

  // Every candidate costs one Argon2id check, and an unknown email costs one too, so timing
  // does not tell which emails exist.
  const LoginAccount* matched = nullptr;
  for (const LoginAccount& a : accounts) {
    if (!a.password_hash) continue;
    std::string hash = *a.password_hash;
    if (co_await hasher_.Verify(std::move(hash), password)) {
      matched = &a;
      break;
    }
  }
  if (accounts.empty()) {
    std::string hash = auth::UnknownAccountHash();
    co_await hasher_.Verify(std::move(hash), password);
  }
  if (matched == nullptr || matched->disabled) {
    failures_.RecordFailure(name);
    co_return LoginFailed();
  }
  const bool is_customer = matched->kind == LoginAccount::Kind::kCustomer;
  if (is_customer && !matched->email_verified) {
    co_return MakeError(ErrorCode::kUnauthenticated, "login failed: the email is not verified",
                        "LOGIN_FAILED_EMAIL_NOT_VERIFIED");
  }

  uint8_t bytes[kTokenBytes];
  random_.Fill(bytes);
  LoginSession session;
  session.token = auth::jose::Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  session.ttl_seconds = options_.ttl_seconds;
  const TimePoint now = clock_.Now();
  session.created_at = FormatIso8601Millis(now);
  session.user_id = matched->id;
  session.is_customer = is_customer;

  repo::LoginTokenRecord record;
  record.token_hash = auth::Sha256Hex(session.token);
  (is_customer ? record.customer_id : record.user_id) = matched->id;
  record.created_at = session.created_at;
  record.expires_at = FormatIso8601Millis(now + std::chrono::seconds(options_.ttl_seconds));
  const Actor actor{(is_customer ? "customer:" : "user:") + matched->id, std::move(request_id),
                    matched->partner_id};
  const storage::AuditEntry entry{session.created_at, "login.create",
                                  is_customer ? "customer" : "user", matched->id, ""};
  Status written = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto pruned = co_await repo::DeleteExpiredLoginTokens(tx, record.created_at);
    if (!pruned) co_return pruned.error();
    Status inserted = co_await repo::InsertLoginToken(tx, record);
    if (!inserted) co_return inserted;
    co_return co_await storage::AppendAudit(tx, actor, entry);
  });
  if (!written) co_return written.error();
  co_return session;
}

asio::awaitable<Result<auth::Principal>> LoginService::Resolve(std::string token) {
  if (!LooksLikeLoginToken(token)) co_return NotALiveToken();
  const std::string hash = auth::Sha256Hex(token);
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<LoginAccount> owner;
  Status read = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindLoginTokenOwner(tx, hash, now);
    if (!found) co_return found.error();
    owner = std::move(*found);
    co_return Ok();
  });
  if (!read) co_return read.error();
  if (!owner || owner->disabled) co_return NotALiveToken();
  co_return PrincipalOf(*owner);
}

asio::awaitable<Status> LoginService::Logout(std::string token, const Actor& actor) {
  if (!LooksLikeLoginToken(token)) co_return NotALiveToken();
  const std::string hash = auth::Sha256Hex(token);
  const std::string now = FormatIso8601Millis(clock_.Now());
  const storage::AuditEntry entry{now, "login.delete", "login", "", ""};
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto deleted = co_await repo::DeleteLoginToken(tx, hash);
    if (!deleted) co_return deleted.error();
    if (!*deleted) co_return NotALiveToken();
    co_return co_await storage::AppendAudit(tx, actor, entry);
  });
}

}  // namespace ispcloud::domain::plume
