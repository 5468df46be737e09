#include "domain/plume/location_rules.h"

#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"

namespace ispcloud::domain::plume {
namespace {

constexpr std::string_view kContext = "Location";

bool Missing(const std::optional<std::string>& v) {
  return !v || v->empty();
}

Status InvalidUnlessEmpty(std::vector<FieldError> fields) {
  if (fields.empty()) return Ok();
  return InvalidFields(kContext, std::move(fields));
}

// The 400 of a required field that is absent (and not present with the wrong type).
bool RequiredMissing(bool missing, const std::vector<FieldError>& decode_errors,
                     std::string_view field) {
  return missing && !HasFieldError(decode_errors, field);
}

}  // namespace

Location NewLocation(const Customer& customer, std::string id, std::string name,
                     std::string profile, int64_t pods_authorized, const std::string& now) {
  Location l;
  l.id = std::move(id);
  l.customer_id = customer.id;
  l.partner_id = customer.partner_id;
  l.account_id = customer.account_id;
  l.group_ids = customer.group_ids;
  l.name = std::move(name);
  l.profile = std::move(profile);
  l.service_level = std::string(kFullService);
  l.service_level_created_at = now;
  l.service_level_updated_at = now;
  l.monitor_mode_updated_at = now;
  l.num_pods_authorized = pods_authorized;
  l.authorizations_updated_at = now;
  l.created_at = now;
  l.updated_at = now;
  return l;
}

Status ValidateLocationUpdate(const LocationUpdate& in, bool rename) {
  std::vector<FieldError> fields = in.decode_errors;
  if (rename) {
    if (RequiredMissing(Missing(in.name), fields, "name")) return MissingArgument("name");
    if (in.name) CheckName(*in.name, 1, fields);
    return InvalidUnlessEmpty(std::move(fields));
  }
  const bool recognised = in.name || in.profile || in.service_id_given ||
                          HasFieldError(fields, "name") || HasFieldError(fields, "profile");
  if (!recognised) {
    fields.push_back({"name", "presence", "at least one parameter of serviceId, profile, name"});
    return InvalidFields(kContext, std::move(fields));
  }
  if (in.name) CheckName(*in.name, 1, fields);
  if (in.profile) CheckProfile(*in.profile, fields);
  if (in.service_id && !in.service_id->empty()) CheckServiceId(*in.service_id, fields);
  return InvalidUnlessEmpty(std::move(fields));
}

Status ValidateServiceLevel(const std::optional<std::string>& status,
                            const std::vector<FieldError>& decode_errors) {
  if (RequiredMissing(Missing(status), decode_errors, "status")) return MissingArgument("status");
  std::vector<FieldError> fields = decode_errors;
  if (status && *status != "noService" && *status != "basicService" && *status != kFullService) {
    fields.push_back(
        {"status", "inclusion", "must be one of: noService, basicService, fullService"});
  }
  return InvalidUnlessEmpty(std::move(fields));
}

Status ValidateCheckpoint(const CheckpointInput& in) {
  std::vector<FieldError> fields = in.decode_errors;
  if (!in.checkpoint) {
    if (!HasFieldError(fields, "checkpoint") && !HasFieldError(fields, "onboardingCheckpoint")) {
      fields.push_back({"checkpoint", "presence", "checkpoint is required"});
    }
  } else {
    CheckCheckpoint("checkpoint", *in.checkpoint, fields);
  }
  return InvalidUnlessEmpty(std::move(fields));
}

Status ValidatePodsAuthorized(std::optional<int64_t> value,
                              const std::vector<FieldError>& decode_errors) {
  constexpr std::string_view kField = "numPodsAuthorized";
  if (RequiredMissing(!value, decode_errors, kField)) return MissingArgument(kField);
  std::vector<FieldError> fields = decode_errors;
  if (value && (*value < 0 || *value > kMaxPodsAuthorized)) {
    fields.push_back({std::string(kField), "custom", "must be an integer from 0 to 1000"});
  }
  return InvalidUnlessEmpty(std::move(fields));
}

Status ValidateMonitorMode(std::optional<bool> enable,
                           const std::vector<FieldError>& decode_errors) {
  if (RequiredMissing(!enable, decode_errors, "enable")) return MissingArgument("enable");
  return InvalidUnlessEmpty(decode_errors);
}

}  // namespace ispcloud::domain::plume
