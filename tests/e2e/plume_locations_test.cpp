// End-to-end tests of the Plume location endpoints beyond list/create/get (PLUME-API.md
// §6.4-§6.11): HEAD, PATCH, PUT, DELETE (archive and the replacement rule), service level,
// onboarding checkpoint, authorizations and monitor mode, with every error code of those
// sections, another partner's token and malformed input.

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeLocationsTest : public PlumeApiTest {
 protected:
  HttpResponse Claim(const Registered& r, const std::string& serial) {
    const json::object body{{"serialNumber", serial}};
    return Call(verb::post, r.location + "/nodes", acme_, json::serialize(body));
  }
};

TEST_F(PlumeLocationsTest, PatchPutAndHead) {
  const Registered r = Register("ACCT-0001");
  auto res = Call(verb::patch, r.location, acme_, R"({"serviceId":"SVC-42"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("serviceId")), "SVC-42");
  EXPECT_EQ(S(JsonOf(res).at("name")), "Home");
  res = Call(verb::patch, r.location, acme_, R"({"profile":"smallbusiness","name":"Shop"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("profile")), "smallbusiness");
  EXPECT_EQ(S(JsonOf(res).at("name")), "Shop");
  EXPECT_EQ(S(JsonOf(res).at("serviceId")), "SVC-42");  // untouched
  // Own serviceId again: no conflict.
  EXPECT_EQ(Call(verb::patch, r.location, acme_, R"({"serviceId":"SVC-42"})").result_int(), 200u);
  // null and "" clear it.
  res = Call(verb::patch, r.location, acme_, R"({"serviceId":null})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_TRUE(JsonOf(res).at("serviceId").is_null());
  ASSERT_EQ(Call(verb::patch, r.location, acme_, R"({"serviceId":"SVC-43"})").result_int(), 200u);
  res = Call(verb::patch, r.location, acme_, "serviceId=", "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_TRUE(JsonOf(res).at("serviceId").is_null());

  res = Call(verb::put, r.location, acme_, R"({"name":"Cottage","serviceId":"IGNORED"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("name")), "Cottage");
  EXPECT_TRUE(JsonOf(res).at("serviceId").is_null());  // PUT renames only
  EXPECT_EQ(S(JsonOf(Call(verb::get, r.location, acme_)).at("name")), "Cottage");

  // HEAD: the status of GET, never a body.
  res = Call(verb::head, r.location, acme_);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_TRUE(res.body().empty());
  res = Call(verb::head, r.customer + "/locations/0123456789abcdef01234567", acme_);
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(Call(verb::head, r.location, other_).result_int(), 403u);
  EXPECT_EQ(Call(verb::head, r.location, "").result_int(), 401u);
  EXPECT_EQ(
      Call(verb::head, "/api/Customers/0123456789abcdef01234567/locations/x", acme_).result_int(),
      401u);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE entity_id = '" + r.location_id +
                "' AND action IN ('location.update', 'location.rename')"),
            "7");
}

TEST_F(PlumeLocationsTest, PatchAndPutErrors) {
  const Registered r = Register("ACCT-0001");
  const Registered s = Register("ACCT-0002");
  ASSERT_EQ(Call(verb::patch, s.location, acme_, R"({"serviceId":"SVC-1"})").result_int(), 200u);
  ExpectError(Call(verb::patch, r.location, acme_, R"({"serviceId":"SVC-1"})"), 409,
              "DUPLICATE_KEY");
  ExpectError(Call(verb::patch, r.location, acme_, "{}"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::patch, r.location, acme_, R"({"other":1})"), 422, "VALIDATION_ERROR");
  auto res = Call(verb::patch, r.location, acme_,
                  R"({"name":"","profile":"property","serviceId":"A\"B"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res),
            (std::map<std::string, std::string>{
                {"name", "length.min"}, {"profile", "inclusion"}, {"serviceId", "format"}}));
  res = Call(verb::patch, r.location, acme_, R"({"serviceId":5,"name":["x"]})");
  EXPECT_EQ(CodesOf(res),
            (std::map<std::string, std::string>{{"serviceId", "type"}, {"name", "type"}}));
  const std::string long_id = R"({"serviceId":")" + std::string(129, 's') + R"("})";
  ExpectError(Call(verb::patch, r.location, acme_, long_id), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::patch, r.location, acme_, "{bad"), 400, "INVALID_JSON");
  ExpectError(Call(verb::patch, r.location, acme_, "name=x", "text/plain"), 415,
              "UNSUPPORTED_MEDIA_TYPE");

  ExpectError(Call(verb::put, r.location, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, r.location, acme_, R"({"name":""})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, r.location, acme_, R"({"name":5})"), 422, "VALIDATION_ERROR");
  const std::string long_name = R"({"name":")" + std::string(129, 'n') + R"("})";
  ExpectError(Call(verb::put, r.location, acme_, long_name), 422, "VALIDATION_ERROR");

  // Gate: unknown location, another customer's location, unknown customer, no token.
  ExpectError(Call(verb::patch, r.customer + "/locations/0123456789abcdef01234567", acme_,
                   R"({"name":"x"})"),
              404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::put, r.customer + "/locations/" + s.location_id, acme_, R"({"name":"x"})"),
              404, "MODEL_NOT_FOUND");
  ExpectError(
      Call(verb::patch, "/api/Customers/0123456789abcdef01234567/locations/" + r.location_id, acme_,
           R"({"name":"x"})"),
      401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::put, r.location, "", R"({"name":"x"})"), 401, "AUTHORIZATION_REQUIRED");
  // Nothing changed.
  auto got = JsonOf(Call(verb::get, r.location, acme_));
  EXPECT_EQ(S(got.at("name")), "Home");
  EXPECT_TRUE(got.at("serviceId").is_null());
}

TEST_F(PlumeLocationsTest, ArchiveUnclaimsAndReplacesTheLastLocation) {
  const Registered r = Register("ACCT-0001");
  ASSERT_EQ(Call(verb::patch, r.location, acme_, R"({"serviceId":"SVC-1"})").result_int(), 200u);
  ASSERT_EQ(Claim(r, "GW1").result_int(), 200u);
  ASSERT_EQ(Claim(r, "POD1").result_int(), 200u);

  auto res = Call(verb::delete_, r.location, acme_);
  ASSERT_EQ(res.result_int(), 204u) << res.body();
  EXPECT_TRUE(res.body().empty());
  // Nodes unclaimed (accountId kept, as the default unclaim does).
  auto node = JsonOf(Call(verb::get, "/api/inventory/nodes/GW1", acme_));
  EXPECT_TRUE(node.at("customerId").is_null());
  EXPECT_EQ(S(node.at("accountId")), "ACCT-0001");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_node_claims"), "0");
  // The archived location is gone everywhere; a second DELETE is 409.
  ExpectError(Call(verb::get, r.location, acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, r.location + "/serviceLevel", acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::patch, r.location, acme_, R"({"name":"x"})"), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, r.location + "/nodes", acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::delete_, r.location, acme_), 409, "LOCATION_ALREADY_ARCHIVED");
  // Replacement rule: a fresh "Home" with every default.
  auto list = JsonOf(Call(verb::get, r.customer + "/locations", acme_));
  ASSERT_EQ(list.as_array().size(), 1u) << json::serialize(list);
  const auto& home = list.as_array()[0];
  EXPECT_NE(S(home.at("id")), r.location_id);
  EXPECT_EQ(S(home.at("name")), "Home");
  EXPECT_EQ(S(home.at("profile")), "auto");
  EXPECT_TRUE(home.at("serviceId").is_null());
  EXPECT_EQ(home.at("authorizations").at("numPodsAuthorized"), 32);
  // The archived serviceId is free again, and the nodes can be claimed elsewhere.
  const Registered s = Register("ACCT-0002");
  EXPECT_EQ(Call(verb::patch, s.location, acme_, R"({"serviceId":"SVC-1"})").result_int(), 200u);
  EXPECT_EQ(Claim(s, "GW1").result_int(), 200u);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE action = 'location.archive' AND "
                "entity_id = '" +
                r.location_id + "'"),
            "1");

  // A customer with two locations keeps the other one, no replacement.
  const std::string second = S(
      JsonOf(Call(verb::post, s.customer + "/locations", acme_, R"({"name":"Office"})")).at("id"));
  ASSERT_EQ(Call(verb::delete_, s.location, acme_).result_int(), 204u);
  list = JsonOf(Call(verb::get, s.customer + "/locations", acme_));
  ASSERT_EQ(list.as_array().size(), 1u);
  EXPECT_EQ(S(list.as_array()[0].at("id")), second);
}

TEST_F(PlumeLocationsTest, ArchiveOfAnAutoProvisionedCustomerLeavesNoLocation) {
  const Registered r = Register("ACCT-0001");
  Sql("UPDATE plume_customers SET auto_provisioned = 1 WHERE id = '" + r.customer_id + "'");
  ASSERT_EQ(Call(verb::delete_, r.location, acme_).result_int(), 204u);
  EXPECT_TRUE(JsonOf(Call(verb::get, r.customer + "/locations", acme_)).as_array().empty());
}

TEST_F(PlumeLocationsTest, ArchiveErrors) {
  const Registered r = Register("ACCT-0001");
  const Registered s = Register("ACCT-0002");
  ExpectError(Call(verb::delete_, r.customer + "/locations/0123456789abcdef01234567", acme_), 404,
              "MODEL_NOT_FOUND");
  ExpectError(Call(verb::delete_, r.customer + "/locations/not-an-id", acme_), 404,
              "MODEL_NOT_FOUND");
  ExpectError(Call(verb::delete_, r.customer + "/locations/" + s.location_id, acme_), 404,
              "MODEL_NOT_FOUND");
  ExpectError(Call(verb::delete_, r.location, other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::delete_, r.location, ""), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::delete_,
                   "/api/Customers/0123456789abcdef01234567/locations/" + r.location_id, acme_),
              401, "AUTHORIZATION_REQUIRED");
  // Another customer's archived location is still "not found", not 409.
  ASSERT_EQ(Call(verb::delete_, s.location, acme_).result_int(), 204u);
  ExpectError(Call(verb::delete_, r.customer + "/locations/" + s.location_id, acme_), 404,
              "MODEL_NOT_FOUND");
  EXPECT_EQ(Call(verb::get, r.location, acme_).result_int(), 200u);
}

TEST_F(PlumeLocationsTest, ServiceLevel) {
  const Registered r = Register("ACCT-0001");
  const std::string path = r.location + "/serviceLevel";
  auto res = Call(verb::get, path, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value before = JsonOf(res);
  EXPECT_EQ(S(before.at("status")), "fullService");
  res = Call(verb::patch, path, acme_, R"({"status":"noService"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("status")), "noService");
  EXPECT_EQ(JsonOf(res).at("createdAt"), before.at("createdAt"));
  EXPECT_TRUE(JsonOf(res).at("updatedAt").is_string());
  res = Call(verb::patch, path, acme_, "status=basicService", "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(Call(verb::get, r.location, acme_)).at("serviceLevel").at("status")),
            "basicService");
  // The same value again is fine.
  EXPECT_EQ(Call(verb::patch, path, acme_, R"({"status":"basicService"})").result_int(), 200u);

  ExpectError(Call(verb::patch, path, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::patch, path, acme_, R"({"status":""})"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::patch, path, acme_, R"({"status":"NoService"})"), 422, "VALIDATION_ERROR");
  res = Call(verb::patch, path, acme_, R"({"status":3})");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"status", "type"}}));
  ExpectError(Call(verb::patch, path, acme_, "{bad"), 400, "INVALID_JSON");
  ExpectError(Call(verb::patch, path, other_, R"({"status":"noService"})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, path, other_), 403, "FORBIDDEN");
  ExpectError(
      Call(verb::get, r.customer + "/locations/0123456789abcdef01234567/serviceLevel", acme_), 404,
      "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, path, ""), 401, "AUTHORIZATION_REQUIRED");
  EXPECT_EQ(S(JsonOf(Call(verb::get, path, acme_)).at("status")), "basicService");
}

TEST_F(PlumeLocationsTest, OnboardingCheckpoint) {
  const Registered r = Register("ACCT-0001");
  const std::string path = r.location + "/onboardingCheckpoint";
  auto res = Call(verb::post, path, acme_,
                  R"({"checkpoint":"PodsAdded","podsSeenByBle":2,"appOs":"iOS","osVersion":"17"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value first = JsonOf(res);
  EXPECT_EQ(S(first.at("checkpoint").at("value")), "PodsAdded");
  EXPECT_EQ(S(first.at("checkpoint").at("locationId")), r.location_id);
  EXPECT_EQ(S(first.at("checkpoint").at("id")).size(), 24u);
  EXPECT_EQ(first.at("checkpoint").at("timestamp"), first.at("checkpoint").at("createdAt"));
  auto location = JsonOf(Call(verb::get, r.location, acme_));
  EXPECT_EQ(S(location.at("onboardingCheckpoint")), "PodsAdded");
  EXPECT_TRUE(location.at("onboardedAt").is_null());
  EXPECT_EQ(Sql("SELECT pods_seen_by_ble || '/' || app_os || '/' || os_version FROM "
                "plume_onboarding_checkpoints"),
            "2/iOS/17");

  // The alias, then the first OnboardingComplete sets onboardedAt; later writes keep it.
  res = Call(verb::post, path, acme_, R"({"onboardingCheckpoint":"OnboardingComplete"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  location = JsonOf(Call(verb::get, r.location, acme_));
  EXPECT_EQ(S(location.at("onboardingCheckpoint")), "OnboardingComplete");
  const std::string onboarded = S(location.at("onboardedAt"));
  EXPECT_FALSE(onboarded.empty());
  ASSERT_EQ(Call(verb::post, path, acme_, R"({"checkpoint":"PodsAdded"})").result_int(), 200u);
  ASSERT_EQ(Call(verb::post, path, acme_, R"({"checkpoint":"OnboardingComplete"})").result_int(),
            200u);
  location = JsonOf(Call(verb::get, r.location, acme_));
  EXPECT_EQ(S(location.at("onboardedAt")), onboarded);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_onboarding_checkpoints"), "4");

  // Missing or unknown value: 422 (this endpoint never answers 400 for it).
  ExpectError(Call(verb::post, path, acme_, "{}"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, path, acme_, R"({"checkpoint":""})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, path, acme_, R"({"checkpoint":"Done"})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, path, acme_, R"({"checkpoint":true})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, path, acme_, "[]"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, path, other_, R"({"checkpoint":"PodsAdded"})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::post,
                   r.customer + "/locations/0123456789abcdef01234567/"
                                "onboardingCheckpoint",
                   acme_, R"({"checkpoint":"PodsAdded"})"),
              404, "MODEL_NOT_FOUND");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_onboarding_checkpoints"), "4");
}

TEST_F(PlumeLocationsTest, AuthorizationsLimitClaims) {
  const Registered r = Register("ACCT-0001");
  const std::string path = r.location + "/authorizations";
  auto res = Call(verb::get, path, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("numPodsAuthorized"), 32);
  EXPECT_EQ(S(JsonOf(res).at("_version")), "1.0.0");
  EXPECT_TRUE(JsonOf(res).at("numNodesAuthorized").as_array().empty());
  res = Call(verb::put, path, acme_, R"({"numPodsAuthorized":1})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("numPodsAuthorized"), 1);
  // The claim reads the stored limit: a gateway and one leaf pod.
  ASSERT_EQ(Claim(r, "GW1").result_int(), 200u);
  ASSERT_EQ(Claim(r, "POD1").result_int(), 200u);
  ExpectError(Claim(r, "POD2"), 422, "POD_LIMIT_EXCEEDED");
  // Lowering the limit unclaims nothing.
  ASSERT_EQ(Call(verb::put, path, acme_, "numPodsAuthorized=0", "application/x-www-form-urlencoded")
                .result_int(),
            200u);
  EXPECT_EQ(JsonOf(Call(verb::get, r.location + "/nodes", acme_)).at("nodes").as_array().size(),
            2u);
  ASSERT_EQ(Call(verb::put, path, acme_, R"({"numPodsAuthorized":"2"})").result_int(), 200u);
  EXPECT_EQ(Claim(r, "POD2").result_int(), 200u);
  EXPECT_EQ(JsonOf(Call(verb::get, r.location, acme_)).at("authorizations").at("numPodsAuthorized"),
            2);

  ExpectError(Call(verb::put, path, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, path, acme_, R"({"numPodsAuthorized":""})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(
      Call(verb::put, path, acme_, "numPodsAuthorized=", "application/x-www-form-urlencoded"), 400,
      "MISSING_REQUIRED_ARGUMENT");
  for (const char* bad : {"-1", "1001", "2.5", "\"abc\"", "true", "[1]"}) {
    const std::string body = std::string(R"({"numPodsAuthorized":)") + bad + "}";
    ExpectError(Call(verb::put, path, acme_, body), 422, "VALIDATION_ERROR");
  }
  ExpectError(Call(verb::put, path, other_, R"({"numPodsAuthorized":5})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, path, other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::put, path, "", R"({"numPodsAuthorized":5})"), 401,
              "AUTHORIZATION_REQUIRED");
  ExpectError(
      Call(verb::get, r.customer + "/locations/0123456789abcdef01234567/authorizations", acme_),
      404, "MODEL_NOT_FOUND");
  EXPECT_EQ(JsonOf(Call(verb::get, path, acme_)).at("numPodsAuthorized"), 2);
}

// §6.10: new locations start at the partner's configured default (`partner configure` or
// `partner create --pods-authorized`), 32 when none is configured.
TEST_F(PlumeLocationsTest, NewLocationsStartAtThePartnersDefault) {
  const Registered before = Register("ACCT-0001");
  auto configured = Cli({"partner", "configure", "--id", "acme", "--pods-authorized", "1"});
  ASSERT_EQ(configured.exit_code, 0) << configured.err;
  EXPECT_EQ(json::parse(configured.out).at("podsAuthorizedDefault"), 1);
  for (const char* bad : {"-1", "1001", "x"}) {
    EXPECT_NE(Cli({"partner", "configure", "--id", "acme", "--pods-authorized", bad}).exit_code, 0)
        << bad;
  }
  EXPECT_NE(Cli({"partner", "configure", "--id", "nobody", "--pods-authorized", "3"}).exit_code, 0);
  auto pods = [&](const std::string& location) {
    return JsonOf(Call(verb::get, location + "/authorizations", acme_)).at("numPodsAuthorized");
  };
  EXPECT_EQ(pods(before.location), 32);  // existing locations keep theirs

  const Registered after = Register("ACCT-0002");
  EXPECT_EQ(pods(after.location), 1);
  ASSERT_EQ(Claim(after, "GW1").result_int(), 200u);
  ASSERT_EQ(Claim(after, "POD1").result_int(), 200u);
  ExpectError(Claim(after, "POD2"), 422, "POD_LIMIT_EXCEEDED");
  const std::string office =
      S(JsonOf(Call(verb::post, after.customer + "/locations", acme_, R"({"name":"Office"})"))
            .at("id"));
  EXPECT_EQ(pods(after.customer + "/locations/" + office), 1);

  auto created =
      Cli({"partner", "create", "--id", "tiny", "--name", "Tiny", "--pods-authorized", "0"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(json::parse(created.out).at("podsAuthorizedDefault"), 0);
  EXPECT_NE(
      Cli({"partner", "create", "--id", "huge", "--name", "Huge", "--pods-authorized", "1001"})
          .exit_code,
      0);
}

TEST_F(PlumeLocationsTest, MonitorModeBlocksClaims) {
  const Registered r = Register("ACCT-0001");
  const std::string path = r.location + "/monitorMode";
  auto res = Call(verb::put, path, acme_, R"({"enable":true})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("enable"), true);
  EXPECT_EQ(S(JsonOf(res).at("_version")), "1.0.0");
  EXPECT_EQ(JsonOf(Call(verb::get, r.location, acme_)).at("monitorMode").at("enable"), true);
  ExpectError(Claim(r, "GW1"), 422, "MONITOR_MODE_ENABLED");
  res = Call(verb::put, path, acme_, "enable=false", "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("enable"), false);
  EXPECT_EQ(Claim(r, "GW1").result_int(), 200u);
  EXPECT_EQ(Call(verb::put, path, acme_, R"({"enable":"true"})").result_int(), 200u);

  ExpectError(Call(verb::put, path, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, path, acme_, R"({"enable":null})"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, path, acme_, R"({"enable":"maybe"})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::put, path, acme_, R"({"enable":1})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::put, path, other_, R"({"enable":false})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::put, path, "", R"({"enable":false})"), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::put, r.customer + "/locations/0123456789abcdef01234567/monitorMode", acme_,
                   R"({"enable":false})"),
              404, "MODEL_NOT_FOUND");
  // Monitor mode has no GET (§6.11): 404 NOT_FOUND like any unknown route.
  ExpectError(Call(verb::get, path, acme_), 404, "NOT_FOUND");
  EXPECT_EQ(JsonOf(Call(verb::get, r.location, acme_)).at("monitorMode").at("enable"), true);
}

}  // namespace
}  // namespace ispcloud::e2e
