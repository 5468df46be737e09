#pragma once
// Rules of Plume locations beyond create (PLUME-API.md §4.2, §6.5-§6.11): defaults of a new
// location, and the validation of PATCH/PUT, service level, onboarding checkpoint,
// authorizations and monitor mode. Each Validate* returns Ok, 400 MISSING_REQUIRED_ARGUMENT or a
// 422 ValidationError (context "Location") listing every invalid field, decode type errors
// included. A required field that arrived with the wrong type is invalid (422), not missing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/plume/customer.h"

namespace ispcloud::domain::plume {

inline constexpr int64_t kDefaultPodsAuthorized = 32;
inline constexpr int64_t kMaxPodsAuthorized = 1000;
inline constexpr std::string_view kFullService = "fullService";
inline constexpr std::string_view kOnboardingComplete = "OnboardingComplete";

// A new active location `id` of `customer` with every default of §4.2, created at `now`;
// `pods_authorized` is the partner's default numPodsAuthorized (§6.10).
Location NewLocation(const Customer& customer, std::string id, std::string name,
                     std::string profile, int64_t pods_authorized, const std::string& now);

// §6.5 (PATCH): no recognised field (serviceId, profile or name) -> 422; name 1-128 without
// quotes, profile auto|smallbusiness, serviceId 1-128 without quotes ("" or null clears).
// §6.6 (`rename`): name absent or "" -> 400, then the name rules; other fields are ignored.
Status ValidateLocationUpdate(const LocationUpdate& in, bool rename);

// §6.8: status absent or "" -> 400; not noService|basicService|fullService (case-sensitive)
// -> 422.
Status ValidateServiceLevel(const std::optional<std::string>& status,
                            const std::vector<FieldError>& decode_errors);

// §6.9: checkpoint absent or not PodsAdded|OnboardingComplete -> 422 (never 400).
Status ValidateCheckpoint(const CheckpointInput& in);

// §6.10: numPodsAuthorized absent -> 400; not an integer in 0-1000 -> 422.
Status ValidatePodsAuthorized(std::optional<int64_t> value,
                              const std::vector<FieldError>& decode_errors);

// §6.11: enable absent -> 400; not a boolean (or "true"/"false") -> 422.
Status ValidateMonitorMode(std::optional<bool> enable,
                           const std::vector<FieldError>& decode_errors);

}  // namespace ispcloud::domain::plume
