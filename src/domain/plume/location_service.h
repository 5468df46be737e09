#pragma once
// Changes to one Plume location (PLUME-API.md §6.4-§6.11): PATCH, PUT (rename), DELETE
// (archive, with the replacement rule), service level, onboarding checkpoint, authorizations and
// monitor mode. Reads (§6.1, §6.3, §6.4 and the GETs of §6.8 and §6.10) are
// CustomerService::GetLocation / ListLocations. Every call applies the access gate of §2.3 from
// step 4 on (customer, scope, location; field restrictions of customer tokens); steps 1-3
// (token, role, body) are the caller's. Every change is audited in its transaction.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "domain/plume/customer.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class LocationService {
 public:
  LocationService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // §6.5 PATCH. Gate; a customer token sending serviceId or profile -> 401; then
  // ValidateLocationUpdate (422); serviceId used by another active location of the partner ->
  // 409 DUPLICATE_KEY. Returns the updated location.
  asio::awaitable<Result<Location>> Update(const auth::Principal& caller, const Actor& actor,
                                           std::string customer_id, std::string location_id,
                                           LocationUpdate update);

  // §6.6 PUT: gate; name absent or "" -> 400; name rules -> 422. Returns the renamed location.
  asio::awaitable<Result<Location>> Rename(const auth::Principal& caller, const Actor& actor,
                                           std::string customer_id, std::string location_id,
                                           LocationUpdate update);

  // §6.7 DELETE. Gate steps 4-5; location unknown or another customer's -> 404
  // MODEL_NOT_FOUND; already archived -> 409 LOCATION_ALREADY_ARCHIVED. In one transaction:
  // unclaims its nodes (default options), deletes its WiFi network, archives it, and when the
  // customer is left without an active location and is not auto-provisioned, creates a new
  // "Home" location with every default.
  asio::awaitable<Status> Archive(const auth::Principal& caller, const Actor& actor,
                                  std::string customer_id, std::string location_id);

  // §6.8 PATCH serviceLevel: gate; ValidateServiceLevel (400 / 422). Sets the status and its
  // updatedAt (also when unchanged). Returns the updated location.
  asio::awaitable<Result<Location>> SetServiceLevel(const auth::Principal& caller,
                                                    const Actor& actor, std::string customer_id,
                                                    std::string location_id,
                                                    std::optional<std::string> status,
                                                    std::vector<FieldError> decode_errors);

  // §6.9: gate; ValidateCheckpoint (422). Records the checkpoint, sets the location's
  // onboardingCheckpoint, and onboardedAt the first time OnboardingComplete is recorded.
  asio::awaitable<Result<Checkpoint>> RecordCheckpoint(const auth::Principal& caller,
                                                       const Actor& actor, std::string customer_id,
                                                       std::string location_id,
                                                       CheckpointInput input);

  // §6.10 PUT authorizations: gate; ValidatePodsAuthorized (400 / 422). Lowering the limit
  // unclaims nothing. Returns the updated location.
  asio::awaitable<Result<Location>> SetPodsAuthorized(const auth::Principal& caller,
                                                      const Actor& actor, std::string customer_id,
                                                      std::string location_id,
                                                      std::optional<int64_t> value,
                                                      std::vector<FieldError> decode_errors);

  // §6.11: gate; ValidateMonitorMode (400 / 422). Returns the updated location.
  asio::awaitable<Result<Location>> SetMonitorMode(const auth::Principal& caller,
                                                   const Actor& actor, std::string customer_id,
                                                   std::string location_id,
                                                   std::optional<bool> enable,
                                                   std::vector<FieldError> decode_errors);

 private:
  // Applies `change` to the active location inside one write transaction after the gate,
  // stamps updatedAt, writes the location and one audit record `action`.
  using Change = std::function<asio::awaitable<Status>(storage::Tx&, Location&)>;
  asio::awaitable<Result<Location>> Apply(const auth::Principal& caller, const Actor& actor,
                                          const std::string& customer_id,
                                          const std::string& location_id, std::string_view action,
                                          const std::string& now, Change change);

  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

}  // namespace ispcloud::domain::plume
