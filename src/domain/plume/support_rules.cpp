#include "domain/plume/support_rules.h"

#include <string>

#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"
#include "domain/plume/inventory_rules.h"

namespace ispcloud::domain::plume {
namespace {

constexpr std::string_view kContext = "SupportJob";

Result<JobRequest> JobOrInvalid(std::vector<FieldError> fields, std::string_view type,
                                boost::json::object parameters) {
  if (!fields.empty()) return InvalidFields(kContext, std::move(fields));
  return JobRequest{std::string(type), std::move(parameters)};
}

std::optional<std::string> CheckMac(std::string_view mac, std::vector<FieldError>& out) {
  std::optional<std::string> normalized = NormalizeMac(mac);
  if (!normalized) out.push_back({"mac", "format", "must be a MAC address"});
  return normalized;
}

}  // namespace

Result<JobRequest> BuildFirmwareJob(const FirmwareInput& in) {
  std::vector<FieldError> fields = in.decode_errors;
  boost::json::object parameters;
  const std::string direction = in.direction.value_or("upgrade");
  if (direction != "upgrade" && direction != "downgrade") {
    fields.push_back({"direction", "inclusion", "must be \"upgrade\" or \"downgrade\""});
  }
  parameters["direction"] = direction;
  if (in.version) {
    const size_t n = CodePoints(*in.version);
    if (n == 0 || n > kMaxFirmwareVersionLength) {
      fields.push_back(
          {"version", n == 0 ? "length.min" : "length.max", "must be 1-64 characters"});
    }
    parameters["version"] = *in.version;
  }
  const std::string_view type =
      direction == "downgrade" ? kJobFirmwareDowngrade : kJobFirmwareUpgrade;
  return JobOrInvalid(std::move(fields), type, std::move(parameters));
}

Result<JobRequest> BuildForcedSteerJob(const ForcedSteerInput& in, TimePoint now) {
  std::vector<FieldError> fields = in.decode_errors;
  std::optional<std::string> mac = CheckMac(in.mac, fields);
  TimePoint expires = now + kDefaultSteerDuration;
  if (in.expires_at) {
    std::optional<TimePoint> parsed = ParseRfc3339(*in.expires_at);
    if (!parsed) {
      fields.push_back({"expiresAt", "format", "must be an RFC 3339 date-time"});
    } else if (*parsed < now + kMinSteerDuration || *parsed > now + kMaxSteerDuration) {
      fields.push_back({"expiresAt", "custom", "must be 5 to 60 minutes in the future"});
    } else {
      expires = *parsed;
    }
  }
  boost::json::object parameters{
      {"mac", mac.value_or("")}, {"action", "steer"}, {"expiresAt", FormatIso8601Millis(expires)}};
  return JobOrInvalid(std::move(fields), kJobForcedSteer, std::move(parameters));
}

Result<JobRequest> BuildSteerCancelJob(std::string_view mac) {
  std::vector<FieldError> fields;
  std::optional<std::string> normalized = CheckMac(mac, fields);
  boost::json::object parameters{{"mac", normalized.value_or("")}, {"action", "cancel"}};
  return JobOrInvalid(std::move(fields), kJobForcedSteer, std::move(parameters));
}

Result<JobRequest> BuildLogPullJob(const LogPullInput& in) {
  std::vector<FieldError> fields = in.decode_errors;
  boost::json::object parameters;
  if (in.node_id) parameters["nodeId"] = *in.node_id;
  if (in.comment) {
    if (CodePoints(*in.comment) > kMaxLogPullCommentLength) {
      fields.push_back({"comment", "length.max", "must be at most 256 characters"});
    }
    parameters["comment"] = *in.comment;
  }
  return JobOrInvalid(std::move(fields), kJobLogPull, std::move(parameters));
}

}  // namespace ispcloud::domain::plume
