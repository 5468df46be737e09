#include "domain/plume/email_verification_service.h"

#include "auth/plume_policy.h"
#include "auth/secret_hash.h"
#include "core/object_id.h"
#include "core/strings.h"
#include "domain/plume/audit.h"
#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"
#include "domain/plume/events.h"
#include "storage/plume/customer_repository.h"
#include "storage/plume/support_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

bool Missing(const std::optional<std::string>& v) {
  return !v || v->empty();
}

Error EmailNotFound() {
  return MakeError(ErrorCode::kNotFound, "Email not found", "EMAIL_NOT_FOUND");
}

Error InvalidToken() {
  return MakeError(ErrorCode::kInvalidArgument, "Invalid token", "INVALID_TOKEN");
}

}  // namespace

bool IsSafeRedirect(std::string_view url) {
  if (url.size() > 2048) return false;
  if (!IStartsWith(url, "http://") && !IStartsWith(url, "https://")) return false;
  const size_t host = url.find("//") + 2;
  if (host >= url.size() || url[host] == '/') return false;
  for (char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

asio::awaitable<Status> EmailVerificationService::Resend(const auth::Principal& caller,
                                                         const Actor& actor,
                                                         ResendVerificationInput in) {
  if (!HasFieldError(in.decode_errors, "email") && Missing(in.email)) {
    co_return MissingArgument("email");
  }
  if (!in.decode_errors.empty()) co_return InvalidFields("Customer", std::move(in.decode_errors));
  const std::string email = NormalizeEmail(*in.email);
  const std::string token = auth::GenerateSecret(random_);
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindCustomerByEmail(tx, email);
    if (!found) co_return found.error();
    if (!*found || (*found)->anonymous) co_return EmailNotFound();
    const Customer& c = **found;
    const auth::CustomerTenancy tenancy{c.partner_id, c.group_ids, c.id};
    if (!auth::CheckPlumeCustomerScope(caller, tenancy)) co_return EmailNotFound();
    if (c.email_verified) {
      co_return MakeError(ErrorCode::kConflict, "Email is already verified",
                          "EMAIL_ALREADY_VERIFIED");
    }
    const repo::EmailVerification pending{c.id, auth::Sha256Hex(token), c.email, now};
    if (Status s = co_await repo::UpsertEmailVerification(tx, pending); !s) co_return s;
    if (Status s = co_await AuditChange(tx, actor, c.partner_id, now,
                                        "customer.emailVerificationRequested", "customer", c.id);
        !s) {
      co_return s;
    }
    boost::json::object body{
        {"customerId", c.id}, {"email", c.email}, {"uid", c.id}, {"token", token}};
    co_return co_await PublishPlumeEvent(tx, clock_, ids_, c.partner_id,
                                         kEmailVerificationRequested, std::move(body));
  });
  co_return st;
}

asio::awaitable<Status> EmailVerificationService::Confirm(const Actor& actor,
                                                          ConfirmEmailInput in) {
  if (!HasFieldError(in.decode_errors, "uid") && Missing(in.uid)) co_return MissingArgument("uid");
  if (!HasFieldError(in.decode_errors, "token") && Missing(in.token)) {
    co_return MissingArgument("token");
  }
  std::vector<FieldError> invalid = std::move(in.decode_errors);
  if (in.redirect && !IsSafeRedirect(*in.redirect)) {
    invalid.push_back({"redirect", "format", "must be an absolute http(s) URL"});
  }
  if (!invalid.empty()) co_return InvalidFields("Customer", std::move(invalid));
  const std::string token_hash = auth::Sha256Hex(*in.token);
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    std::optional<Customer> customer;
    if (IsObjectId(*in.uid)) {
      const std::string id = AsciiLower(*in.uid);
      auto found = co_await repo::FindCustomer(tx, id);
      if (!found) co_return found.error();
      customer = std::move(*found);
    }
    if (!customer) co_return ModelNotFound("Customer");
    auto pending = co_await repo::FindEmailVerification(tx, customer->id);
    if (!pending) co_return pending.error();
    if (!*pending || !auth::ConstantTimeEquals((*pending)->token_hash, token_hash) ||
        (*pending)->email != customer->email) {
      co_return InvalidToken();
    }
    if (Status s = co_await repo::DeleteEmailVerification(tx, customer->id); !s) co_return s;
    customer->email_verified = true;
    customer->updated_at = now;
    if (Status s = co_await repo::UpdateCustomer(tx, *customer); !s) co_return s;
    const std::string& tenant = customer->partner_id;
    const std::string& id = customer->id;
    co_return co_await AuditChange(tx, actor, tenant, now, "customer.emailConfirmed", "customer",
                                   id);
  });
  co_return st;
}

}  // namespace ispcloud::domain::plume
