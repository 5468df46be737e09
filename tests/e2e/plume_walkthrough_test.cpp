// The walkthrough of PLUME-API.md §13 as one end-to-end test, onboarding then offboarding:
// token -> register -> locations -> claim pods -> WiFi -> onboarding complete -> look-ups ->
// RMA (unclaim, claim the replacement) -> suspension -> delete location -> delete customer, with
// the events each step leaves in the outbox (§12.7).

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeWalkthroughTest : public PlumeApiTest {
 protected:
  std::string Events(const std::string& type) {
    return Sql(
        "SELECT count(*) FROM outbox_events WHERE topic = 'plume' AND tenant = 'acme' AND "
        "event_type = '" +
        type + "'");
  }
};

TEST_F(PlumeWalkthroughTest, OnboardingThenRmaThenOffboarding) {
  Import("acme",
         "serialNumber,model\nGW0001,PP203X\nPOD0001,PP203X\nPOD0002,PP203X\n"
         "POD0003,PP203X\n");
  // 1. token
  const auto client = ClientOf("acme");
  auto res = Call(verb::post, "/oauth2/default/v1/token", "",
                  "grant_type=client_credentials&client_id=" + client.first + "&client_secret=" +
                      client.second + "&scope=partnerId%3Aacme%20role%3ApartnerIdAdmin",
                  "application/x-www-form-urlencoded; charset=utf-8");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value token_doc = JsonOf(res);
  EXPECT_EQ(S(token_doc.at("token_type")), "Bearer");
  EXPECT_EQ(token_doc.at("expires_in"), 600);
  EXPECT_EQ(S(token_doc.at("scope")), "partnerId:acme role:partnerIdAdmin");
  const std::string token = S(token_doc.at("access_token"));

  // 2. register
  res = Call(verb::post, "/api/Customers/register", token,
             R"({"email":"ada@example.org","name":"Ada Lovelace","accountId":"CRM-000123",
                 "partnerId":"acme","profile":"auto","acceptLanguage":"en-US"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const std::string cid = S(JsonOf(res).at("id"));
  const std::string lid = S(JsonOf(res).at("locationId"));
  const std::string customer = "/api/Customers/" + cid;
  const std::string location = customer + "/locations/" + lid;

  // 3. locations: the auto-created "Home"; 3b. tag it with the CRM service id
  res = Call(verb::get, customer + "/locations", token);
  ASSERT_EQ(res.result_int(), 200u);
  const json::value locations = JsonOf(res);
  ASSERT_EQ(locations.as_array().size(), 1u);
  EXPECT_EQ(S(locations.at(0).at("id")), lid);
  EXPECT_EQ(S(locations.at(0).at("name")), "Home");
  EXPECT_EQ(S(locations.at(0).at("customerId")), cid);
  EXPECT_TRUE(locations.at(0).at("serviceId").is_null());
  EXPECT_EQ(S(locations.at(0).at("profile")), "auto");
  res = Call(verb::patch, location, token, R"({"serviceId":"SVC-42"})");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(S(JsonOf(res).at("serviceId")), "SVC-42");

  // 4. claim the gateway and two pods; a repeat claims nothing
  for (const char* serial : {"GW0001", "POD0001", "POD0002"}) {
    const json::object body{{"serialNumber", serial}};
    res = Call(verb::post, location + "/nodes", token, json::serialize(body));
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    EXPECT_EQ(S(JsonOf(res).at("claimed").at(0).at("id")), serial);
  }
  res = Call(verb::post, location + "/nodes", token, R"({"serialNumber":"POD0001"})");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_TRUE(JsonOf(res).at("claimed").as_array().empty());

  // 5. WiFi network
  res = Call(verb::post, location + "/wifiNetwork", token,
             R"({"ssid":"Lovelace-Home","encryptionKey":"correct horse","wpaMode":"psk2"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("wifiNetwork").at("ssid")), "Lovelace-Home");
  EXPECT_EQ(S(JsonOf(res).at("wifiNetwork").at("wpaMode")), "psk2");

  // 6. onboarding complete
  res = Call(verb::post, location + "/onboardingCheckpoint", token,
             R"({"checkpoint":"OnboardingComplete"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("checkpoint").at("value")), "OnboardingComplete");
  EXPECT_EQ(S(JsonOf(res).at("checkpoint").at("locationId")), lid);

  // 7. look-ups
  res = Call(verb::get, "/api/Partners/nodes/POD0001", token);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res), json::parse(R"({"customerId":")" + cid + R"(","locationId":")" + lid +
                                     R"(","serialNumber":"POD0001","packId":null,)"
                                     R"("partnerId":"acme"})"));
  res = Call(verb::get, "/api/Partners/locations/SVC-42", token);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res),
            json::parse(R"({"id":")" + lid + R"(","name":"Home","serviceId":"SVC-42",)" +
                        R"("customer":{"id":")" + cid +
                        R"(","name":"Ada Lovelace","accountId":"CRM-000123"}})"));
  res = Call(verb::get, "/api/Partners/customers/search/CRM-000123?field=accountId", token);
  ASSERT_EQ(res.result_int(), 200u);
  ASSERT_EQ(JsonOf(res).as_array().size(), 1u);
  EXPECT_EQ(S(JsonOf(res).at(0).at("id")), cid);
  EXPECT_EQ(S(JsonOf(res).at(0).at("locations").at(0).at("id")), lid);

  // 8. RMA: unclaim the faulty pod, then claim its replacement
  res = Call(verb::delete_, location + "/nodes/POD0002", token,
             R"({"preservePackId":false,"removeAccountId":true})");
  ASSERT_EQ(res.result_int(), 204u) << res.body();
  ExpectError(Call(verb::delete_, location + "/nodes/POD0002", token,
                   R"({"preservePackId":false,"removeAccountId":true})"),
              400, "NODE_ALREADY_UNCLAIMED");
  res = Call(verb::get, "/api/Partners/nodes/POD0002", token);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res),
            json::parse(R"({"serialNumber":"POD0002","packId":null,"partnerId":"acme"})"));
  res = Call(verb::post, location + "/nodes", token, R"({"serialNumber":"POD0003"})");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(Call(verb::get, location + "/nodes", token)).at("nodes").as_array().size(), 3u);

  // Offboarding: suspension, delete the location (a fresh "Home" appears), delete the customer
  res = Call(verb::patch, location + "/serviceLevel", token, R"({"status":"noService"})");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(S(JsonOf(res).at("status")), "noService");
  ASSERT_EQ(Call(verb::delete_, location, token).result_int(), 204u);
  ExpectError(Call(verb::get, location, token), 404, "MODEL_NOT_FOUND");
  res = Call(verb::get, customer + "/locations", token);
  ASSERT_EQ(JsonOf(res).as_array().size(), 1u);
  EXPECT_NE(S(JsonOf(res).at(0).at("id")), lid);
  EXPECT_EQ(S(JsonOf(res).at(0).at("name")), "Home");
  EXPECT_TRUE(JsonOf(Call(verb::get, "/api/Partners/nodes/GW0001", token))
                  .as_object()
                  .contains("serialNumber"));
  EXPECT_FALSE(JsonOf(Call(verb::get, "/api/Partners/nodes/GW0001", token))
                   .as_object()
                   .contains("customerId"));
  ExpectError(Call(verb::get, "/api/Partners/locations/SVC-42", token), 404, "MODEL_NOT_FOUND");
  res = Call(verb::delete_, customer, token);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res), json::parse(R"({"count":1})"));
  ExpectError(Call(verb::get, customer, token), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::delete_, customer, token), 404, "MODEL_NOT_FOUND");

  // The outbox holds each step's events, for acme's subscribers.
  EXPECT_EQ(Events("customer.registered"), "1");
  EXPECT_EQ(Events("node.claimed"), "4");
  EXPECT_EQ(Events("location.onboardingComplete"), "1");
  EXPECT_EQ(Events("node.unclaimed"), "4");     // POD0002, then three when archiving
  EXPECT_EQ(Events("location.archived"), "2");  // the location, then the replacement "Home"
  EXPECT_EQ(Events("customer.deleted"), "1");
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE tenant <> 'acme'"), "0");
  // GDPR: nothing of the customer remains readable but ids and actions.
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_customers"), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_locations WHERE account_id = 'CRM-000123' OR "
                "service_id IS NOT NULL"),
            "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_wifi_networks"), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_node_claims"), "0");
}

}  // namespace
}  // namespace ispcloud::e2e
