// End-to-end tests of the Plume support actions (PLUME-API.md §11): firmware PUT/GET,
// forcedSteer PUT/DELETE, logPull and supportJobs as recorded jobs, with the gate's errors, the
// field rules and malformed input. Group admin / group support tokens are covered by
// plume_operators_test.cpp.

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeSupportTest : public PlumeApiTest {};

TEST_F(PlumeSupportTest, ActionsAreRecordedAsQueuedJobs) {
  const Registered r = Register("ACCT-0001");
  auto res = Call(verb::get, r.location + "/firmware", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res), json::parse(R"({"status":"idle"})"));

  res = Call(verb::put, r.location + "/firmware", acme_, R"({"version":"5.1.0"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value firmware = JsonOf(res);
  EXPECT_EQ(S(firmware.at("id")).size(), 24u);
  EXPECT_EQ(S(firmware.at("type")), "firmwareUpgrade");
  EXPECT_EQ(S(firmware.at("status")), "queued");
  EXPECT_EQ(S(firmware.at("customerId")), r.customer_id);
  EXPECT_EQ(S(firmware.at("locationId")), r.location_id);
  EXPECT_EQ(firmware.at("parameters"), json::parse(R"({"direction":"upgrade","version":"5.1.0"})"));
  EXPECT_EQ(S(firmware.at("requestedBy")).rfind("client:", 0), 0u);
  EXPECT_EQ(S(firmware.at("createdAt")).size(), 24u);
  EXPECT_EQ(S(firmware.at("_version")), "1.0.0");
  res = Call(verb::get, r.location + "/firmware", acme_);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res), firmware);

  // A downgrade, from a form body; the latest firmware job is the downgrade.
  res = Call(verb::put, r.location + "/firmware", acme_, "direction=downgrade&version=4.0",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("type")), "firmwareDowngrade");
  EXPECT_EQ(S(JsonOf(Call(verb::get, r.location + "/firmware", acme_)).at("type")),
            "firmwareDowngrade");

  // Steering: 204 without a body; the MAC is normalised.
  res = Call(verb::put, r.location + "/devices/AA-BB-CC-DD-EE-01/forcedSteer", acme_);
  EXPECT_EQ(res.result_int(), 204u) << res.body();
  EXPECT_TRUE(res.body().empty());
  res = Call(verb::delete_, r.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", acme_);
  EXPECT_EQ(res.result_int(), 204u) << res.body();

  ASSERT_EQ(
      Call(verb::post, r.location + "/nodes", acme_, R"({"serialNumber":"GW1"})").result_int(),
      200u);
  res = Call(verb::post, r.location + "/logPull", acme_, R"({"nodeId":"GW1","comment":"slow"})");
  ASSERT_EQ(res.result_int(), 202u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("type")), "logPull");
  EXPECT_EQ(JsonOf(res).at("parameters"), json::parse(R"({"nodeId":"GW1","comment":"slow"})"));

  res = Call(verb::get, r.location + "/supportJobs", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value listed = JsonOf(res);
  const auto& jobs = listed.at("jobs").as_array();
  ASSERT_EQ(jobs.size(), 5u);
  EXPECT_EQ(S(jobs[0].at("type")), "logPull");  // newest first
  EXPECT_EQ(S(jobs[1].at("parameters").at("action")), "cancel");
  EXPECT_EQ(S(jobs[2].at("parameters").at("mac")), "aa:bb:cc:dd:ee:01");
  EXPECT_EQ(S(jobs[2].at("parameters").at("action")), "steer");
  EXPECT_EQ(jobs[4], firmware);

  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE action = 'supportJob.create'"), "5");
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE event_type = 'supportJob.created' AND "
                "topic = 'plume' AND tenant = 'acme'"),
            "5");
  // Nothing else changed.
  EXPECT_EQ(S(JsonOf(Call(verb::get, r.location, acme_)).at("updatedAt")),
            S(JsonOf(Call(verb::get, r.location, acme_)).at("createdAt")));
}

TEST_F(PlumeSupportTest, FieldRulesAnswer422) {
  const Registered r = Register("ACCT-0001");
  auto codes = CodesOf(Call(verb::put, r.location + "/firmware", acme_,
                            R"({"version":")" + std::string(65, '9') + R"(","direction":"up"})"));
  EXPECT_EQ(codes["version"], "length.max");
  EXPECT_EQ(codes["direction"], "inclusion");
  ExpectError(Call(verb::put, r.location + "/firmware", acme_, R"({"version":5})"), 422,
              "VALIDATION_ERROR");
  ExpectError(Call(verb::put, r.location + "/devices/not-a-mac/forcedSteer", acme_), 422,
              "VALIDATION_ERROR");
  ExpectError(Call(verb::delete_, r.location + "/devices/aa:bb:cc:dd:ee/forcedSteer", acme_), 422,
              "VALIDATION_ERROR");
  codes = CodesOf(Call(verb::put, r.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", acme_,
                       R"({"expiresAt":"2000-01-01T00:00:00Z"})"));
  EXPECT_EQ(codes["expiresAt"], "custom");
  codes = CodesOf(Call(verb::put, r.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", acme_,
                       R"({"expiresAt":"soon"})"));
  EXPECT_EQ(codes["expiresAt"], "format");
  codes = CodesOf(Call(verb::post, r.location + "/logPull", acme_,
                       R"({"comment":")" + std::string(257, 'c') + R"(","nodeId":7})"));
  EXPECT_EQ(codes["comment"], "length.max");
  EXPECT_EQ(codes["nodeId"], "type");
  ExpectError(Call(verb::post, r.location + "/logPull", acme_, R"({"nodeId":"POD1"})"), 404,
              "NODE_NOT_FOUND");
  ExpectError(Call(verb::post, r.location + "/logPull", acme_, R"({"nodeId":"OTHER1"})"), 404,
              "NODE_NOT_FOUND");
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_support_jobs"), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE event_type = 'supportJob.created'"), "0");
}

TEST_F(PlumeSupportTest, GateAndMalformedInput) {
  const Registered r = Register("ACCT-0001");
  const std::vector<std::pair<verb, std::string>> endpoints = {
      {verb::put, r.location + "/firmware"},
      {verb::get, r.location + "/firmware"},
      {verb::put, r.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer"},
      {verb::delete_, r.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer"},
      {verb::post, r.location + "/logPull"},
      {verb::get, r.location + "/supportJobs"}};
  const std::string unknown_location = r.customer + "/locations/000000000000000000000000";
  for (const auto& [method, path] : endpoints) {
    SCOPED_TRACE(path);
    ExpectError(Call(method, path, ""), 401, "AUTHORIZATION_REQUIRED");
    ExpectError(Call(method, path, "not-a-token"), 401, "AUTHORIZATION_REQUIRED");
    ExpectError(Call(method, path, other_), 403, "FORBIDDEN");
    std::string unknown_customer = path;
    unknown_customer.replace(unknown_customer.find(r.customer_id), r.customer_id.size(),
                             "000000000000000000000000");
    ExpectError(Call(method, unknown_customer, acme_), 401, "AUTHORIZATION_REQUIRED");
    std::string unknown = path;
    unknown.replace(0, r.location.size(), unknown_location);
    ExpectError(Call(method, unknown, acme_), 404, "MODEL_NOT_FOUND");
    if (method != verb::get) {
      ExpectError(Call(method, path, acme_, "{not json"), 400, "INVALID_JSON");
      ExpectError(Call(method, path, acme_, "[1,2]"), 400, "INVALID_JSON");
      ExpectError(Call(method, path, acme_, "x", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }
  }
  // The role check comes before the body (§2.3): no token and bad JSON is 401.
  ExpectError(Call(verb::post, r.location + "/logPull", "", "{not json"), 401,
              "AUTHORIZATION_REQUIRED");
  // An archived location is not found.
  ASSERT_EQ(Call(verb::delete_, r.location, acme_).result_int(), 204u);
  ExpectError(Call(verb::post, r.location + "/logPull", acme_), 404, "MODEL_NOT_FOUND");
  // Oversized body: 413.
  const std::string huge = R"({"comment":")" + std::string(2 * 1024 * 1024, 'c') + R"("})";
  auto res = Call(verb::post, r.location + "/logPull", acme_, huge);
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_support_jobs"), "0");
}

}  // namespace
}  // namespace ispcloud::e2e
