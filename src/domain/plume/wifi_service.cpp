#include "domain/plume/wifi_service.h"

#include <optional>

#include "domain/plume/audit.h"
#include "domain/plume/customer_gate.h"
#include "domain/plume/errors.h"
#include "domain/plume/wifi_rules.h"
#include "storage/plume/wifi_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

namespace {

Error WifiExists() {
  return MakeError(ErrorCode::kConflict, "The location already has a WiFi network",
                   "WIFI_NETWORK_EXISTS");
}

}  // namespace

asio::awaitable<Result<WifiNetwork>> WifiService::Create(const auth::Principal& caller,
                                                         const Actor& actor,
                                                         std::string customer_id,
                                                         std::string location_id, WifiInput input) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<WifiNetwork> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto customer = co_await LoadInScope(tx, caller, customer_id, false);
    if (!customer) co_return customer.error();
    auto location = co_await LoadActiveLocation(tx, *customer, location_id);
    if (!location) co_return location.error();
    if (Status valid = ValidateWifiReplace(input); !valid) co_return valid;
    auto existing = co_await repo::FindWifiOfLocation(tx, location->id);
    if (!existing) co_return existing.error();
    if (existing->has_value()) co_return WifiExists();
    WifiNetwork net;
    net.id = ids_.Next();
    net.location_id = location->id;
    net.created_at = now;
    net.updated_at = now;
    ApplyWifiInput(input, now, net);
    if (Status s = co_await repo::InsertWifi(tx, net); !s) co_return s;
    const std::string& tenant = location->partner_id;
    if (Status s = co_await AuditChange(tx, actor, tenant, now, "wifiNetwork.create", "wifiNetwork",
                                        net.id);
        !s) {
      co_return s;
    }
    out = std::move(net);
    co_return Ok();
  });
  if (!st) {
    // A concurrent create may win between the look-up and the insert (unique location_id).
    if (st.error().api_code == storage::kDbUniqueViolation) co_return WifiExists();
    co_return st.error();
  }
  co_return std::move(*out);
}

asio::awaitable<Result<WifiNetwork>> WifiService::Get(const auth::Principal& caller,
                                                      std::string customer_id,
                                                      std::string location_id) {
  std::optional<WifiNetwork> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto customer = co_await LoadInScope(tx, caller, customer_id, false);
    if (!customer) co_return customer.error();
    auto location = co_await LoadActiveLocation(tx, *customer, location_id);
    if (!location) co_return location.error();
    auto found = co_await repo::FindWifiOfLocation(tx, location->id);
    if (!found) co_return found.error();
    if (!found->has_value()) co_return ModelNotFound("WifiNetwork");
    out = std::move(**found);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<WifiNetwork>> WifiService::Update(const auth::Principal& caller,
                                                         const Actor& actor,
                                                         const std::string& customer_id,
                                                         const std::string& location_id,
                                                         const WifiInput& input, bool patch) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<WifiNetwork> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto customer = co_await LoadInScope(tx, caller, customer_id, false);
    if (!customer) co_return customer.error();
    auto location = co_await LoadActiveLocation(tx, *customer, location_id);
    if (!location) co_return location.error();
    if (Status valid = patch ? ValidateWifiPatch(input) : ValidateWifiReplace(input); !valid) {
      co_return valid;
    }
    auto found = co_await repo::FindWifiOfLocation(tx, location->id);
    if (!found) co_return found.error();
    if (!found->has_value()) co_return ModelNotFound("WifiNetwork");
    WifiNetwork net = std::move(**found);
    ApplyWifiInput(input, now, net);
    net.updated_at = now;
    if (Status s = co_await repo::UpdateWifi(tx, net); !s) co_return s;
    const std::string& tenant = location->partner_id;
    if (Status s = co_await AuditChange(tx, actor, tenant, now, "wifiNetwork.update", "wifiNetwork",
                                        net.id);
        !s) {
      co_return s;
    }
    out = std::move(net);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<WifiNetwork>> WifiService::Replace(const auth::Principal& caller,
                                                          const Actor& actor,
                                                          std::string customer_id,
                                                          std::string location_id,
                                                          WifiInput input) {
  co_return co_await Update(caller, actor, customer_id, location_id, input, false);
}

asio::awaitable<Result<WifiNetwork>> WifiService::Patch(const auth::Principal& caller,
                                                        const Actor& actor, std::string customer_id,
                                                        std::string location_id, WifiInput input) {
  co_return co_await Update(caller, actor, customer_id, location_id, input, true);
}

}  // namespace ispcloud::domain::plume
