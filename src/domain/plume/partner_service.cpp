#include "domain/plume/partner_service.h"

#include "domain/plume/location_rules.h"
#include "storage/audit_repository.h"
#include "storage/plume/partner_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

bool IsValidOperatorId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

// Validates an operator-chosen id and a display name; kValidation listing both problems.
Status ValidateIdAndName(const char* context, std::string_view id, std::string_view name) {
  Error invalid = MakeError(ErrorCode::kValidation, std::string("invalid ") + context);
  invalid.context = context;
  if (!IsValidOperatorId(id)) {
    invalid.fields.push_back({"id", "format", "must be 1-64 characters of A-Z a-z 0-9 . _ -"});
  }
  if (name.empty() || name.size() > 200) {
    invalid.fields.push_back({"name", "length", "must be 1-200 characters"});
  }
  if (invalid.fields.empty()) return Ok();
  return invalid;
}

// numPodsAuthorized bounds of §6.10.
Status ValidatePodsDefault(int64_t pods) {
  if (pods >= 0 && pods <= kMaxPodsAuthorized) return Ok();
  Error invalid = MakeError(ErrorCode::kValidation, "invalid partner");
  invalid.context = "Partner";
  invalid.fields.push_back({"podsAuthorized", "range", "must be an integer from 0 to 1000"});
  return invalid;
}

}  // namespace

asio::awaitable<Result<Partner>> PartnerService::Create(const Actor& actor, std::string id,
                                                        std::string name, int64_t pods_default) {
  if (Status valid = ValidateIdAndName("Partner", id, name); !valid) co_return valid.error();
  if (Status valid = ValidatePodsDefault(pods_default); !valid) co_return valid.error();

  const std::string now = FormatIso8601Millis(clock_.Now());
  Partner partner{std::move(id), std::move(name), false, now, now, pods_default};
  PartnerGroup group{ids_.Next(), partner.id, "default", true, now};
  Actor audited = actor;
  audited.tenant = partner.id;

  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (Status s = co_await repo::InsertPartner(tx, partner); !s) co_return s;
    if (Status s = co_await repo::InsertGroup(tx, group); !s) co_return s;
    const storage::AuditEntry audit{now, "partner.create", "partner", partner.id, ""};
    co_return co_await storage::AppendAudit(tx, audited, audit);
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) {
      co_return MakeError(ErrorCode::kConflict, "partner '" + partner.id + "' already exists");
    }
    co_return st.error();
  }
  co_return partner;
}

asio::awaitable<Result<Partner>> PartnerService::SetLocked(const Actor& actor, std::string id,
                                                           bool locked) {
  const std::string action = locked ? "partner.lock" : "partner.unlock";
  co_return co_await Update(actor, std::move(id), action,
                            [locked](storage::Tx& tx, std::string_view partner_id,
                                     std::string_view now) -> asio::awaitable<Result<bool>> {
                              co_return co_await repo::UpdatePartnerLocked(tx, partner_id, locked,
                                                                           now);
                            });
}

asio::awaitable<Result<Partner>> PartnerService::SetPodsAuthorizedDefault(const Actor& actor,
                                                                          std::string id,
                                                                          int64_t pods) {
  if (Status valid = ValidatePodsDefault(pods); !valid) co_return valid.error();
  co_return co_await Update(actor, std::move(id), "partner.podsAuthorizedDefault",
                            [pods](storage::Tx& tx, std::string_view partner_id,
                                   std::string_view now) -> asio::awaitable<Result<bool>> {
                              co_return co_await repo::UpdatePartnerPodsDefault(tx, partner_id,
                                                                                pods, now);
                            });
}

asio::awaitable<Result<Partner>> PartnerService::Update(const Actor& actor, std::string id,
                                                        std::string action, UpdateFn update) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<Partner> found;
  Actor audited = actor;
  audited.tenant = id;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto updated = co_await update(tx, id, now);
    if (!updated) co_return updated.error();
    if (!*updated) co_return MakeError(ErrorCode::kNotFound, "partner '" + id + "' not found");
    auto partner = co_await repo::FindPartner(tx, id);
    if (!partner) co_return partner.error();
    found = std::move(*partner);
    const storage::AuditEntry audit{now, action, "partner", id, ""};
    co_return co_await storage::AppendAudit(tx, audited, audit);
  });
  if (!st) co_return st.error();
  co_return *found;
}

asio::awaitable<Result<std::vector<Partner>>> PartnerService::List() {
  std::vector<Partner> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto list = co_await repo::ListPartners(tx);
    if (!list) co_return list.error();
    out = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<PartnerGroup>> PartnerService::CreateGroup(const Actor& actor,
                                                                  std::string partner_id,
                                                                  std::string group_id,
                                                                  std::string name) {
  if (Status valid = ValidateIdAndName("Group", group_id, name); !valid) co_return valid.error();

  const std::string now = FormatIso8601Millis(clock_.Now());
  PartnerGroup group{std::move(group_id), std::move(partner_id), std::move(name), false, now};
  Actor audited = actor;
  audited.tenant = group.partner_id;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto partner = co_await repo::FindPartner(tx, group.partner_id);
    if (!partner) co_return partner.error();
    if (!partner->has_value()) {
      co_return MakeError(ErrorCode::kNotFound, "partner '" + group.partner_id + "' not found");
    }
    if (Status s = co_await repo::InsertGroup(tx, group); !s) co_return s;
    const storage::AuditEntry audit{now, "group.create", "group", group.id, ""};
    co_return co_await storage::AppendAudit(tx, audited, audit);
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) {
      co_return MakeError(ErrorCode::kConflict, "group '" + group.id + "' already exists");
    }
    co_return st.error();
  }
  co_return group;
}

}  // namespace ispcloud::domain::plume
