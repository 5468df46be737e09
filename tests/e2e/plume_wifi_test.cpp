// End-to-end tests of the Plume WiFi network endpoints (PLUME-API.md §8): create, get, replace
// and patch with the representation of §4.5, every error code of §8, another partner's token,
// malformed input, and the removal of the network when its location is archived (§6.7) or its
// customer deleted (§5.5).

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeWifiTest : public PlumeApiTest {
 protected:
  static std::string WifiOf(const Registered& r) { return r.location + "/wifiNetwork"; }
};

constexpr const char* kCreate =
    R"({"ssid":"Lovelace-Home","encryptionKey":"correct horse","wpaMode":"psk2"})";

TEST_F(PlumeWifiTest, CreateGetReplacePatch) {
  const Registered r = Register("ACCT-0001");
  const std::string path = WifiOf(r);
  auto res = Call(verb::post, path, acme_, kCreate);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value created = JsonOf(res);
  const auto& w = created.at("wifiNetwork");
  EXPECT_EQ(S(w.at("id")).size(), 24u);
  EXPECT_EQ(S(w.at("locationId")), r.location_id);
  EXPECT_EQ(S(w.at("ssid")), "Lovelace-Home");
  EXPECT_EQ(S(w.at("encryptionKey")), "correct horse");  // returned in clear (§4.5)
  EXPECT_EQ(w.at("encrypted"), true);
  EXPECT_EQ(S(w.at("wpaMode")), "psk2");
  EXPECT_TRUE(w.at("wpaModes").as_object().empty());
  EXPECT_EQ(w.at("ssidBroadcast"), true);
  EXPECT_EQ(w.at("enabled"), true);
  EXPECT_EQ(w.at("privateMode"), false);
  EXPECT_EQ(w.at("uapsd"), true);
  EXPECT_EQ(w.at("disableDefaultServiceNetwork"), false);
  EXPECT_EQ(S(w.at("groupRekey")), "auto");
  EXPECT_EQ(S(w.at("minWifiMode24")), "auto");
  EXPECT_EQ(S(w.at("_version")), "1.0.0");
  ASSERT_EQ(w.at("keys").as_array().size(), 1u);
  EXPECT_EQ(S(w.at("keys").at(0).at("encryptionKey")), "correct horse");
  EXPECT_EQ(S(w.at("keys").at(0).at("accessZone")), "home");
  EXPECT_EQ(S(w.at("accessZones").at(0).at("type")), "home");
  EXPECT_TRUE(w.at("devicesVisibleToGuests").as_array().empty());
  EXPECT_EQ(w.at("encryptedAt"), w.at("createdAt"));

  res = Call(verb::get, path, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("wifiNetwork"), w);

  // PUT replaces ssid and key; other fields keep their values.
  res = Call(verb::put, path, acme_,
             R"({"ssid":"Ada","encryptionKey":"another secret","WpaMode":"sae",)"
             R"("wpaModes":{"freqBand24":"psk2","freqBand6":"sae"}})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value replaced = JsonOf(res);
  const auto& p = replaced.at("wifiNetwork");
  EXPECT_EQ(S(p.at("ssid")), "Ada");
  EXPECT_EQ(S(p.at("encryptionKey")), "another secret");
  EXPECT_EQ(S(p.at("wpaMode")), "sae");
  EXPECT_EQ(S(p.at("wpaModes").at("freqBand6")), "sae");
  EXPECT_EQ(p.at("ssidBroadcast"), true);
  EXPECT_EQ(p.at("id"), w.at("id"));

  // PATCH answers the bare object; encryptionKey is not patchable.
  res = Call(verb::patch, path, acme_,
             R"({"enabled":false,"privateMode":"true","groupRekey":"disable",)"
             R"("minWifiMode24":"11ax","allowMlo":"enable","encryptionKey":"ignored-key"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value patched = JsonOf(res);
  EXPECT_FALSE(patched.as_object().contains("wifiNetwork"));
  EXPECT_EQ(patched.at("enabled"), false);
  EXPECT_EQ(patched.at("privateMode"), true);
  EXPECT_EQ(S(patched.at("groupRekey")), "disable");
  EXPECT_EQ(S(patched.at("minWifiMode24")), "11ax");
  EXPECT_EQ(S(patched.at("allowMlo")), "enable");
  EXPECT_EQ(S(patched.at("encryptionKey")), "another secret");
  EXPECT_EQ(S(patched.at("ssid")), "Ada");

  // A form body works too, with wpaModes as JSON text.
  res = Call(verb::patch, path, acme_,
             "ssid=Form+Net&wpaModes=%7B%22freqBand5%22%3A%22sae-mixed%22%7D",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("ssid")), "Form Net");
  EXPECT_EQ(S(JsonOf(res).at("wpaModes").at("freqBand5")), "sae-mixed");

  // The key is stored for the API but never written to the audit log.
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'wifiNetwork'"), "4");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE details LIKE '%secret%' OR "
                "entity_id LIKE '%secret%'"),
            "0");
}

TEST_F(PlumeWifiTest, CreateErrors) {
  const Registered r = Register("ACCT-0001");
  const std::string path = WifiOf(r);
  auto res = Call(verb::post, path, acme_, "{}");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"ssid", "presence"},
                                                              {"encryptionKey", "presence"}}));
  res =
      Call(verb::post, path, acme_,
           R"({"ssid":")" + std::string(33, 's') + R"(","encryptionKey":"short","wpaMode":"wep"})");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"ssid", "length.max"},
                                                              {"encryptionKey", "length.min"},
                                                              {"wpaMode", "inclusion"}}));
  res = Call(verb::post, path, acme_,
             R"({"ssid":1,"encryptionKey":"correct horse","ssidBroadcast":"no","wpaModes":[1]})");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{
                              {"ssid", "type"}, {"ssidBroadcast", "type"}, {"wpaModes", "type"}}));
  ExpectError(Call(verb::post, path, acme_, "{bad"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, path, acme_, "ssid=x", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_wifi_networks"), "0");

  ASSERT_EQ(Call(verb::post, path, acme_, kCreate).result_int(), 200u);
  ExpectError(Call(verb::post, path, acme_, kCreate), 409, "WIFI_NETWORK_EXISTS");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_wifi_networks"), "1");
}

TEST_F(PlumeWifiTest, ReplaceAndPatchErrors) {
  const Registered r = Register("ACCT-0001");
  const std::string path = WifiOf(r);
  // No network yet.
  ExpectError(Call(verb::get, path, acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::put, path, acme_, kCreate), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::patch, path, acme_, R"({"enabled":false})"), 404, "MODEL_NOT_FOUND");
  ASSERT_EQ(Call(verb::post, path, acme_, kCreate).result_int(), 200u);

  ExpectError(Call(verb::put, path, acme_, R"({"ssid":"Only"})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::put, path, acme_,
                   R"({"ssid":"Net","encryptionKey":")" + std::string(64, 'g') + R"("})"),
              422, "VALIDATION_ERROR");
  ExpectError(Call(verb::patch, path, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::patch, path, acme_, R"({"encryptionKey":"new secret"})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  auto res = Call(verb::patch, path, acme_,
                  R"({"fastTransition":"on","uapsd":"sometimes","minWifiMode24":"11be"})");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"uapsd", "type"},
                                                              {"fastTransition", "inclusion"},
                                                              {"minWifiMode24", "inclusion"}}));
  ExpectError(Call(verb::patch, path, acme_, R"({"ssid":""})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::patch, path, acme_, "[]"), 400, "INVALID_JSON");
  // Nothing changed.
  const json::value now = JsonOf(Call(verb::get, path, acme_));
  EXPECT_EQ(S(now.at("wifiNetwork").at("ssid")), "Lovelace-Home");
  EXPECT_EQ(S(now.at("wifiNetwork").at("fastTransition")), "auto");
}

TEST_F(PlumeWifiTest, GateAndOtherPartners) {
  const Registered r = Register("ACCT-0001");
  const Registered s = Register("ACCT-0002");
  const std::string path = WifiOf(r);
  ASSERT_EQ(Call(verb::post, path, acme_, kCreate).result_int(), 200u);
  ExpectError(Call(verb::get, path, other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::post, path, other_, kCreate), 403, "FORBIDDEN");
  ExpectError(Call(verb::put, path, other_, kCreate), 403, "FORBIDDEN");
  ExpectError(Call(verb::patch, path, other_, R"({"enabled":false})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, path, ""), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(
      Call(verb::get,
           "/api/Customers/0123456789abcdef01234567/locations/" + r.location_id + "/wifiNetwork",
           acme_),
      401, "AUTHORIZATION_REQUIRED");
  // Another customer's location id under this customer: 404.
  ExpectError(Call(verb::get, r.customer + "/locations/" + s.location_id + "/wifiNetwork", acme_),
              404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::post, r.customer + "/locations/0123456789abcdef01234567/wifiNetwork",
                   acme_, kCreate),
              404, "MODEL_NOT_FOUND");
  EXPECT_EQ(S(JsonOf(Call(verb::get, path, acme_)).at("wifiNetwork").at("ssid")), "Lovelace-Home");
}

TEST_F(PlumeWifiTest, ArchiveAndCustomerDeleteRemoveTheNetwork) {
  const Registered r = Register("ACCT-0001");
  ASSERT_EQ(Call(verb::post, WifiOf(r), acme_, kCreate).result_int(), 200u);
  ASSERT_EQ(Call(verb::delete_, r.location, acme_).result_int(), 204u);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_wifi_networks"), "0");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE action = 'wifiNetwork.delete'"), "1");
  // The replacement "Home" starts without a network.
  const auto list = JsonOf(Call(verb::get, r.customer + "/locations", acme_));
  ASSERT_EQ(list.as_array().size(), 1u);
  const std::string home = r.customer + "/locations/" + S(list.as_array()[0].at("id"));
  ExpectError(Call(verb::get, home + "/wifiNetwork", acme_), 404, "MODEL_NOT_FOUND");
  ASSERT_EQ(Call(verb::post, home + "/wifiNetwork", acme_, kCreate).result_int(), 200u);
  ASSERT_EQ(Call(verb::delete_, r.customer, acme_).result_int(), 200u);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_wifi_networks"), "0");
}

}  // namespace
}  // namespace ispcloud::e2e
