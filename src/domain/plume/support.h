#pragma once
// Support jobs (PLUME-API.md §11): the support actions of group support staff and admins —
// firmware upgrade/downgrade, client steering, log pull. ispcloud has no device connection, so
// each action is recorded as a job with status "queued", audited and published to the outbox;
// nothing else changes. Inputs are decoded by the API layer; fields absent from the request are
// nullopt, and type errors found while decoding travel in `decode_errors`.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace ispcloud::domain::plume {

// Job types and the one status ispcloud records.
inline constexpr std::string_view kJobLogPull = "logPull";
inline constexpr std::string_view kJobFirmwareUpgrade = "firmwareUpgrade";
inline constexpr std::string_view kJobFirmwareDowngrade = "firmwareDowngrade";
inline constexpr std::string_view kJobForcedSteer = "forcedSteer";
inline constexpr std::string_view kJobQueued = "queued";

struct SupportJob {
  std::string id;  // 24-hex
  std::string partner_id;
  std::string customer_id;
  std::string location_id;
  std::string type;    // one of the kJob* types
  std::string status;  // "queued"
  boost::json::object parameters;
  std::string requested_by;  // the audited actor id
  std::string created_at;
  std::string updated_at;
};

// What a support action asks for, once validated: the job's type and parameters.
struct JobRequest {
  std::string type;
  boost::json::object parameters;
};

// PUT …/firmware: optional `version`, optional `direction` ("upgrade" | "downgrade").
struct FirmwareInput {
  std::optional<std::string> version;
  std::optional<std::string> direction;
  std::vector<FieldError> decode_errors;
};

// PUT …/devices/{mac}/forcedSteer: the path's MAC and optional `expiresAt` (RFC 3339).
struct ForcedSteerInput {
  std::string mac;
  std::optional<std::string> expires_at;
  std::vector<FieldError> decode_errors;
};

// POST …/logPull: optional `nodeId` (a node claimed at the location), optional `comment`.
struct LogPullInput {
  std::optional<std::string> node_id;
  std::optional<std::string> comment;
  std::vector<FieldError> decode_errors;
};

}  // namespace ispcloud::domain::plume
