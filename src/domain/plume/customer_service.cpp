#include "domain/plume/customer_service.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "auth/plume_policy.h"
#include "auth/secret_hash.h"
#include "core/strings.h"
#include "domain/plume/audit.h"
#include "domain/plume/customer_gate.h"
#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"
#include "domain/plume/events.h"
#include "domain/plume/location_rules.h"
#include "domain/plume/node_service.h"
#include "storage/events/outbox_repository.h"
#include "storage/plume/customer_repository.h"
#include "storage/plume/partner_repository.h"
#include "storage/plume/support_repository.h"
#include "storage/plume/wifi_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

// registerWithGroups (§5.2): most groups one registration may name.
constexpr size_t kMaxRegisterGroups = 100;

Error EmailTaken() {
  return InvalidFields("Customer", {{"email", "uniqueness", "Email already exists"}});
}

Error DuplicateAccountId() {
  return MakeError(ErrorCode::kConflict, "accountId already exists in this partner",
                   "DUPLICATE_KEY");
}

bool Missing(const std::optional<std::string>& v) {
  return !v || v->empty();
}

std::vector<std::string_view> Views(const std::vector<std::string>& names) {
  return std::vector<std::string_view>(names.begin(), names.end());
}

}  // namespace

CustomerService::CustomerService(storage::Database& db, auth::SecretHasher& hasher,
                                 const Clock& clock, ObjectIdGenerator& ids, Random& random)
    : db_(db), hasher_(hasher), clock_(clock), ids_(ids), random_(random) {}

asio::awaitable<Result<Partner>> CustomerService::ResolveRegisterPartner(
    const auth::Principal& caller, const RegisterInput& in) {
  std::optional<Partner> partner;
  const std::vector<std::string> no_groups;
  const std::vector<std::string>& groups = in.group_ids ? *in.group_ids : no_groups;
  Status read = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (!Missing(in.partner_id)) {
      auto found = co_await repo::FindPartner(tx, *in.partner_id);
      if (!found) co_return found.error();
      if (!*found) {
        co_return MakeError(ErrorCode::kNotFound, "Partner not found", "PARTNER_NOT_FOUND");
      }
      partner = std::move(*found);
    }
    for (const std::string& id : groups) {
      auto group = co_await repo::FindGroup(tx, id);
      if (!group) co_return group.error();
      if (!*group) co_return ModelNotFound("Group");
      if (partner) {
        if ((*group)->partner_id != partner->id) co_return AuthorizationRequired();
        continue;
      }
      const std::string& owner = (*group)->partner_id;
      auto found = co_await repo::FindPartner(tx, owner);
      if (!found) co_return found.error();
      if (!*found) co_return ModelNotFound("Group");
      partner = std::move(*found);
    }
    co_return Ok();
  });
  if (!read) co_return read.error();
  if (!partner) co_return MissingArgument("partnerId");
  if (Status allowed = auth::CheckPlumeRegisterPartner(caller, partner->id); !allowed) {
    co_return allowed.error();
  }
  if (auth::PlumeRoleOf(caller) == auth::PlumeRole::kGroupAdmin) {
    for (const std::string& id : groups) {
      if (std::find(caller.group_ids.begin(), caller.group_ids.end(), id) ==
          caller.group_ids.end()) {
        co_return AuthorizationRequired();
      }
    }
  }
  co_return std::move(*partner);
}

asio::awaitable<Result<Registered>> CustomerService::Register(const auth::Principal& caller,
                                                              const Actor& actor,
                                                              RegisterInput in) {
  // A required field of the wrong type is neither missing nor usable: report the type errors.
  if (HasFieldError(in.decode_errors, "partnerId") ||
      HasFieldError(in.decode_errors, "accountId") || HasFieldError(in.decode_errors, "groupIds")) {
    co_return InvalidFields("Customer", std::move(in.decode_errors));
  }
  const bool by_groups = in.with_groups && in.group_ids && !in.group_ids->empty();
  if (Missing(in.partner_id) && !by_groups) co_return MissingArgument("partnerId");
  if (Missing(in.account_id)) co_return MissingArgument("accountId");
  if (by_groups && in.group_ids->size() > kMaxRegisterGroups) {
    co_return InvalidFields("Customer", {{"groupIds", "length.max", "at most 100 groups"}});
  }
  if (!in.with_groups) in.group_ids.reset();

  auto resolved = co_await ResolveRegisterPartner(caller, in);
  if (!resolved) co_return resolved.error();
  const Partner partner = std::move(*resolved);
  if (partner.locked) {
    co_return MakeError(ErrorCode::kPermissionDenied, "Partner is locked for new accounts",
                        "PARTNER_LOCKED");
  }

  std::vector<FieldError> invalid = ValidateRegistration(in);
  if (!invalid.empty()) co_return InvalidFields("Customer", std::move(invalid));

  std::optional<std::string> password_hash;
  if (in.password) {
    Result<std::string> hash = co_await hasher_.Hash(std::move(*in.password));
    if (!hash) co_return hash.error();
    password_hash = std::move(*hash);
  }

  const std::string now = FormatIso8601Millis(clock_.Now());
  Customer c;
  c.id = ids_.Next();
  c.partner_id = partner.id;
  c.account_id = std::move(*in.account_id);
  c.name = in.name.value_or("");
  c.anonymous = !in.email.has_value();
  c.email = in.email ? NormalizeEmail(*in.email)
                     : "null+" + random_.Hex(8) + "@" + std::string(kPlaceholderEmailDomain);
  c.accept_language = in.accept_language.value_or(std::string(kDefaultAcceptLanguage));
  c.source = in.with_groups ? "Customer.registerWithGroups" : "Customer.register";
  if (by_groups) {
    for (const std::string& g : *in.group_ids) {
      if (std::find(c.group_ids.begin(), c.group_ids.end(), g) == c.group_ids.end()) {
        c.group_ids.push_back(g);
      }
    }
  } else if (auth::PlumeRoleOf(caller) == auth::PlumeRole::kGroupAdmin) {
    c.group_ids = caller.group_ids;
  }
  c.created_at = now;
  c.updated_at = now;
  Location home = NewLocation(c, ids_.Next(), std::string(kDefaultLocationName),
                              in.profile.value_or(std::string(kProfileAuto)),
                              partner.pods_authorized_default, now);
  if (in.onboarding_checkpoint) {
    home.onboarding_checkpoint = *in.onboarding_checkpoint;
    if (*in.onboarding_checkpoint == "OnboardingComplete") home.onboarded_at = now;
  }

  const bool default_group = c.group_ids.empty();
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto locked = co_await repo::FindPartner(tx, c.partner_id);
    if (!locked) co_return locked.error();
    if (*locked && (*locked)->locked) {
      co_return MakeError(ErrorCode::kPermissionDenied, "Partner is locked for new accounts",
                          "PARTNER_LOCKED");
    }
    auto account_taken = co_await repo::AccountIdTaken(tx, c.partner_id, c.account_id, "");
    if (!account_taken) co_return account_taken.error();
    if (*account_taken) co_return DuplicateAccountId();
    auto email_taken = co_await repo::EmailTaken(tx, c.email, "");
    if (!email_taken) co_return email_taken.error();
    if (*email_taken) co_return EmailTaken();
    if (default_group) {  // looked up afresh by every run of the body
      c.group_ids.clear();
      auto group = co_await repo::FindDefaultGroup(tx, c.partner_id);
      if (!group) co_return group.error();
      if (*group) c.group_ids.push_back(**group);
      home.group_ids = c.group_ids;
    }
    if (Status s = co_await repo::InsertCustomer(tx, c, password_hash); !s) co_return s;
    if (Status s = co_await repo::InsertLocation(tx, home); !s) co_return s;
    if (Status s = co_await AuditChange(tx, actor, c.partner_id, now, "customer.register",
                                        "customer", c.id);
        !s) {
      co_return s;
    }
    if (Status s = co_await AuditChange(tx, actor, c.partner_id, now, "location.create", "location",
                                        home.id);
        !s) {
      co_return s;
    }
    boost::json::object body{{"customerId", c.id},
                             {"partnerId", c.partner_id},
                             {"locationId", home.id},
                             {"source", c.source}};
    if (Status s = co_await PublishPlumeEvent(tx, clock_, ids_, c.partner_id, kCustomerRegistered,
                                              std::move(body));
        !s) {
      co_return s;
    }
    if (!home.onboarded_at) co_return Ok();
    co_return co_await PublishOnboardingComplete(tx, clock_, ids_, home);
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) co_return DuplicateAccountId();
    co_return st.error();
  }
  co_return Registered{std::move(c), home.id};
}

asio::awaitable<Result<Customer>> CustomerService::Get(const auth::Principal& caller,
                                                       std::string customer_id) {
  std::optional<Customer> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto c = co_await LoadInScope(tx, caller, customer_id, false);
    if (!c) co_return c.error();
    out = std::move(*c);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<Customer>> CustomerService::Update(const auth::Principal& caller,
                                                          const Actor& actor,
                                                          std::string customer_id,
                                                          CustomerUpdate in) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<Customer> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto loaded = co_await LoadInScope(tx, caller, customer_id, false);
    if (!loaded) co_return loaded.error();
    Customer c = std::move(*loaded);
    const std::vector<std::string_view> fields = Views(in.body_fields);
    if (Status self =
            auth::CheckCustomerSelfUpdate(caller, auth::PlumeOperation::kCustomerWrite, fields);
        !self) {
      co_return self;
    }
    std::vector<FieldError> invalid = ValidateCustomerUpdate(in);
    if (!invalid.empty()) co_return InvalidFields("Customer", std::move(invalid));

    const Customer before = c;
    const bool account_changed = in.account_id && *in.account_id != c.account_id;
    if (account_changed) {
      auto taken = co_await repo::AccountIdTaken(tx, c.partner_id, *in.account_id, c.id);
      if (!taken) co_return taken.error();
      if (*taken) co_return DuplicateAccountId();
      c.account_id = *in.account_id;
    }
    if (in.email) {
      std::string email = NormalizeEmail(*in.email);
      if (email != c.email) {
        auto taken = co_await repo::EmailTaken(tx, email, c.id);
        if (!taken) co_return taken.error();
        if (*taken) co_return EmailTaken();
        c.email = std::move(email);
        c.email_verified = false;
        c.anonymous = false;
      }
    }
    if (in.email_verified) c.email_verified = *in.email_verified;
    if (in.name) c.name = *in.name;
    if (in.accept_language) c.accept_language = *in.accept_language;
    const bool changed = account_changed || c.email != before.email ||
                         c.email_verified != before.email_verified || c.name != before.name ||
                         c.accept_language != before.accept_language;
    if (!changed) {
      out = std::move(c);
      co_return Ok();
    }
    c.updated_at = now;
    if (Status s = co_await repo::UpdateCustomer(tx, c); !s) co_return s;
    if (account_changed) {
      if (Status s = co_await repo::UpdateLocationsAccountId(tx, c.id, c.account_id, now); !s) {
        co_return s;
      }
    }
    if (Status s =
            co_await AuditChange(tx, actor, c.partner_id, now, "customer.update", "customer", c.id);
        !s) {
      co_return s;
    }
    out = std::move(c);
    co_return Ok();
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) co_return DuplicateAccountId();
    co_return st.error();
  }
  co_return std::move(*out);
}

asio::awaitable<Result<int64_t>> CustomerService::Delete(const auth::Principal& caller,
                                                         const Actor& actor,
                                                         std::string customer_id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto loaded = co_await LoadInScope(tx, caller, customer_id, true);
    if (!loaded) co_return loaded.error();
    const Customer& c = *loaded;
    const std::string& tenant = c.partner_id;
    // §12.4: deleting the customer unclaims its nodes (packId cleared, accountId kept). Nodes
    // are claimed at active locations only (archiving unclaims).
    auto active = co_await repo::ListActiveLocations(tx, c.id);
    if (!active) co_return active.error();
    const UnclaimOptions defaults;
    const EventContext events{clock_, ids_};
    for (const Location& l : *active) {
      if (Status s = co_await UnclaimNodesAt(tx, actor, events, tenant, l.id, defaults, now); !s) {
        co_return s;
      }
    }
    auto wifi = co_await repo::DeleteWifiOfCustomer(tx, c.id);
    if (!wifi) co_return wifi.error();
    auto jobs = co_await repo::DeleteSupportJobsOfCustomer(tx, c.id);
    if (!jobs) co_return jobs.error();
    if (Status s = co_await repo::DeleteEmailVerification(tx, c.id); !s) co_return s;
    auto archived = co_await repo::ArchiveAndEraseLocations(tx, c.id, now);
    if (!archived) co_return archived.error();
    for (const Location& l : *active) {
      boost::json::object body = LocationEventBody(l.id, tenant, c.id);
      if (Status s = co_await PublishPlumeEvent(tx, clock_, ids_, tenant, kLocationArchived,
                                                std::move(body));
          !s) {
        co_return s;
      }
    }
    auto deleted = co_await repo::DeleteCustomer(tx, c.id);
    if (!deleted) co_return deleted.error();
    if (Status s =
            co_await AuditChange(tx, actor, tenant, now, "customer.delete", "customer", c.id);
        !s) {
      co_return s;
    }
    // Verification events still in the outbox carry the e-mail address and a live token.
    auto erased = co_await storage::events::EraseSubjectEvents(tx, kEventTopic, tenant,
                                                               kEmailVerificationRequested, c.id);
    if (!erased) co_return erased.error();
    // The GDPR hook (§5.5): ids only.
    boost::json::object body{{"customerId", c.id}, {"partnerId", tenant}};
    co_return co_await PublishPlumeEvent(tx, clock_, ids_, tenant, kCustomerDeleted,
                                         std::move(body));
  });
  if (!st) co_return st.error();
  co_return int64_t{1};
}

asio::awaitable<Result<std::vector<Location>>> CustomerService::ListLocations(
    const auth::Principal& caller, std::string customer_id) {
  std::vector<Location> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto c = co_await LoadInScope(tx, caller, customer_id, false);
    if (!c) co_return c.error();
    auto list = co_await repo::ListActiveLocations(tx, c->id);
    if (!list) co_return list.error();
    out = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<Location>> CustomerService::CreateLocation(const auth::Principal& caller,
                                                                  const Actor& actor,
                                                                  std::string customer_id,
                                                                  LocationInput in) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<Location> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto loaded = co_await LoadInScope(tx, caller, customer_id, false);
    if (!loaded) co_return loaded.error();
    const std::vector<std::string_view> fields = Views(in.body_fields);
    if (Status self =
            auth::CheckCustomerSelfUpdate(caller, auth::PlumeOperation::kLocationWrite, fields);
        !self) {
      co_return self;
    }
    if (!HasFieldError(in.decode_errors, "name") && Missing(in.name)) {
      co_return MissingArgument("name");
    }
    std::vector<FieldError> invalid = ValidateLocationInput(in);
    if (!invalid.empty()) co_return InvalidFields("Location", std::move(invalid));

    auto pods = co_await repo::PartnerPodsDefault(tx, loaded->partner_id);
    if (!pods) co_return pods.error();
    Location l = NewLocation(*loaded, ids_.Next(), *in.name,
                             in.profile.value_or(std::string(kProfileAuto)), *pods, now);
    if (in.service_id && !in.service_id->empty()) {
      auto taken = co_await repo::ServiceIdTaken(tx, l.partner_id, *in.service_id, "");
      if (!taken) co_return taken.error();
      if (*taken) {
        co_return MakeError(ErrorCode::kConflict, "serviceId already exists in this partner",
                            "DUPLICATE_KEY");
      }
      l.service_id = *in.service_id;
    }
    if (Status s = co_await repo::InsertLocation(tx, l); !s) co_return s;
    if (Status s =
            co_await AuditChange(tx, actor, l.partner_id, now, "location.create", "location", l.id);
        !s) {
      co_return s;
    }
    out = std::move(l);
    co_return Ok();
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) {
      co_return MakeError(ErrorCode::kConflict, "serviceId already exists in this partner",
                          "DUPLICATE_KEY");
    }
    co_return st.error();
  }
  co_return std::move(*out);
}

asio::awaitable<Result<Location>> CustomerService::GetLocation(const auth::Principal& caller,
                                                               std::string customer_id,
                                                               std::string location_id) {
  std::optional<Location> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto c = co_await LoadInScope(tx, caller, customer_id, false);
    if (!c) co_return c.error();
    if (IsObjectId(location_id)) {
      const std::string lowered = AsciiLower(location_id);
      auto found = co_await repo::FindActiveLocation(tx, c->id, lowered);
      if (!found) co_return found.error();
      out = std::move(*found);
    }
    if (!out) {
      co_return MakeError(ErrorCode::kNotFound, "Unknown \"Location\" id", "MODEL_NOT_FOUND");
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

}  // namespace ispcloud::domain::plume
