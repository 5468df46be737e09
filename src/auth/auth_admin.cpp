#include "auth/auth_admin.h"

#include "auth/secret_hash.h"
#include "domain/plume/partner_service.h"
#include "storage/audit_repository.h"
#include "storage/auth/auth_repository.h"
#include "storage/plume/partner_repository.h"

namespace ispcloud::auth {
namespace {

namespace repo = storage::auth_repo;

constexpr int64_t kDefaultRealmLifespan = 3600;
constexpr std::string_view kKeycloakAudience = "account";

Error Invalid(const char* context, std::string field, std::string rule, std::string message) {
  Error e = MakeError(ErrorCode::kValidation, std::string("invalid ") + context);
  e.context = context;
  e.fields.push_back({std::move(field), std::move(rule), std::move(message)});
  return e;
}

Error TranslateUnique(Error e, const std::string& what) {
  if (e.api_code == storage::kDbUniqueViolation) {
    return MakeError(ErrorCode::kConflict, what + " already exists");
  }
  return e;
}

}  // namespace

bool IsValidRealmName(std::string_view realm) {
  return domain::plume::IsValidOperatorId(realm);
}

asio::awaitable<Status> AuthAdmin::EnsureRealm(storage::Tx& tx, const std::string& realm,
                                               const std::string& now) {
  auto found = co_await repo::FindRealm(tx, realm);
  if (!found) co_return found.error();
  if (found->has_value()) co_return Ok();
  const Realm created{realm,
                      realm == kDefaultRealm ? okta_audience_ : std::string(kKeycloakAudience),
                      kDefaultRealmLifespan, now};
  co_return co_await repo::InsertRealm(tx, created);
}

asio::awaitable<Result<CreatedClient>> AuthAdmin::CreatePartnerClient(const domain::Actor& actor,
                                                                      std::string partner_id,
                                                                      int ttl_minutes) {
  if (ttl_minutes < 5 || ttl_minutes > 1440) {
    co_return Invalid("Client", "ttl-minutes", "range", "must be between 5 and 1440");
  }
  const std::string now = FormatIso8601Millis(clock_.Now());
  CreatedClient out;
  out.secret = GenerateSecret(random_);
  auto hash = HashSecret(out.secret);
  if (!hash) co_return hash.error();
  OAuthClient& c = out.client;
  c.client_id = random_.Hex(10);
  c.realm = std::string(kDefaultRealm);
  c.secret_hash = std::move(*hash);
  c.partner_id = partner_id;
  c.scopes = {"partnerId:" + partner_id, "role:partnerIdAdmin"};
  c.ttl_seconds = int64_t{ttl_minutes} * 60;
  c.created_at = now;
  domain::Actor audited = actor;
  audited.tenant = partner_id;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto partner = co_await storage::plume::FindPartner(tx, partner_id);
    if (!partner) co_return partner.error();
    if (!partner->has_value()) {
      co_return MakeError(ErrorCode::kNotFound, "partner '" + partner_id + "' not found");
    }
    if (Status s = co_await EnsureRealm(tx, c.realm, now); !s) co_return s;
    if (Status s = co_await repo::InsertClient(tx, c); !s) co_return s;
    const storage::AuditEntry audit{now, "client.create", "oauth_client", c.client_id, ""};
    co_return co_await storage::AppendAudit(tx, audited, audit);
  });
  if (!st) co_return TranslateUnique(st.error(), "client");
  co_return out;
}

asio::awaitable<Result<CreatedClient>> AuthAdmin::CreateRealmClient(const domain::Actor& actor,
                                                                    NewRealmClient request) {
  if (!IsValidRealmName(request.realm) || request.realm == kDefaultRealm) {
    co_return Invalid("Client", "realm", "format",
                      "must be 1-64 characters of A-Z a-z 0-9 . _ - (not \"default\", the "
                      "partner realm)");
  }
  if (!domain::plume::IsValidOperatorId(request.client_id)) {
    co_return Invalid("Client", "client-id", "format",
                      "must be 1-64 characters of A-Z a-z 0-9 . _ -");
  }
  const std::string now = FormatIso8601Millis(clock_.Now());
  CreatedClient out;
  out.secret = request.public_client ? "" : GenerateSecret(random_);
  std::string hash_input = request.public_client ? GenerateSecret(random_) : out.secret;
  auto hash = HashSecret(hash_input);
  if (!hash) co_return hash.error();
  OAuthClient& c = out.client;
  c.client_id = request.client_id;
  c.realm = request.realm;
  c.secret_hash = std::move(*hash);
  c.scopes = std::move(request.scopes);
  c.service_account_roles = std::move(request.service_account_roles);
  c.ttl_seconds = kDefaultRealmLifespan;
  c.public_client = request.public_client;
  c.created_at = now;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (Status s = co_await EnsureRealm(tx, c.realm, now); !s) co_return s;
    if (Status s = co_await repo::InsertClient(tx, c); !s) co_return s;
    const storage::AuditEntry audit{now, "client.create", "oauth_client", c.client_id, ""};
    co_return co_await storage::AppendAudit(tx, actor, audit);
  });
  if (!st) co_return TranslateUnique(st.error(), "client '" + c.client_id + "'");
  co_return out;
}

asio::awaitable<Result<std::vector<OAuthClient>>> AuthAdmin::ListClients(std::string realm) {
  std::vector<OAuthClient> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto list = co_await repo::ListClients(tx, realm);
    if (!list) co_return list.error();
    out = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Status> AuthAdmin::RevokeClient(const domain::Actor& actor, std::string client_id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto changed = co_await repo::DisableClient(tx, client_id);
    if (!changed) co_return changed.error();
    if (!*changed)
      co_return MakeError(ErrorCode::kNotFound, "client '" + client_id + "' not found");
    const storage::AuditEntry audit{now, "client.revoke", "oauth_client", client_id, ""};
    co_return co_await storage::AppendAudit(tx, actor, audit);
  });
}

asio::awaitable<Result<User>> AuthAdmin::CreateUser(const domain::Actor& actor, NewUser request) {
  Error invalid = MakeError(ErrorCode::kValidation, "invalid user");
  invalid.context = "User";
  if (!IsValidRealmName(request.realm)) {
    invalid.fields.push_back({"realm", "format", "must be 1-64 characters of A-Z a-z 0-9 . _ -"});
  }
  if (request.username.empty() || request.username.size() > 255) {
    invalid.fields.push_back({"username", "length", "must be 1-255 characters"});
  }
  if (request.email.find('@') == std::string::npos || request.email.size() > 254) {
    invalid.fields.push_back({"email", "format", "must be an email address"});
  }
  if (request.password.size() < 8 || request.password.size() > 1024) {
    invalid.fields.push_back({"password", "length", "must be 8-1024 characters"});
  }
  if (!request.group_ids.empty() && !request.partner_id) {
    invalid.fields.push_back({"group", "presence", "groups need --partner"});
  }
  if (!invalid.fields.empty()) co_return invalid;

  const std::string now = FormatIso8601Millis(clock_.Now());
  auto hash = HashSecret(request.password);
  if (!hash) co_return hash.error();
  User u;
  u.id = ids_.Next();
  u.realm = request.realm;
  u.username = request.username;
  u.email = request.email;
  u.password_hash = std::move(*hash);
  u.roles = std::move(request.roles);
  u.attributes = std::move(request.attributes);
  u.partner_id = request.partner_id;
  u.group_ids = std::move(request.group_ids);
  u.created_at = now;
  domain::Actor audited = actor;
  if (u.partner_id) audited.tenant = *u.partner_id;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (u.partner_id) {
      auto partner = co_await storage::plume::FindPartner(tx, *u.partner_id);
      if (!partner) co_return partner.error();
      if (!partner->has_value()) {
        co_return MakeError(ErrorCode::kNotFound, "partner '" + *u.partner_id + "' not found");
      }
    }
    if (Status s = co_await EnsureRealm(tx, u.realm, now); !s) co_return s;
    if (Status s = co_await repo::InsertUser(tx, u); !s) co_return s;
    const storage::AuditEntry audit{now, "user.create", "user", u.id, ""};
    co_return co_await storage::AppendAudit(tx, audited, audit);
  });
  if (!st) co_return TranslateUnique(st.error(), "user '" + u.username + "'");
  u.password_hash.clear();
  co_return u;
}

asio::awaitable<Result<std::vector<User>>> AuthAdmin::ListUsers(std::string realm) {
  std::vector<User> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto list = co_await repo::ListUsers(tx, realm);
    if (!list) co_return list.error();
    out = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  for (User& u : out) u.password_hash.clear();
  co_return out;
}

asio::awaitable<Status> AuthAdmin::SetUserDisabled(const domain::Actor& actor, std::string realm,
                                                   std::string username, bool disabled) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto changed = co_await repo::SetUserDisabled(tx, realm, username, disabled);
    if (!changed) co_return changed.error();
    if (!*changed) {
      co_return MakeError(ErrorCode::kNotFound,
                          "user '" + username + "' not found in realm '" + realm + "'");
    }
    const storage::AuditEntry audit{now, disabled ? "user.disable" : "user.enable", "user",
                                    realm + "/" + username, ""};
    co_return co_await storage::AppendAudit(tx, actor, audit);
  });
}

}  // namespace ispcloud::auth
