#pragma once
// Rows of the plume_wifi_networks table (migration 0005): at most one per location.

#include <optional>
#include <string_view>

#include "domain/plume/wifi.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

using domain::plume::WifiNetwork;

// Inserts a network; a second one for the same location fails with kDbUniqueViolation.
asio::awaitable<Status> InsertWifi(Tx& tx, const WifiNetwork& w);
// The network of `location_id`, or nullopt.
asio::awaitable<Result<std::optional<WifiNetwork>>> FindWifiOfLocation(
    Tx& tx, std::string_view location_id);
// Writes every mutable field of `w` (matched by id).
asio::awaitable<Status> UpdateWifi(Tx& tx, const WifiNetwork& w);
// Deletes the network of `location_id`, if any; returns whether one was deleted.
asio::awaitable<Result<bool>> DeleteWifiOfLocation(Tx& tx, std::string_view location_id);
// Deletes the networks of every location of `customer_id` (§5.5); returns how many.
asio::awaitable<Result<int64_t>> DeleteWifiOfCustomer(Tx& tx, std::string_view customer_id);

}  // namespace ispcloud::storage::plume
