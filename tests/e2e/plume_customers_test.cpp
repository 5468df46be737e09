// End-to-end tests of the Plume customer and location endpoints (PLUME-API.md §5.1, §5.3-§5.5,
// §6.1-§6.3): partner tokens from the Okta-style token endpoint, then the API, with the error
// codes of those sections, tenancy between partners and malformed input.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeCustomersTest : public PlumeApiTest {
 protected:
  void SetUp() override {
    PlumeApiTest::SetUp();
    ASSERT_EQ(Cli({"partner", "create", "--id", "shut", "--name", "Shut"}).exit_code, 0);
    const auto shut = ClientOf("shut");
    shut_ = PartnerAccessToken(server_.port(), "shut", shut.first, shut.second);
    ASSERT_FALSE(shut_.empty());
  }

  // Registers a customer of acme with `account` and `email` (none when empty); the response.
  json::object RegisterWithEmail(const std::string& account, const std::string& email) {
    json::object body{{"partnerId", "acme"}, {"accountId", account}, {"name", "Ada"}};
    if (!email.empty()) body["email"] = email;
    auto res = Call(verb::post, "/api/Customers/register", acme_, json::serialize(body));
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return JsonOf(res).as_object();
  }

  std::string shut_;
};

TEST_F(PlumeCustomersTest, RegisterGetPatchLocationsDeleteWalk) {
  auto res = Call(verb::post, "/api/Customers/register", acme_,
                  R"({"partnerId":"acme","accountId":"CRM-000123","email":"Ada@Example.org",
                      "name":"Ada Lovelace","password":"Sup3rsecret","id":"ignored"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(res[beast_http::field::content_type], "application/json; charset=utf-8");
  auto c = JsonOf(res).as_object();
  const std::string id = S(c.at("id"));
  const std::string home = S(c.at("locationId"));
  EXPECT_EQ(id.size(), 24u);
  EXPECT_NE(id, "ignored");
  EXPECT_EQ(home.size(), 24u);
  EXPECT_EQ(c.at("email"), "ada@example.org");
  EXPECT_EQ(c.at("anonymous"), false);
  EXPECT_EQ(c.at("autoProvisioned"), false);
  EXPECT_EQ(c.at("emailVerified"), false);
  EXPECT_EQ(c.at("systemUser"), false);
  EXPECT_EQ(c.at("locked"), false);
  EXPECT_EQ(c.at("provisioningSsoAuditTrail"), false);
  EXPECT_EQ(c.at("acceptLanguage"), "en-US");
  EXPECT_EQ(c.at("source"), "Customer.register");
  EXPECT_EQ(c.at("_version"), "1.0.0");
  EXPECT_EQ(S(c.at("createdAt")).size(), 24u);  // 2026-01-05T10:00:00.000Z
  EXPECT_EQ(S(c.at("createdAt")).back(), 'Z');
  EXPECT_FALSE(c.contains("password"));
  EXPECT_FALSE(c.contains("groupIds"));
  EXPECT_EQ(res.body().find("Sup3rsecret"), std::string::npos);

  // GET, with the lower-case collection name and an upper-case id.
  std::string upper = id;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(ch));
  res = Call(verb::get, "/api/customers/" + upper, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("name"), "Ada Lovelace");
  EXPECT_FALSE(JsonOf(res).as_object().contains("locationId"));

  // The first location "Home" was created with the customer.
  res = Call(verb::get, "/api/Customers/" + id + "/locations", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto list = JsonOf(res).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(S(list[0].at("id")), home);
  EXPECT_EQ(list[0].at("name"), "Home");
  EXPECT_EQ(list[0].at("profile"), "auto");
  EXPECT_TRUE(list[0].at("serviceId").is_null());
  EXPECT_EQ(list[0].at("serviceLevel").at("status"), "fullService");
  EXPECT_EQ(list[0].at("authorizations").at("numPodsAuthorized"), 32);
  EXPECT_EQ(list[0].at("monitorMode").at("enable"), false);
  EXPECT_EQ(list[0].at("accountId"), "CRM-000123");
  EXPECT_EQ(list[0].at("groupIds").as_array().size(), 1u);
  EXPECT_TRUE(list[0].at("onboardingCheckpoint").is_null());

  // PATCH (form body, coerced boolean), then PUT behaves the same.
  res = Call(verb::patch, "/api/Customers/" + id, acme_, "emailVerified=true&name=Ada+L",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("emailVerified"), true);
  EXPECT_EQ(JsonOf(res).at("name"), "Ada L");
  res = Call(verb::put, "/api/Customers/" + id, acme_,
             R"({"email":"ada2@example.org","accountId":"CRM-000999"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("email"), "ada2@example.org");
  EXPECT_EQ(JsonOf(res).at("emailVerified"), false);  // a new address is unverified
  EXPECT_EQ(JsonOf(res).at("name"), "Ada L");         // partial update
  res = Call(verb::patch, "/api/Customers/" + id, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("accountId"), "CRM-000999");

  // A second location; the accountId change was copied to the first.
  res = Call(verb::post, "/api/Customers/" + id + "/locations", acme_,
             R"({"name":"Office","profile":"smallbusiness","serviceId":"SVC-1"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const std::string office = S(JsonOf(res).at("id"));
  EXPECT_EQ(JsonOf(res).at("serviceId"), "SVC-1");
  EXPECT_EQ(JsonOf(res).at("profile"), "smallbusiness");
  res = Call(verb::get, "/api/Customers/" + id + "/locations/" + home, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("accountId"), "CRM-000999");
  res = Call(verb::get, "/api/Customers/" + id + "/locations", acme_);
  ASSERT_EQ(JsonOf(res).as_array().size(), 2u);
  EXPECT_EQ(S(JsonOf(res).as_array()[1].at("id")), office);

  // DELETE: {count:1}; then 404 on DELETE, 401 elsewhere; accountId and email reusable.
  res = Call(verb::delete_, "/api/Customers/" + id, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(json::serialize(JsonOf(res)), R"({"count":1})");
  ExpectError(Call(verb::delete_, "/api/Customers/" + id, acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/Customers/" + id, acme_), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::get, "/api/Customers/" + id + "/locations", acme_), 401,
              "AUTHORIZATION_REQUIRED");
  auto again = RegisterWithEmail("CRM-000999", "ada2@example.org");
  EXPECT_NE(S(again.at("id")), id);
}

TEST_F(PlumeCustomersTest, RegisterErrorCodesInCheckOrder) {
  const std::string path = "/api/Customers/register";
  ExpectError(Call(verb::post, path, "", R"({"partnerId":"acme","accountId":"CRM-000001"})"), 401,
              "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::post, path, acme_, R"({"accountId":"CRM-000001"})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, path, acme_, R"({"partnerId":"acme","accountId":""})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, path, acme_), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, path, acme_, R"({"partnerId":"nope","accountId":"CRM-000001"})"),
              404, "PARTNER_NOT_FOUND");
  // Another (existing) partner is outside the caller's scope: 401, before any field check.
  ExpectError(Call(verb::post, path, acme_, R"({"partnerId":"other","accountId":"x"})"), 401,
              "AUTHORIZATION_REQUIRED");
  // A locked partner: 403, before field validation.
  ASSERT_EQ(Cli({"partner", "lock", "--id", "shut"}).exit_code, 0);
  ExpectError(Call(verb::post, path, shut_, R"({"partnerId":"shut","accountId":"x"})"), 403,
              "PARTNER_LOCKED");

  // Every invalid field at once.
  auto res = Call(verb::post, path, acme_,
                  R"({"partnerId":"acme","accountId":"12345","email":"not-an-email",
                      "name":"Ada \"A\"","password":"password","profile":"property",
                      "acceptLanguage":"en_US","onboardingCheckpoint":"Done"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(S(JsonOf(res).at("error").at("details").at("context")), "Customer");
  EXPECT_EQ(CodesOf(res),
            (std::map<std::string, std::string>{{"accountId", "length.min"},
                                                {"email", "format"},
                                                {"name", "format"},
                                                {"password", "custom"},
                                                {"profile", "inclusion"},
                                                {"acceptLanguage", "format"},
                                                {"onboardingCheckpoint", "inclusion"}}));
  // Wrong JSON types.
  res = Call(verb::post, path, acme_,
             R"({"partnerId":"acme","accountId":"CRM-000001","name":7,"email":["a@b.c"]})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res),
            (std::map<std::string, std::string>{{"name", "type"}, {"email", "type"}}));

  // Duplicates: accountId per partner 409, email (any case) 422 uniqueness.
  RegisterWithEmail("CRM-000001", "dup@example.org");
  ExpectError(Call(verb::post, path, acme_,
                   R"({"partnerId":"acme","accountId":"CRM-000001","email":"x@example.org"})"),
              409, "DUPLICATE_KEY");
  res = Call(verb::post, path, acme_,
             R"({"partnerId":"acme","accountId":"CRM-000002","email":"DUP@example.org"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"email", "uniqueness"}}));
  // The same accountId in another partner is fine.
  res = Call(verb::post, path, other_, R"({"partnerId":"other","accountId":"CRM-000001"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("anonymous"), true);
  EXPECT_EQ(S(JsonOf(res).at("email")).rfind("null+", 0), 0u);
}

TEST_F(PlumeCustomersTest, MalformedBodies) {
  const std::string path = "/api/Customers/register";
  auto res = Call(verb::post, path, acme_, R"({"partnerId":"acme",)");
  ExpectError(res, 400, "INVALID_JSON");
  EXPECT_EQ(S(JsonOf(res).at("error").at("name")), "SyntaxError");
  ExpectError(Call(verb::post, path, acme_, "[1,2]"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, path, acme_, "null"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, path, acme_, "partnerId=acme", "text/plain"), 415,
              "UNSUPPORTED_MEDIA_TYPE");
  // The role check comes before the body (gate steps 2 then 3).
  ExpectError(Call(verb::post, path, "", "{"), 401, "AUTHORIZATION_REQUIRED");
  // A form body registers like JSON.
  res = Call(verb::post, path, acme_, "partnerId=acme&accountId=FORM-0001&name=Form+User",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("name"), "Form User");
}

TEST_F(PlumeCustomersTest, OtherPartnersGetForbiddenAndUnknownIdsAreUnauthorized) {
  auto c = RegisterWithEmail("CRM-000010", "iso@example.org");
  const std::string id = S(c.at("id"));
  const std::string loc = S(c.at("locationId"));
  const std::string base = "/api/Customers/" + id;
  ExpectError(Call(verb::get, base, other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::patch, base, other_, R"({"name":"x"})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::put, base, other_, R"({"name":"x"})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::delete_, base, other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, base + "/locations", other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::post, base + "/locations", other_, R"({"name":"x"})"), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, base + "/locations/" + loc, other_), 403, "FORBIDDEN");
  // Nothing changed.
  auto res = Call(verb::get, base, acme_);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res).at("name"), "Ada");

  const std::string unknown = "/api/Customers/0123456789abcdef01234567";
  ExpectError(Call(verb::get, unknown, acme_), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::get, "/api/Customers/not-an-id", acme_), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::patch, unknown, acme_, R"({"name":"x"})"), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::get, unknown + "/locations", acme_), 401, "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::delete_, unknown, acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::delete_, "/api/Customers/not-an-id", acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, base, "not.a.token"), 401, "AUTHORIZATION_REQUIRED");
}

TEST_F(PlumeCustomersTest, UpdateErrors) {
  auto first = RegisterWithEmail("CRM-000020", "first@example.org");
  RegisterWithEmail("CRM-000021", "second@example.org");
  const std::string base = "/api/Customers/" + S(first.at("id"));
  ExpectError(Call(verb::patch, base, acme_, R"({"accountId":"CRM-000021"})"), 409,
              "DUPLICATE_KEY");
  auto res = Call(verb::patch, base, acme_, R"({"email":"Second@Example.org"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"email", "uniqueness"}}));
  res = Call(verb::patch, base, acme_,
             R"({"name":1,"emailVerified":"yes","acceptLanguage":"x","accountId":"abc"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"name", "type"},
                                                              {"emailVerified", "type"},
                                                              {"acceptLanguage", "format"},
                                                              {"accountId", "length.min"}}));
  ExpectError(Call(verb::patch, base, acme_, "{bad"), 400, "INVALID_JSON");
  // Own accountId and email again: no conflict, nothing changes.
  res = Call(verb::patch, base, acme_, R"({"accountId":"CRM-000020","email":"first@example.org"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("updatedAt"), first.at("updatedAt"));
}

TEST_F(PlumeCustomersTest, LocationErrors) {
  auto c = RegisterWithEmail("CRM-000030", "loc@example.org");
  auto d = RegisterWithEmail("CRM-000031", "loc2@example.org");
  const std::string base = "/api/Customers/" + S(c.at("id")) + "/locations";
  ExpectError(Call(verb::post, base, acme_, R"({"profile":"auto"})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, base, acme_, R"({"name":""})"), 400, "MISSING_REQUIRED_ARGUMENT");
  auto res = Call(verb::post, base, acme_, R"({"name":"A\"B","profile":"property"})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(S(JsonOf(res).at("error").at("details").at("context")), "Location");
  EXPECT_EQ(CodesOf(res),
            (std::map<std::string, std::string>{{"name", "format"}, {"profile", "inclusion"}}));
  ExpectError(Call(verb::post, base, acme_, R"({"name":5})"), 422, "VALIDATION_ERROR");
  ASSERT_EQ(Call(verb::post, base, acme_, R"({"name":"A","serviceId":"SVC-9"})").result_int(),
            200u);
  // serviceId is unique among the partner's active locations, across customers.
  ExpectError(Call(verb::post, "/api/Customers/" + S(d.at("id")) + "/locations", acme_,
                   R"({"name":"B","serviceId":"SVC-9"})"),
              409, "DUPLICATE_KEY");
  // Unknown, malformed and another customer's location: 404.
  ExpectError(Call(verb::get, base + "/0123456789abcdef01234567", acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, base + "/nope", acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, base + "/" + S(d.at("locationId")), acme_), 404, "MODEL_NOT_FOUND");
  // After the customer is deleted its archived locations are gone everywhere.
  ASSERT_EQ(Call(verb::delete_, "/api/Customers/" + S(c.at("id")), acme_).result_int(), 200u);
  ASSERT_EQ(Call(verb::post, "/api/Customers/" + S(d.at("id")) + "/locations", acme_,
                 R"({"name":"B","serviceId":"SVC-9"})")
                .result_int(),
            200u);
}

TEST_F(PlumeCustomersTest, ConcurrentRegistrationsOfOneAccountIdSucceedOnce) {
  std::vector<unsigned> statuses(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([this, i, &statuses] {
      const std::string body = R"({"partnerId":"acme","accountId":"RACE-0001","email":"r)" +
                               std::to_string(i) + R"(@example.org"})";
      statuses[i] = Call(verb::post, "/api/Customers/register", acme_, body).result_int();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200u), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409u), 5);
}

}  // namespace
}  // namespace ispcloud::e2e
