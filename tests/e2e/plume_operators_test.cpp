// End-to-end tests of Plume operator users (PLUME-API.md §2.1-§2.3) through their login tokens
// (§3.4): a group admin runs every write of §2.2 on customers of its groups, a group support
// user reads them and runs the support actions (§11) only, and customers outside their groups
// answer 403 — after the role check, which answers 401 first (§2.3).

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeOperatorsTest : public PlumeApiTest {
 protected:
  void SetUp() override {
    PlumeApiTest::SetUp();
    Group("north");
    Group("south");
    admin_ = OperatorToken("north-admin", "groupAdmin", {"north"});
    support_ = OperatorToken("north-support", "groupSupport", {"north"});
    south_admin_ = OperatorToken("south-admin", "groupAdmin", {"south"});
    ASSERT_FALSE(admin_.empty());
    ASSERT_FALSE(support_.empty());
    ASSERT_FALSE(south_admin_.empty());
    north_ = Register("NORTH-0001", "acme", admin_);
    south_ = Register("SOUTH-0001", "acme", south_admin_);
    default_ = Register("DEFLT-0001");  // the partner admin's: the default group
  }

  struct Step {
    verb method;
    std::string path;
    std::string body;
  };

  // The steps of every §2.2 write family on customer `r` (its first location).
  static std::vector<Step> Writes(const Registered& r) {
    const std::string& l = r.location;
    return {{verb::post, "/api/Customers/register", R"({"partnerId":"acme","accountId":"X-0001"})"},
            {verb::post, "/api/Customers/registerWithGroups",
             R"({"groupIds":["north"],"accountId":"X-0002"})"},
            {verb::patch, r.customer, R"({"name":"N"})"},
            {verb::put, r.customer, R"({"name":"N"})"},
            {verb::delete_, r.customer, ""},
            {verb::post, "/api/Customers/resendEmailVerification", R"({"email":"a@example.org"})"},
            {verb::post, r.customer + "/locations", R"({"name":"Office"})"},
            {verb::patch, l, R"({"name":"Flat"})"},
            {verb::put, l, R"({"name":"Flat"})"},
            {verb::delete_, l, ""},
            {verb::patch, l + "/serviceLevel", R"({"status":"noService"})"},
            {verb::post, l + "/onboardingCheckpoint", R"({"checkpoint":"PodsAdded"})"},
            {verb::put, l + "/authorizations", R"({"numPodsAuthorized":4})"},
            {verb::put, l + "/monitorMode", R"({"enable":false})"},
            {verb::post, l + "/nodes", R"({"serialNumber":"POD1"})"},
            {verb::put, l + "/nodes/GW1", R"({"nickname":"Hall"})"},
            {verb::delete_, l + "/nodes/GW1", ""},
            {verb::delete_, l + "/nodes", ""},
            {verb::post, l + "/wifiNetwork", R"({"ssid":"Home","encryptionKey":"correct horse"})"},
            {verb::put, l + "/wifiNetwork", R"({"ssid":"Home","encryptionKey":"correct horse"})"},
            {verb::patch, l + "/wifiNetwork", R"({"ssidBroadcast":false})"}};
  }

  // The reads of §2.2 on customer `r` (with a claimed GW1 and a WiFi network).
  static std::vector<Step> Reads(const Registered& r) {
    const std::string& l = r.location;
    return {{verb::get, r.customer, ""},
            {verb::get, r.customer + "/locations", ""},
            {verb::get, l, ""},
            {verb::get, l + "/serviceLevel", ""},
            {verb::get, l + "/authorizations", ""},
            {verb::get, l + "/nodes", ""},
            {verb::get, l + "/nodes/GW1", ""},
            {verb::get, l + "/wifiNetwork", ""}};
  }

  // The support actions of §11 on customer `r`.
  static std::vector<Step> SupportActions(const Registered& r) {
    const std::string& l = r.location;
    return {{verb::put, l + "/firmware", R"({"version":"5.0"})"},
            {verb::get, l + "/firmware", ""},
            {verb::put, l + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", ""},
            {verb::delete_, l + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", ""},
            {verb::post, l + "/logPull", R"({"comment":"slow"})"},
            {verb::get, l + "/supportJobs", ""}};
  }

  HttpResponse Run(const Step& s, const std::string& token) {
    return Call(s.method, s.path, token, s.body);
  }

  // Gives customer `r` a claimed GW1 (or `serial`) and a WiFi network, as the partner admin.
  void Equip(const Registered& r, const std::string& serial) {
    const json::object claim{{"serialNumber", serial}};
    ASSERT_EQ(Call(verb::post, r.location + "/nodes", acme_, json::serialize(claim)).result_int(),
              200u);
    ASSERT_EQ(Call(verb::post, r.location + "/wifiNetwork", acme_,
                   R"({"ssid":"Home","encryptionKey":"correct horse"})")
                  .result_int(),
              200u);
  }

  std::string admin_, support_, south_admin_;
  Registered north_, south_, default_;
};

TEST_F(PlumeOperatorsTest, GroupAdminWritesInItsGroupsOnly) {
  // Registered by the group admin: the customer is in the admin's groups.
  EXPECT_EQ(Sql("SELECT group_ids FROM plume_customers WHERE id = '" + north_.customer_id + "'"),
            R"(["north"])");
  // Every write family, in an order that keeps the customer alive until the end.
  const std::string& c = north_.customer;
  const std::string& l = north_.location;
  auto expect = [&](verb method, const std::string& path, const std::string& body,
                    unsigned status) {
    auto res = Call(method, path, admin_, body);
    EXPECT_EQ(res.result_int(), status) << path << " " << res.body();
    return res;
  };
  expect(verb::get, c, "", 200);
  expect(verb::patch, c, R"({"name":"Nora","email":"nora@example.org"})", 200);
  expect(verb::put, c, R"({"acceptLanguage":"fr-FR"})", 200);
  expect(verb::post, "/api/Customers/resendEmailVerification", R"({"email":"nora@example.org"})",
         204);
  const std::string office =
      c + "/locations/" +
      S(JsonOf(expect(verb::post, c + "/locations", R"({"name":"Office"})", 200)).at("id"));
  expect(verb::patch, office, R"({"serviceId":"SVC-N1","profile":"smallbusiness"})", 200);
  expect(verb::put, office, R"({"name":"Shop"})", 200);
  expect(verb::patch, l + "/serviceLevel", R"({"status":"basicService"})", 200);
  expect(verb::post, l + "/onboardingCheckpoint", R"({"checkpoint":"PodsAdded"})", 200);
  expect(verb::put, l + "/authorizations", R"({"numPodsAuthorized":8})", 200);
  expect(verb::put, l + "/monitorMode", R"({"enable":false})", 200);
  expect(verb::post, l + "/nodes", R"({"serialNumber":"GW1"})", 200);
  expect(verb::put, l + "/nodes/GW1", R"({"nickname":"Hall"})", 200);
  expect(verb::get, l + "/nodes/GW1", "", 200);
  expect(verb::post, l + "/wifiNetwork", R"({"ssid":"Nora","encryptionKey":"correct horse"})", 200);
  expect(verb::patch, l + "/wifiNetwork", R"({"ssidBroadcast":false})", 200);
  expect(verb::put, l + "/firmware", "", 200);
  expect(verb::post, l + "/logPull", R"({"nodeId":"GW1"})", 202);
  expect(verb::put, l + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", "", 204);
  expect(verb::delete_, l + "/nodes/GW1", "", 204);
  expect(verb::delete_, l + "/nodes", "", 204);
  expect(verb::delete_, office, "", 204);
  expect(verb::get, "/api/Partners/nodes/GW1", "", 200);
  expect(verb::get, "/api/Partners/locations/" + north_.location_id, "", 200);
  // The customer search sees the admin's groups only.
  auto found =
      expect(verb::get, "/api/Partners/customers/search/NORTH-0001?field=accountId", "", 200);
  EXPECT_EQ(JsonOf(found).as_array().size(), 1u);
  auto hidden =
      expect(verb::get, "/api/Partners/customers/search/SOUTH-0001?field=accountId", "", 200);
  EXPECT_TRUE(JsonOf(hidden).as_array().empty());
  // Partner-admin-only operations: 401.
  ExpectError(Call(verb::post, "/api/inventory/nodes", admin_,
                   R"({"id":"NEW1","residentialGateway":false})"),
              401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::get, "/api/inventory/nodes/GW1", admin_), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::patch, "/api/Partners/nodes/POD1", admin_, R"({"unclaimable":true})"), 401,
              "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::delete_, "/api/Partners/nodes/POD1", admin_), 401,
              "AUTHORIZATION_REQUIRED");
  // registerWithGroups into a group the admin is not in: 401.
  ExpectError(Call(verb::post, "/api/Customers/registerWithGroups", admin_,
                   R"({"groupIds":["south"],"accountId":"NORTH-0002"})"),
              401, "AUTHORIZATION_REQUIRED");
  expect(verb::post, "/api/Customers/registerWithGroups",
         R"({"groupIds":["north"],"accountId":"NORTH-0002"})", 200);
  expect(verb::delete_, l, "", 204);
  expect(verb::delete_, c, "", 200);
  EXPECT_GE(std::stoi(Sql("SELECT count(*) FROM audit_log WHERE actor LIKE 'user:%'")), 20);
}

TEST_F(PlumeOperatorsTest, CustomersOutsideTheGroupsAreForbidden) {
  Equip(south_, "GW1");
  Equip(default_, "POD1");
  for (const Registered* r : {&south_, &default_}) {
    for (const std::string& token : {admin_, support_}) {
      for (const Step& s : Reads(*r)) {
        SCOPED_TRACE(s.path);
        ExpectError(Run(s, token), 403, "FORBIDDEN");
      }
      for (const Step& s : SupportActions(*r)) {
        SCOPED_TRACE(s.path);
        ExpectError(Run(s, token), 403, "FORBIDDEN");
      }
    }
    // Writes of customers outside the admin's groups: 403 (those on a customer path).
    for (const Step& s : Writes(*r)) {
      if (s.path.rfind(r->customer, 0) != 0) continue;
      SCOPED_TRACE(s.path);
      ExpectError(Run(s, admin_), 403, "FORBIDDEN");
    }
  }
  // The other group's admin sees the south customer, not the north one.
  EXPECT_EQ(Call(verb::get, south_.customer, south_admin_).result_int(), 200u);
  ExpectError(Call(verb::get, north_.customer, south_admin_), 403, "FORBIDDEN");
  // Nothing was written by the refused calls.
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_support_jobs"), "0");
  EXPECT_EQ(Sql("SELECT name FROM plume_customers WHERE id = '" + south_.customer_id + "'"), "Ada");
}

TEST_F(PlumeOperatorsTest, GroupSupportReadsAndRunsSupportActionsOnly) {
  Equip(north_, "GW1");
  for (const Step& s : Reads(north_)) {
    SCOPED_TRACE(s.path);
    auto res = Run(s, support_);
    EXPECT_EQ(res.result_int(), 200u) << res.body();
  }
  EXPECT_EQ(Call(verb::head, north_.location, support_).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Partners/nodes/GW1", support_).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Partners/customers/search/NORTH-0001?field=accountId", support_)
                .result_int(),
            200u);
  const std::vector<unsigned> statuses = {200, 200, 204, 204, 202, 200};
  const std::vector<Step> actions = SupportActions(north_);
  for (size_t i = 0; i < actions.size(); ++i) {
    SCOPED_TRACE(actions[i].path);
    auto res = Run(actions[i], support_);
    EXPECT_EQ(res.result_int(), statuses[i]) << res.body();
  }
  auto jobs = JsonOf(Call(verb::get, north_.location + "/supportJobs", support_));
  ASSERT_EQ(jobs.at("jobs").as_array().size(), 4u);
  EXPECT_EQ(S(jobs.at("jobs").at(0).at("requestedBy")).rfind("user:", 0), 0u);

  // Every write is refused by the role check (401), in and outside the support user's groups.
  const std::string before = Sql("SELECT count(*) FROM audit_log");
  for (const Registered* r : {&north_, &south_}) {
    for (const Step& s : Writes(*r)) {
      SCOPED_TRACE(s.path);
      ExpectError(Run(s, support_), 401, "AUTHORIZATION_REQUIRED");
    }
  }
  for (const Step& s : std::vector<Step>{
           {verb::post, "/api/inventory/nodes", R"({"id":"NEW1","residentialGateway":false})"},
           {verb::patch, "/api/Partners/nodes/POD1", R"({"unclaimable":true})"},
           {verb::delete_, "/api/Partners/nodes/POD1", ""}}) {
    SCOPED_TRACE(s.path);
    ExpectError(Run(s, support_), 401, "AUTHORIZATION_REQUIRED");
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log"), before);
  EXPECT_EQ(S(JsonOf(Call(verb::get, north_.customer, support_)).at("name")), "Ada");
}

TEST_F(PlumeOperatorsTest, CustomerTokensMayNotRunSupportActions) {
  ASSERT_EQ(Call(verb::patch, north_.customer, acme_,
                 R"({"email":"nora@example.org","emailVerified":true})")
                .result_int(),
            200u);
  Sql("UPDATE plume_customers SET password_hash = (SELECT password_hash FROM users WHERE "
      "username = 'north-admin') WHERE id = '" +
      north_.customer_id + "'");
  auto login = Call(verb::post, "/api/Customers/login", "",
                    R"({"email":"nora@example.org","password":"operator pass 1"})");
  ASSERT_EQ(login.result_int(), 200u) << login.body();
  const std::string customer = S(JsonOf(login).at("id"));
  EXPECT_EQ(Call(verb::get, north_.location, customer).result_int(), 200u);
  for (const Step& s : SupportActions(north_)) {
    SCOPED_TRACE(s.path);
    ExpectError(Run(s, customer), 401, "AUTHORIZATION_REQUIRED");
  }
  ExpectError(Call(verb::post, "/api/Customers/registerWithGroups", customer,
                   R"({"groupIds":["north"],"accountId":"X-0001"})"),
              401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::post, "/api/Customers/resendEmailVerification", customer,
                   R"({"email":"nora@example.org"})"),
              401, "AUTHORIZATION_REQUIRED");
}

}  // namespace
}  // namespace ispcloud::e2e
