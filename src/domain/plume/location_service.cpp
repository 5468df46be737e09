#include "domain/plume/location_service.h"

#include "auth/plume_policy.h"
#include "core/strings.h"
#include "domain/plume/audit.h"
#include "domain/plume/customer_gate.h"
#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"
#include "domain/plume/events.h"
#include "domain/plume/location_rules.h"
#include "domain/plume/node_service.h"
#include "storage/plume/customer_repository.h"
#include "storage/plume/partner_repository.h"
#include "storage/plume/wifi_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

Error DuplicateServiceId() {
  return MakeError(ErrorCode::kConflict, "serviceId already exists in this partner",
                   "DUPLICATE_KEY");
}

}  // namespace

asio::awaitable<Result<Location>> LocationService::Apply(const auth::Principal& caller,
                                                         const Actor& actor,
                                                         const std::string& customer_id,
                                                         const std::string& location_id,
                                                         std::string_view action,
                                                         const std::string& now, Change change) {
  std::optional<Location> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    Location& l = scope->location;
    if (Status s = co_await change(tx, l); !s) co_return s;
    l.updated_at = now;
    if (Status s = co_await repo::UpdateLocation(tx, l); !s) co_return s;
    if (Status s = co_await AuditChange(tx, actor, l.partner_id, now, action, "location", l.id);
        !s) {
      co_return s;
    }
    out = std::move(l);
    co_return Ok();
  });
  if (!st) {
    if (st.error().api_code == storage::kDbUniqueViolation) co_return DuplicateServiceId();
    co_return st.error();
  }
  co_return std::move(*out);
}

asio::awaitable<Result<Location>> LocationService::Update(const auth::Principal& caller,
                                                          const Actor& actor,
                                                          std::string customer_id,
                                                          std::string location_id,
                                                          LocationUpdate in) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Change change = [&](storage::Tx& tx, Location& l) -> asio::awaitable<Status> {
    const std::vector<std::string_view> fields(in.body_fields.begin(), in.body_fields.end());
    if (Status self =
            auth::CheckCustomerSelfUpdate(caller, auth::PlumeOperation::kLocationWrite, fields);
        !self) {
      co_return self;
    }
    if (Status valid = ValidateLocationUpdate(in, false); !valid) co_return valid;
    if (in.service_id_given) {
      std::optional<std::string> service_id = in.service_id;
      if (service_id && service_id->empty()) service_id.reset();
      if (service_id) {
        auto taken = co_await repo::ServiceIdTaken(tx, l.partner_id, *service_id, l.id);
        if (!taken) co_return taken.error();
        if (*taken) co_return DuplicateServiceId();
      }
      l.service_id = std::move(service_id);
    }
    if (in.name) l.name = *in.name;
    if (in.profile) l.profile = *in.profile;
    co_return Ok();
  };
  co_return co_await Apply(caller, actor, customer_id, location_id, "location.update", now,
                           std::move(change));
}

asio::awaitable<Result<Location>> LocationService::Rename(const auth::Principal& caller,
                                                          const Actor& actor,
                                                          std::string customer_id,
                                                          std::string location_id,
                                                          LocationUpdate in) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Change change = [&](storage::Tx&, Location& l) -> asio::awaitable<Status> {
    if (Status valid = ValidateLocationUpdate(in, true); !valid) co_return valid;
    l.name = *in.name;
    co_return Ok();
  };
  co_return co_await Apply(caller, actor, customer_id, location_id, "location.rename", now,
                           std::move(change));
}

asio::awaitable<Status> LocationService::Archive(const auth::Principal& caller, const Actor& actor,
                                                 std::string customer_id, std::string location_id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto customer = co_await LoadInScope(tx, caller, customer_id, false);
    if (!customer) co_return customer.error();
    const Customer& c = *customer;
    std::optional<Location> found;
    if (IsObjectId(location_id)) {
      const std::string lowered = AsciiLower(location_id);
      auto row = co_await repo::FindLocationOfCustomer(tx, c.id, lowered);
      if (!row) co_return row.error();
      found = std::move(*row);
    }
    if (!found) co_return ModelNotFound("Location");
    if (found->archived_at) {
      co_return MakeError(ErrorCode::kConflict, "Location is already archived",
                          "LOCATION_ALREADY_ARCHIVED");
    }
    const std::string& tenant = c.partner_id;
    const UnclaimOptions defaults;
    const EventContext events{clock_, ids_};
    if (Status s = co_await UnclaimNodesAt(tx, actor, events, tenant, found->id, defaults, now);
        !s) {
      co_return s;
    }
    auto wifi = co_await repo::FindWifiOfLocation(tx, found->id);
    if (!wifi) co_return wifi.error();
    if (wifi->has_value()) {
      const std::string& wifi_id = (*wifi)->id;
      if (auto deleted = co_await repo::DeleteWifiOfLocation(tx, found->id); !deleted) {
        co_return deleted.error();
      }
      if (Status s = co_await AuditChange(tx, actor, tenant, now, "wifiNetwork.delete",
                                          "wifiNetwork", wifi_id);
          !s) {
        co_return s;
      }
    }
    auto archived = co_await repo::ArchiveLocation(tx, found->id, now);
    if (!archived) co_return archived.error();
    if (Status s =
            co_await AuditChange(tx, actor, tenant, now, "location.archive", "location", found->id);
        !s) {
      co_return s;
    }
    boost::json::object archived_body = LocationEventBody(found->id, tenant, c.id);
    if (Status s = co_await PublishPlumeEvent(tx, clock_, ids_, tenant, kLocationArchived,
                                              std::move(archived_body));
        !s) {
      co_return s;
    }
    // Replacement rule (§6.7 step 4, §12.3).
    if (c.auto_provisioned) co_return Ok();
    auto active = co_await repo::ListActiveLocations(tx, c.id);
    if (!active) co_return active.error();
    if (!active->empty()) co_return Ok();
    auto pods = co_await repo::PartnerPodsDefault(tx, c.partner_id);
    if (!pods) co_return pods.error();
    const Location home = NewLocation(c, ids_.Next(), std::string(kDefaultLocationName),
                                      std::string(kProfileAuto), *pods, now);
    if (Status s = co_await repo::InsertLocation(tx, home); !s) co_return s;
    co_return co_await AuditChange(tx, actor, tenant, now, "location.create", "location", home.id);
  });
  co_return st;
}

asio::awaitable<Result<Location>> LocationService::SetServiceLevel(
    const auth::Principal& caller, const Actor& actor, std::string customer_id,
    std::string location_id, std::optional<std::string> status,
    std::vector<FieldError> decode_errors) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Change change = [&](storage::Tx&, Location& l) -> asio::awaitable<Status> {
    if (Status valid = ValidateServiceLevel(status, decode_errors); !valid) co_return valid;
    l.service_level = *status;
    l.service_level_updated_at = now;
    co_return Ok();
  };
  co_return co_await Apply(caller, actor, customer_id, location_id, "location.serviceLevel", now,
                           std::move(change));
}

asio::awaitable<Result<Checkpoint>> LocationService::RecordCheckpoint(const auth::Principal& caller,
                                                                      const Actor& actor,
                                                                      std::string customer_id,
                                                                      std::string location_id,
                                                                      CheckpointInput in) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Checkpoint record;
  Change change = [&](storage::Tx& tx, Location& l) -> asio::awaitable<Status> {
    if (Status valid = ValidateCheckpoint(in); !valid) co_return valid;
    record.id = ids_.Next();
    record.location_id = l.id;
    record.value = *in.checkpoint;
    record.pods_seen_by_ble = in.pods_seen_by_ble;
    record.app_os = in.app_os;
    record.os_version = in.os_version;
    record.created_at = now;
    if (Status s = co_await repo::InsertCheckpoint(tx, record); !s) co_return s;
    l.onboarding_checkpoint = record.value;
    if (record.value != kOnboardingComplete || l.onboarded_at) co_return Ok();
    l.onboarded_at = now;  // the first OnboardingComplete (§6.9)
    co_return co_await PublishOnboardingComplete(tx, clock_, ids_, l);
  };
  auto done = co_await Apply(caller, actor, customer_id, location_id,
                             "location.onboardingCheckpoint", now, std::move(change));
  if (!done) co_return done.error();
  co_return record;
}

asio::awaitable<Result<Location>> LocationService::SetPodsAuthorized(
    const auth::Principal& caller, const Actor& actor, std::string customer_id,
    std::string location_id, std::optional<int64_t> value, std::vector<FieldError> decode_errors) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Change change = [&](storage::Tx&, Location& l) -> asio::awaitable<Status> {
    if (Status valid = ValidatePodsAuthorized(value, decode_errors); !valid) co_return valid;
    l.num_pods_authorized = *value;
    l.authorizations_updated_at = now;
    co_return Ok();
  };
  co_return co_await Apply(caller, actor, customer_id, location_id, "location.authorizations", now,
                           std::move(change));
}

asio::awaitable<Result<Location>> LocationService::SetMonitorMode(
    const auth::Principal& caller, const Actor& actor, std::string customer_id,
    std::string location_id, std::optional<bool> enable, std::vector<FieldError> decode_errors) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  Change change = [&](storage::Tx&, Location& l) -> asio::awaitable<Status> {
    if (Status valid = ValidateMonitorMode(enable, decode_errors); !valid) co_return valid;
    l.monitor_mode = *enable;
    l.monitor_mode_updated_at = now;
    co_return Ok();
  };
  co_return co_await Apply(caller, actor, customer_id, location_id, "location.monitorMode", now,
                           std::move(change));
}

}  // namespace ispcloud::domain::plume
