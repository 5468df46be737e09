#pragma once
// The WiFi network of a Plume location (PLUME-API.md §8.2-§8.5). Every call applies the access
// gate of §2.3 from step 4 on (customer, scope, location); steps 1-3 (token, role, body) are the
// caller's. Check order after the gate: the body's rules (400 / 422), then the network's
// existence (409 on create, 404 otherwise). Every change is audited in its transaction (ids
// only: the key never reaches the audit log).

#include <string>

#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "domain/plume/wifi.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class WifiService {
 public:
  WifiService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // §8.2: ValidateWifiReplace (422); the location has a network -> 409 WIFI_NETWORK_EXISTS.
  // Creates it with the defaults of §4.5 and returns it.
  asio::awaitable<Result<WifiNetwork>> Create(const auth::Principal& caller, const Actor& actor,
                                              std::string customer_id, std::string location_id,
                                              WifiInput input);

  // §8.3: the network; none -> 404 MODEL_NOT_FOUND.
  asio::awaitable<Result<WifiNetwork>> Get(const auth::Principal& caller, std::string customer_id,
                                           std::string location_id);

  // §8.4: ValidateWifiReplace (422); none -> 404 MODEL_NOT_FOUND. Fields not given keep their
  // values. Returns the updated network.
  asio::awaitable<Result<WifiNetwork>> Replace(const auth::Principal& caller, const Actor& actor,
                                               std::string customer_id, std::string location_id,
                                               WifiInput input);

  // §8.5: ValidateWifiPatch (400 / 422); none -> 404 MODEL_NOT_FOUND. Returns the updated
  // network.
  asio::awaitable<Result<WifiNetwork>> Patch(const auth::Principal& caller, const Actor& actor,
                                             std::string customer_id, std::string location_id,
                                             WifiInput input);

 private:
  // Validates with `validate`, then applies `input` to the existing network.
  asio::awaitable<Result<WifiNetwork>> Update(const auth::Principal& caller, const Actor& actor,
                                              const std::string& customer_id,
                                              const std::string& location_id,
                                              const WifiInput& input, bool patch);

  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

}  // namespace ispcloud::domain::plume
