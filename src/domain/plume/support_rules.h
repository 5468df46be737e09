#pragma once
// Field rules of the support actions (PLUME-API.md §11). Each Build* validates one decoded
// request and returns the job it asks for, or a 422 ValidationError (context "SupportJob")
// listing every invalid field, decode type errors included. Nothing here reads the database.

#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "domain/plume/support.h"

namespace ispcloud::domain::plume {

inline constexpr size_t kMaxFirmwareVersionLength = 64;
inline constexpr size_t kMaxLogPullCommentLength = 256;
// forcedSteer: `expiresAt` must lie 5-60 minutes after now; the default is now + 10 minutes.
inline constexpr std::chrono::minutes kMinSteerDuration{5};
inline constexpr std::chrono::minutes kMaxSteerDuration{60};
inline constexpr std::chrono::minutes kDefaultSteerDuration{10};

// PUT …/firmware: `version` 1-64 characters, `direction` "upgrade" (default) or "downgrade".
// Job firmwareUpgrade / firmwareDowngrade with parameters {"direction"[, "version"]}.
Result<JobRequest> BuildFirmwareJob(const FirmwareInput& in);

// PUT …/devices/{mac}/forcedSteer: `mac` a MAC address (§1.4, normalised), `expiresAt` an
// RFC 3339 time 5-60 minutes after `now` (default now + 10 minutes). Job forcedSteer with
// parameters {"mac", "action": "steer", "expiresAt"} (expiresAt as ISO-8601 with milliseconds).
Result<JobRequest> BuildForcedSteerJob(const ForcedSteerInput& in, TimePoint now);

// DELETE …/devices/{mac}/forcedSteer: `mac` a MAC address. Job forcedSteer with parameters
// {"mac", "action": "cancel"}.
Result<JobRequest> BuildSteerCancelJob(std::string_view mac);

// POST …/logPull: `nodeId` a string, `comment` at most 256 characters. Job logPull with
// parameters {"nodeId"?, "comment"?} as given. Whether the node is claimed at the location is
// the service's check (404 NODE_NOT_FOUND), after these rules.
Result<JobRequest> BuildLogPullJob(const LogPullInput& in);

}  // namespace ispcloud::domain::plume
