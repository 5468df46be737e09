#include "api/plume/wifi_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "api/plume/body.h"
#include "api/plume/route_support.h"

namespace ispcloud::api::plume {
namespace {

// Which fields a call reads: create/replace (§8.2, §8.4) or patch (§8.5).
enum class WifiCall { kReplace, kPatch };

// wpaModes: a JSON object (a form sends its JSON text) whose values are strings.
std::optional<dp::WpaModes> WpaModesOf(const Body& body, std::vector<FieldError>& errors) {
  const boost::json::value* v = body.fields.if_contains("wpaModes");
  if (v == nullptr || v->is_null()) return std::nullopt;
  boost::json::value parsed;
  if (v->is_string()) {
    boost::system::error_code ec;
    parsed = boost::json::parse(v->as_string(), ec);
    if (ec) parsed = nullptr;
    v = &parsed;
  }
  dp::WpaModes out;
  bool ok = v->is_object();
  if (ok) {
    for (const auto& kv : v->as_object()) {
      ok = ok && kv.value().is_string();
      if (ok) out.emplace_back(kv.key(), kv.value().as_string());
    }
  }
  if (!ok) {
    errors.push_back({"wpaModes", "type", "must be an object of strings"});
    return std::nullopt;
  }
  return out;
}

dp::WifiInput WifiInputOf(const Body& body, WifiCall call) {
  FieldReader r(body);
  dp::WifiInput in;
  in.ssid = r.String("ssid");
  if (call == WifiCall::kReplace) in.encryption_key = r.String("encryptionKey");
  // `WpaMode` (capital W) is an alias of `wpaMode` (§8.1).
  in.wpa_mode = r.Has("wpaMode") ? r.String("wpaMode") : r.String("WpaMode");
  in.ssid_broadcast = r.Bool("ssidBroadcast");
  if (call == WifiCall::kPatch) {
    in.enabled = r.Bool("enabled");
    in.private_mode = r.Bool("privateMode");
    in.uapsd = r.Bool("uapsd");
    in.disable_default_service_network = r.Bool("disableDefaultServiceNetwork");
    in.group_rekey = r.String("groupRekey");
    in.fast_transition = r.String("fastTransition");
    in.min_wifi_mode24 = r.String("minWifiMode24");
    in.allow_mlo = r.String("allowMlo");
  }
  in.decode_errors = r.TakeErrors();
  in.wpa_modes = WpaModesOf(body, in.decode_errors);
  return in;
}

boost::json::object Wrapped(const dp::WifiNetwork& w) {
  return boost::json::object{{"wifiNetwork", WifiJson(w)}};
}

asio::awaitable<Response> Create(WifiRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kWifiWrite);
  if (!body) co_return Fail(ctx, body.error());
  dp::WifiInput in = WifiInputOf(*body, WifiCall::kReplace);
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.wifi.Create(*ctx.principal, actor, std::move(at.customer_id),
                                        std::move(at.location_id), std::move(in));
  co_return JsonOrFail(ctx, done, Wrapped);
}

asio::awaitable<Response> Get(WifiRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kWifiRead);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  auto found =
      co_await deps.wifi.Get(*ctx.principal, std::move(at.customer_id), std::move(at.location_id));
  co_return JsonOrFail(ctx, found, Wrapped);
}

asio::awaitable<Response> Replace(WifiRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kWifiWrite);
  if (!body) co_return Fail(ctx, body.error());
  dp::WifiInput in = WifiInputOf(*body, WifiCall::kReplace);
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.wifi.Replace(*ctx.principal, actor, std::move(at.customer_id),
                                         std::move(at.location_id), std::move(in));
  co_return JsonOrFail(ctx, done, Wrapped);
}

asio::awaitable<Response> Patch(WifiRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kWifiWrite);
  if (!body) co_return Fail(ctx, body.error());
  dp::WifiInput in = WifiInputOf(*body, WifiCall::kPatch);
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.wifi.Patch(*ctx.principal, actor, std::move(at.customer_id),
                                       std::move(at.location_id), std::move(in));
  co_return JsonOrFail(ctx, done, WifiJson);  // §8.5: not wrapped
}

}  // namespace

boost::json::object WifiJson(const dp::WifiNetwork& w) {
  boost::json::object modes;
  for (const auto& [band, mode] : w.wpa_modes) modes[band] = mode;
  const boost::json::object key{{"id", 0},
                                {"encryptionKey", w.encryption_key},
                                {"accessZone", "home"},
                                {"accessZoneId", 0},
                                {"format", "encryptionKey"},
                                {"enable", true},
                                {"createdAt", w.created_at},
                                {"updatedAt", w.encrypted_at},
                                {"_version", kVersion}};
  const boost::json::object zone{{"id", 0},
                                 {"type", "home"},
                                 {"description", "home"},
                                 {"accessibleDevices", boost::json::array()},
                                 {"createdAt", w.created_at},
                                 {"updatedAt", w.created_at},
                                 {"_version", kVersion}};
  return boost::json::object{{"id", w.id},
                             {"locationId", w.location_id},
                             {"ssid", w.ssid},
                             {"encryptionKey", w.encryption_key},
                             {"encrypted", true},
                             {"encryptedAt", w.encrypted_at},
                             {"wpaMode", w.wpa_mode},
                             {"wpaModes", std::move(modes)},
                             {"ssidBroadcast", w.ssid_broadcast},
                             {"enabled", w.enabled},
                             {"privateMode", w.private_mode},
                             {"uapsd", w.uapsd},
                             {"disableDefaultServiceNetwork", w.disable_default_service_network},
                             {"groupRekey", w.group_rekey},
                             {"fastTransition", w.fast_transition},
                             {"minWifiMode24", w.min_wifi_mode24},
                             {"allowMlo", w.allow_mlo},
                             {"keys", boost::json::array{key}},
                             {"accessZones", boost::json::array{zone}},
                             {"devicesVisibleToGuests", boost::json::array()},
                             {"createdAt", w.created_at},
                             {"updatedAt", w.updated_at},
                             {"_version", kVersion}};
}

void RegisterWifiRoutes(http::Router& router, WifiRoutesDeps& deps) {
  const std::string path = "/api/Customers/{customerId}/locations/{locationId}/wifiNetwork";
  router.Add(Verb::post, path, Access::kBearer, http::BindDeps(deps, Create));
  router.Add(Verb::get, path, Access::kBearer, http::BindDeps(deps, Get));
  router.Add(Verb::put, path, Access::kBearer, http::BindDeps(deps, Replace));
  router.Add(Verb::patch, path, Access::kBearer, http::BindDeps(deps, Patch));
}

}  // namespace ispcloud::api::plume
