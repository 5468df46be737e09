// Malformed input on the Plume endpoints added for support actions (§11), registerWithGroups
// (§5.2) and email verification (§5.6, §5.7): bad JSON, non-object bodies, wrong types, oversized
// fields and bodies, odd path and query values. Each answers a clear 4xx with the LoopBack body
// of §1.5, never a 5xx, and writes nothing.

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeMalformedTest : public PlumeApiTest {
 protected:
  void SetUp() override {
    PlumeApiTest::SetUp();
    Group("north");
    r_ = Register("ACCT-0001");
    ASSERT_EQ(
        Call(verb::post, r_.location + "/nodes", acme_, R"({"serialNumber":"GW1"})").result_int(),
        200u);
    ASSERT_EQ(Call(verb::patch, r_.customer, acme_, R"({"email":"ada@example.org"})").result_int(),
              200u);
  }

  struct Endpoint {
    verb method;
    std::string path;
    std::vector<std::string> fields;  // the body fields it reads
  };

  std::vector<Endpoint> BodyEndpoints() const {
    return {{verb::post, "/api/Customers/registerWithGroups", {"groupIds", "accountId"}},
            {verb::post, "/api/Customers/resendEmailVerification", {"email"}},
            {verb::put, r_.location + "/firmware", {"version", "direction"}},
            {verb::put, r_.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", {"expiresAt"}},
            {verb::post, r_.location + "/logPull", {"nodeId", "comment"}}};
  }

  // Nothing was written by the refused requests.
  void ExpectNothingWritten() {
    EXPECT_EQ(Sql("SELECT count(*) FROM plume_support_jobs"), "0");
    EXPECT_EQ(Sql("SELECT count(*) FROM plume_customers"), "1");
    EXPECT_EQ(Sql("SELECT count(*) FROM plume_email_verifications"), "0");
    EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE event_type NOT IN "
                  "('customer.registered', 'node.claimed')"),
              "0");
  }

  Registered r_;
};

TEST_F(PlumeMalformedTest, BadJsonAndNonObjectBodiesAre400) {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  const std::string bad_utf8 = std::string(R"({"comment":")") + "\xff\xfe" + R"("})";
  for (const Endpoint& e : BodyEndpoints()) {
    SCOPED_TRACE(e.path);
    for (const std::string& body :
         {std::string("{"), std::string(R"({"a":1,})"), std::string("[]"), std::string(R"("text")"),
          std::string("42"), std::string("null"), std::string("true"), deep, bad_utf8,
          std::string("{} {}")}) {
      SCOPED_TRACE(body.substr(0, 20));
      auto res = Call(e.method, e.path, acme_, body);
      ExpectError(res, 400, "INVALID_JSON");
      EXPECT_EQ(S(JsonOf(res).at("error").at("name")), "SyntaxError");
    }
    ExpectError(Call(e.method, e.path, acme_, "<x/>", "application/xml"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    ExpectError(Call(e.method, e.path, acme_, "a=%zz", "application/x-www-form-urlencoded"), 400,
                "BAD_REQUEST");
  }
  ExpectNothingWritten();
}

TEST_F(PlumeMalformedTest, WrongTypesAre422NamingTheField) {
  for (const Endpoint& e : BodyEndpoints()) {
    for (const std::string& field : e.fields) {
      for (const char* value : {"7", "true", R"({"x":1})", "[1]"}) {
        // groupIds is a list: a list of numbers is its wrong type.
        if (field == "groupIds" && std::string(value) == "[1]") continue;
        SCOPED_TRACE(e.path + " " + field + "=" + value);
        std::string body = "{\"" + field + "\":" + value;
        if (field != "accountId" && e.path.find("registerWithGroups") != std::string::npos) {
          body += R"(,"accountId":"ACCT-0009")";
        }
        body += "}";
        auto res = Call(e.method, e.path, acme_, body);
        ExpectError(res, 422, "VALIDATION_ERROR");
        EXPECT_EQ(CodesOf(res)[field], "type");
      }
    }
  }
  auto res = Call(verb::post, "/api/Customers/registerWithGroups", acme_,
                  R"({"groupIds":[1,"north"],"accountId":"ACCT-0009"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res)["groupIds"], "type");
  ExpectNothingWritten();
}

TEST_F(PlumeMalformedTest, OversizedFieldsAndBodies) {
  const std::string big(50'000, 'x');
  auto codes = CodesOf(Call(verb::put, r_.location + "/firmware", acme_,
                            R"({"version":")" + big + R"(","direction":")" + big + R"("})"));
  EXPECT_EQ(codes["version"], "length.max");
  EXPECT_EQ(codes["direction"], "inclusion");
  codes =
      CodesOf(Call(verb::post, r_.location + "/logPull", acme_, R"({"comment":")" + big + R"("})"));
  EXPECT_EQ(codes["comment"], "length.max");
  ExpectError(Call(verb::post, r_.location + "/logPull", acme_, R"({"nodeId":")" + big + R"("})"),
              404, "NODE_NOT_FOUND");
  codes = CodesOf(Call(verb::put, r_.location + "/devices/aa:bb:cc:dd:ee:01/forcedSteer", acme_,
                       R"({"expiresAt":")" + big + R"("})"));
  EXPECT_EQ(codes["expiresAt"], "format");
  codes = CodesOf(Call(verb::post, "/api/Customers/registerWithGroups", acme_,
                       R"({"groupIds":["north"],"accountId":")" + big + R"("})"));
  EXPECT_EQ(codes["accountId"], "length.max");
  json::array many;
  for (int i = 0; i < 101; ++i) many.emplace_back("north");
  const json::object too_many{{"groupIds", many}, {"accountId", "ACCT-0009"}};
  codes = CodesOf(
      Call(verb::post, "/api/Customers/registerWithGroups", acme_, json::serialize(too_many)));
  EXPECT_EQ(codes["groupIds"], "length.max");
  ExpectError(Call(verb::post, "/api/Customers/registerWithGroups", acme_,
                   R"({"groupIds":[")" + big + R"("],"accountId":"ACCT-0009"})"),
              404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::post, "/api/Customers/resendEmailVerification", acme_,
                   R"({"email":")" + big + R"("})"),
              404, "EMAIL_NOT_FOUND");
  // A body over the server's limit: 413 before anything is read.
  const std::string huge = R"({"comment":")" + std::string(2 << 20, 'c') + R"("})";
  EXPECT_EQ(Call(verb::post, r_.location + "/logPull", acme_, huge).result_int(), 413u);
  // 100 KiB must be accepted (§1.2): a valid body of that size reaches the rules.
  const std::string padded =
      R"({"comment":"ok","padding":")" + std::string(100 << 10, 'p') + R"("})";
  EXPECT_EQ(Call(verb::post, r_.location + "/logPull", acme_, padded).result_int(), 202u);
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_support_jobs"), "1");
  EXPECT_EQ(Sql("SELECT parameters FROM plume_support_jobs"), R"({"comment":"ok"})");
}

TEST_F(PlumeMalformedTest, OddPathAndQueryValues) {
  const std::string steer = r_.location + "/devices/";
  for (const std::string& mac : {std::string(2000, 'a'), std::string("aa%3Abb%3Acc%3Add%3Aee"),
                                 std::string("%00"), std::string("aa:bb:cc:dd:ee:gg"),
                                 std::string("aa:bb:cc:dd:ee:ff:00"), std::string("%E2%9C%93")}) {
    SCOPED_TRACE(mac.substr(0, 20));
    ExpectError(Call(verb::put, steer + mac + "/forcedSteer", acme_), 422, "VALIDATION_ERROR");
    ExpectError(Call(verb::delete_, steer + mac + "/forcedSteer", acme_), 422, "VALIDATION_ERROR");
  }
  EXPECT_LT(Call(verb::put, steer + "%zz/forcedSteer", acme_).result_int(), 500u);
  const std::string confirm = "/api/Customers/confirm";
  for (const std::string& query :
       {std::string("?uid=") + std::string(5000, 'a') + "&token=x", std::string("?uid=&token="),
        std::string("?uid=%zz&token=x"), std::string("?uid=") + r_.customer_id + "&token=%00",
        std::string("?uid=") + r_.customer_id + "&token=" + std::string(5000, 't'),
        std::string("?uid=") + r_.customer_id + "&token=x&redirect=%0d%0a"}) {
    SCOPED_TRACE(query.substr(0, 40));
    auto res = Call(verb::get, confirm + query, "");
    EXPECT_GE(res.result_int(), 400u) << res.body();
    EXPECT_LT(res.result_int(), 500u) << res.body();
  }
  // Unknown routes next to the new ones: 404 NOT_FOUND, also for an unsupported method.
  ExpectError(Call(verb::post, r_.location + "/firmware", acme_, "{}"), 404, "NOT_FOUND");
  ExpectError(Call(verb::get, r_.location + "/logPull", acme_), 404, "NOT_FOUND");
  ExpectError(Call(verb::post, "/api/Customers/confirm", acme_, "{}"), 404, "NOT_FOUND");
  ExpectNothingWritten();
}

}  // namespace
}  // namespace ispcloud::e2e
