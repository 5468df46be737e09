#pragma once
// Plume customers and their locations (PLUME-API.md §4.1, §4.2), and the inputs of the customer
// and location operations (§5.1, §5.4, §6.2). Inputs are decoded by the API layer; fields absent
// from the request are nullopt, and type errors found while decoding travel in `decode_errors`
// so that the service reports them together with its own field rules, at the step its section
// gives.

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace ispcloud::domain::plume {

struct Customer {
  std::string id;  // 24-hex
  std::string partner_id;
  std::string account_id;
  std::string name;
  std::string email;  // lower-cased, or the anonymous placeholder
  bool email_verified = false;
  bool anonymous = false;
  bool auto_provisioned = false;
  std::string accept_language;
  std::string source;                  // "Customer.register"
  std::vector<std::string> group_ids;  // never returned on the wire
  std::string created_at;
  std::string updated_at;
};

struct Location {
  std::string id;  // 24-hex
  std::string customer_id;
  std::string partner_id;
  std::string account_id;
  std::vector<std::string> group_ids;
  std::string name;
  std::optional<std::string> service_id;
  std::string profile;        // "auto" | "smallbusiness"
  std::string service_level;  // "noService" | "basicService" | "fullService"
  std::string service_level_created_at;
  std::string service_level_updated_at;
  bool monitor_mode = false;
  std::string monitor_mode_updated_at;
  int64_t num_pods_authorized = 32;
  std::string authorizations_updated_at;
  std::optional<std::string> onboarding_checkpoint;
  std::optional<std::string> onboarded_at;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> archived_at;  // set once archived (§6.7); never on the wire
};

// A registered customer and the id of its first location.
struct Registered {
  Customer customer;
  std::string location_id;
};

// POST /api/Customers/register (§5.1) and registerWithGroups (§5.2, `with_groups`).
struct RegisterInput {
  bool with_groups = false;                           // registerWithGroups
  std::optional<std::vector<std::string>> group_ids;  // registerWithGroups only
  std::optional<std::string> partner_id;
  std::optional<std::string> account_id;
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> password;
  std::optional<std::string> profile;
  std::optional<std::string> accept_language;
  std::optional<std::string> onboarding_checkpoint;
  std::vector<FieldError> decode_errors;
};

// PATCH / PUT /api/Customers/{customerId} (§5.4).
struct CustomerUpdate {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> account_id;
  std::optional<bool> email_verified;
  std::optional<std::string> accept_language;
  std::vector<std::string> body_fields;  // every field name in the body (gate step 7)
  std::vector<FieldError> decode_errors;
};

// POST /api/Customers/{customerId}/locations (§6.2).
struct LocationInput {
  std::optional<std::string> name;
  std::optional<std::string> profile;
  std::optional<std::string> service_id;
  std::vector<std::string> body_fields;
  std::vector<FieldError> decode_errors;
};

// PATCH /api/Customers/{customerId}/locations/{locationId} (§6.5), and PUT (§6.6) with `name`
// only. `service_id_given` tells a JSON null or "" (clear) from an absent serviceId.
struct LocationUpdate {
  std::optional<std::string> name;
  std::optional<std::string> profile;
  bool service_id_given = false;
  std::optional<std::string> service_id;  // nullopt or "" with service_id_given: clear
  std::vector<std::string> body_fields;
  std::vector<FieldError> decode_errors;
};

// POST …/locations/{locationId}/onboardingCheckpoint (§6.9).
struct CheckpointInput {
  std::optional<std::string> checkpoint;        // `checkpoint`, or its alias
  std::optional<std::string> pods_seen_by_ble;  // JSON text of the value as given
  std::optional<std::string> app_os;
  std::optional<std::string> os_version;
  std::vector<FieldError> decode_errors;
};

// A recorded onboarding checkpoint (§6.9 response).
struct Checkpoint {
  std::string id;  // 24-hex
  std::string location_id;
  std::string value;
  std::optional<std::string> pods_seen_by_ble;
  std::optional<std::string> app_os;
  std::optional<std::string> os_version;
  std::string created_at;
};

}  // namespace ispcloud::domain::plume
