#include "storage/plume/wifi_repository.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/columns.h"

namespace ispcloud::storage::plume {
namespace {

constexpr std::string_view kWifiColumns =
    "id, location_id, ssid, encryption_key, encrypted_at, wpa_mode, wpa_modes, ssid_broadcast, "
    "enabled, private_mode, uapsd, disable_default_service_network, group_rekey, "
    "fast_transition, min_wifi_mode24, allow_mlo, created_at, updated_at";

std::string WpaModesJson(const domain::plume::WpaModes& modes) {
  boost::json::object o;
  for (const auto& [band, mode] : modes) o[band] = mode;
  return boost::json::serialize(o);
}

domain::plume::WpaModes WpaModesFromJson(const std::string& text) {
  domain::plume::WpaModes out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& kv : v.as_object()) {
    if (kv.value().is_string()) out.emplace_back(kv.key(), kv.value().as_string());
  }
  return out;
}

WifiNetwork WifiFromRow(const Row& r) {
  WifiNetwork w;
  w.id = r.Text(0);
  w.location_id = r.Text(1);
  w.ssid = r.Text(2);
  w.encryption_key = r.Text(3);
  w.encrypted_at = r.Text(4);
  w.wpa_mode = r.Text(5);
  w.wpa_modes = WpaModesFromJson(r.Text(6));
  w.ssid_broadcast = r.Int(7) != 0;
  w.enabled = r.Int(8) != 0;
  w.private_mode = r.Int(9) != 0;
  w.uapsd = r.Int(10) != 0;
  w.disable_default_service_network = r.Int(11) != 0;
  w.group_rekey = r.Text(12);
  w.fast_transition = r.Text(13);
  w.min_wifi_mode24 = r.Text(14);
  w.allow_mlo = r.Text(15);
  w.created_at = r.Text(16);
  w.updated_at = r.Text(17);
  return w;
}

}  // namespace

asio::awaitable<Status> InsertWifi(Tx& tx, const WifiNetwork& w) {
  static const std::string kSql = "INSERT INTO plume_wifi_networks (" + std::string(kWifiColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, $14, $15, $16, $17, $18)";
  Params params = MakeParams(
      w.id, w.location_id, w.ssid, w.encryption_key, w.encrypted_at, w.wpa_mode,
      WpaModesJson(w.wpa_modes), Flag(w.ssid_broadcast), Flag(w.enabled), Flag(w.private_mode),
      Flag(w.uapsd), Flag(w.disable_default_service_network), w.group_rekey, w.fast_transition,
      w.min_wifi_mode24, w.allow_mlo, w.created_at, w.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<WifiNetwork>>> FindWifiOfLocation(
    Tx& tx, std::string_view location_id) {
  static const std::string kSql =
      "SELECT " + std::string(kWifiColumns) + " FROM plume_wifi_networks WHERE location_id = $1";
  Params params = MakeParams(std::string(location_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<WifiNetwork>();
  co_return std::optional<WifiNetwork>(WifiFromRow(rows->rows.front()));
}

asio::awaitable<Status> UpdateWifi(Tx& tx, const WifiNetwork& w) {
  static constexpr std::string_view kSql =
      "UPDATE plume_wifi_networks SET ssid = $1, encryption_key = $2, encrypted_at = $3, "
      "wpa_mode = $4, wpa_modes = $5, ssid_broadcast = $6, enabled = $7, private_mode = $8, "
      "uapsd = $9, disable_default_service_network = $10, group_rekey = $11, "
      "fast_transition = $12, min_wifi_mode24 = $13, allow_mlo = $14, updated_at = $15 "
      "WHERE id = $16";
  Params params =
      MakeParams(w.ssid, w.encryption_key, w.encrypted_at, w.wpa_mode, WpaModesJson(w.wpa_modes),
                 Flag(w.ssid_broadcast), Flag(w.enabled), Flag(w.private_mode), Flag(w.uapsd),
                 Flag(w.disable_default_service_network), w.group_rekey, w.fast_transition,
                 w.min_wifi_mode24, w.allow_mlo, w.updated_at, w.id);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<bool>> DeleteWifiOfLocation(Tx& tx, std::string_view location_id) {
  static constexpr std::string_view kSql = "DELETE FROM plume_wifi_networks WHERE location_id = $1";
  Params params = MakeParams(std::string(location_id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done > 0;
}

asio::awaitable<Result<int64_t>> DeleteWifiOfCustomer(Tx& tx, std::string_view customer_id) {
  static constexpr std::string_view kSql =
      "DELETE FROM plume_wifi_networks WHERE location_id IN "
      "(SELECT id FROM plume_locations WHERE customer_id = $1)";
  Params params = MakeParams(std::string(customer_id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done;
}

}  // namespace ispcloud::storage::plume
