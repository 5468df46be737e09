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
};

// A registered customer and the id of its first location.
struct Registered {
  Customer customer;
  std::string location_id;
};

// POST /api/Customers/register (§5.1).
struct RegisterInput {
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

}  // namespace ispcloud::domain::plume
