// End-to-end tests of registerWithGroups (PLUME-API.md §5.2) and email verification (§5.6,
// §5.7): groups naming the partner, the verification token delivered through the outbox event
// customer.emailVerificationRequested, confirmation (204 or 302), login before and after, and
// every error code of those sections.

#include <gtest/gtest.h>

#include "callback_server.h"
#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeEmailTest : public PlumeApiTest {
 protected:
  void SetUp() override {
    PlumeApiTest::SetUp();
    for (const char* g : {"north", "south"}) {
      ASSERT_EQ(Cli({"group", "create", "--partner", "acme", "--id", g, "--name", g}).exit_code, 0);
    }
    ASSERT_EQ(
        Cli({"group", "create", "--partner", "other", "--id", "far", "--name", "Far"}).exit_code,
        0);
  }

  HttpResponse RegisterWithGroups(const std::string& body, const std::string& token = "") {
    return Call(verb::post, "/api/Customers/registerWithGroups", token.empty() ? acme_ : token,
                body);
  }

  // The token of the newest customer.emailVerificationRequested event (what a mailer receives).
  std::string MailedToken() {
    const std::string payload =
        Sql("SELECT payload FROM outbox_events WHERE event_type = "
            "'customer.emailVerificationRequested' ORDER BY created_at DESC, id DESC LIMIT 1");
    if (payload.empty()) return "";
    return S(json::parse(payload).at("token"));
  }

  HttpResponse Login(const std::string& email, const std::string& password) {
    const json::object body{{"email", email}, {"password", password}};
    return Call(verb::post, "/api/Customers/login", "", json::serialize(body));
  }
};

TEST_F(PlumeEmailTest, RegisterWithGroups) {
  auto res = RegisterWithGroups(R"({"groupIds":["north","south"],"accountId":"CRM-000001",
                                    "email":"ada@example.org","name":"Ada"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value c = JsonOf(res);
  EXPECT_EQ(S(c.at("partnerId")), "acme");
  EXPECT_EQ(S(c.at("source")), "Customer.registerWithGroups");
  EXPECT_FALSE(c.as_object().contains("groupIds"));
  EXPECT_EQ(S(c.at("locationId")).size(), 24u);
  const std::string id = S(c.at("id"));
  EXPECT_EQ(Sql("SELECT group_ids FROM plume_customers WHERE id = '" + id + "'"),
            R"(["north","south"])");
  auto home = Call(verb::get, "/api/Customers/" + id + "/locations", acme_);
  EXPECT_EQ(JsonOf(home).at(0).at("groupIds"), json::parse(R"(["north","south"])"));

  // Form body: the array as its JSON text, partnerId alongside.
  res = Call(verb::post, "/api/Customers/registerWithGroups", acme_,
             "partnerId=acme&accountId=CRM-000003&groupIds=%5B%22south%22%5D",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(Sql("SELECT group_ids FROM plume_customers WHERE account_id = 'CRM-000003'"),
            R"(["south"])");
}

TEST_F(PlumeEmailTest, RegisterWithGroupsErrors) {
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001"})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":[]})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(RegisterWithGroups(R"({"groupIds":["north"]})"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["nowhere"]})"), 404,
              "MODEL_NOT_FOUND");
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","partnerId":"nope",
                                     "groupIds":["north"]})"),
              404, "PARTNER_NOT_FOUND");
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["north","far"]})"), 401,
              "AUTHORIZATION_REQUIRED");
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["far"]})"), 401,
              "AUTHORIZATION_REQUIRED");
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["north"]})", other_), 401,
              "AUTHORIZATION_REQUIRED");
  auto codes = CodesOf(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":"north"})"));
  EXPECT_EQ(codes["groupIds"], "type");
  codes = CodesOf(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["north",5]})"));
  EXPECT_EQ(codes["groupIds"], "type");
  codes = CodesOf(RegisterWithGroups(R"({"accountId":"CRM","groupIds":["north"]})"));
  EXPECT_EQ(codes["accountId"], "length.min");
  ExpectError(RegisterWithGroups("{not json"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, "/api/Customers/registerWithGroups", "", "{}"), 401,
              "AUTHORIZATION_REQUIRED");
  EXPECT_EQ(Sql("SELECT count(*) FROM plume_customers"), "0");
  ASSERT_EQ(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["north"]})").result_int(),
            200u);
  ExpectError(RegisterWithGroups(R"({"accountId":"CRM-000001","groupIds":["south"]})"), 409,
              "DUPLICATE_KEY");
}

TEST_F(PlumeEmailTest, VerificationThroughTheOutboxThenLogin) {
  auto res = Call(verb::post, "/api/Customers/register", acme_,
                  R"({"partnerId":"acme","accountId":"CRM-000001","email":"ada@example.org",
                      "password":"Str0ng-Passw0rd"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const std::string id = S(JsonOf(res).at("id"));
  ExpectError(Login("ada@example.org", "Str0ng-Passw0rd"), 401, "LOGIN_FAILED_EMAIL_NOT_VERIFIED");

  res = Call(verb::post, "/api/Customers/resendEmailVerification", acme_,
             R"({"email":"Ada@Example.org","notificationOptions":{"template":"x"}})");
  ASSERT_EQ(res.result_int(), 204u) << res.body();
  const std::string token = MailedToken();
  ASSERT_EQ(token.size(), 43u);
  EXPECT_EQ(
      Sql("SELECT count(*) FROM plume_email_verifications WHERE token_hash = '" + token + "'"),
      "0");  // stored hashed

  ExpectError(Call(verb::get, "/api/Customers/confirm?uid=" + id + "&token=wrong", ""), 400,
              "INVALID_TOKEN");
  res = Call(verb::get, "/api/Customers/confirm?uid=" + id + "&token=" + token, "");
  ASSERT_EQ(res.result_int(), 204u) << res.body();
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(JsonOf(Call(verb::get, "/api/Customers/" + id, acme_)).at("emailVerified"), true);
  res = Login("ada@example.org", "Str0ng-Passw0rd");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  // Used: 400; verified: resend is 409.
  ExpectError(Call(verb::get, "/api/Customers/confirm?uid=" + id + "&token=" + token, ""), 400,
              "INVALID_TOKEN");
  ExpectError(Call(verb::post, "/api/Customers/resendEmailVerification", acme_,
                   R"({"email":"ada@example.org"})"),
              409, "EMAIL_ALREADY_VERIFIED");
}

TEST_F(PlumeEmailTest, ConfirmRedirectsWhenAsked) {
  const Registered r = Register("CRM-000001");
  ASSERT_EQ(Call(verb::patch, r.customer, acme_, R"({"email":"ada@example.org"})").result_int(),
            200u);
  ASSERT_EQ(Call(verb::post, "/api/Customers/resendEmailVerification", acme_,
                 "email=ada%40example.org", "application/x-www-form-urlencoded")
                .result_int(),
            204u);
  const std::string token = MailedToken();
  const std::string base = "/api/customers/confirm?uid=" + r.customer_id + "&token=" + token;
  // A redirect that could inject headers or run script is refused before the token is used.
  ExpectError(Call(verb::get, base + "&redirect=javascript%3Aalert(1)", ""), 422,
              "VALIDATION_ERROR");
  ExpectError(Call(verb::get, base + "&redirect=https%3A%2F%2Fisp.example%2F%0D%0AX%3A%201", ""),
              422, "VALIDATION_ERROR");
  auto res = Call(verb::get, base + "&redirect=https%3A%2F%2Fisp.example%2Fwelcome", "");
  ASSERT_EQ(res.result_int(), 302u) << res.body();
  EXPECT_EQ(res[beast_http::field::location], "https://isp.example/welcome");
}

TEST_F(PlumeEmailTest, ResendAndConfirmErrors) {
  const Registered r = Register("CRM-000001");
  ASSERT_EQ(Call(verb::patch, r.customer, acme_, R"({"email":"ada@example.org"})").result_int(),
            200u);
  const std::string resend = "/api/Customers/resendEmailVerification";
  ExpectError(Call(verb::post, resend, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, resend, acme_, R"({"email":""})"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, resend, acme_, R"({"email":["a"]})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, resend, acme_, "{bad json"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, resend, acme_, R"({"email":"nobody@example.org"})"), 404,
              "EMAIL_NOT_FOUND");
  ExpectError(Call(verb::post, resend, other_, R"({"email":"ada@example.org"})"), 404,
              "EMAIL_NOT_FOUND");  // another partner's customer is not in the caller's scope
  ExpectError(Call(verb::post, resend, "", R"({"email":"ada@example.org"})"), 401,
              "AUTHORIZATION_REQUIRED");
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE event_type = "
                "'customer.emailVerificationRequested'"),
            "0");

  const std::string confirm = "/api/Customers/confirm";
  ExpectError(Call(verb::get, confirm, ""), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::get, confirm + "?uid=" + r.customer_id, ""), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::get, confirm + "?token=abc", ""), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::get, confirm + "?uid=000000000000000000000000&token=abc", ""), 404,
              "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, confirm + "?uid=zzz&token=abc", ""), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, confirm + "?uid=" + r.customer_id + "&token=abc", ""), 400,
              "INVALID_TOKEN");  // nothing pending
  ExpectError(Call(verb::get, confirm + "?uid=a&uid=b&token=abc", ""), 400, "BAD_REQUEST");
}

// The ISP's mailer subscribes to the Plume events with `ispcloud hub subscribe`; erasing a
// customer also erases the verification events (e-mail address and live token) still held.
TEST_F(PlumeEmailTest, MailerSubscribedThroughTheHubCliGetsTheTokenAndErasureForgetsIt) {
  CallbackServer mailer;
  EXPECT_EQ(Cli({"hub", "subscribe", "--topic", "weather", "--tenant", "acme", "--callback",
                 mailer.Url("/m")})
                .exit_code,
            2);
  EXPECT_NE(Cli({"hub", "subscribe", "--topic", "plume", "--tenant", "nobody", "--callback",
                 mailer.Url("/m")})
                .exit_code,
            0);
  EXPECT_EQ(Cli({"hub", "subscribe", "--topic", "tmf629.v4", "--tenant", "acme", "--callback",
                 mailer.Url("/m")})
                .exit_code,
            2);
  EXPECT_EQ(
      Cli({"hub", "subscribe", "--topic", "plume", "--tenant", "acme", "--callback", "ftp://x"})
          .exit_code,
      2);
  auto subscribed = Cli({"hub", "subscribe", "--topic", "plume", "--tenant", "acme", "--callback",
                         mailer.Url("/mailer"), "--query",
                         "eventType=customer.emailVerificationRequested"});
  ASSERT_EQ(subscribed.exit_code, 0) << subscribed.err;
  const std::string subscription = S(json::parse(subscribed.out).at("id"));
  auto listed = Cli({"hub", "list", "--topic", "plume"});
  ASSERT_EQ(listed.exit_code, 0);
  ASSERT_EQ(json::parse(listed.out).as_array().size(), 1u);
  EXPECT_EQ(S(json::parse(listed.out).at(0).at("tenant")), "acme");

  auto res = Call(verb::post, "/api/Customers/register", acme_,
                  R"({"partnerId":"acme","accountId":"CRM-000001","email":"ada@example.org"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const std::string id = S(JsonOf(res).at("id"));
  ASSERT_EQ(Call(verb::post, "/api/Customers/resendEmailVerification", acme_,
                 R"({"email":"ada@example.org"})")
                .result_int(),
            204u);
  ASSERT_TRUE(mailer.WaitFor("/mailer", "ada@example.org", std::chrono::seconds(15)));
  std::string token;
  for (const ReceivedCall& call : mailer.Calls()) {
    const json::value event = json::parse(call.body);
    EXPECT_EQ(S(event.at("eventType")), "customer.emailVerificationRequested");
    if (S(event.at("customerId")) == id) token = S(event.at("token"));
  }
  ASSERT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE subject = '" + id +
                "' AND event_type = 'customer.emailVerificationRequested'"),
            "1");

  // GDPR deletion before the customer confirmed: the verification event goes too.
  ASSERT_EQ(Call(verb::delete_, "/api/Customers/" + id, acme_).result_int(), 200u);
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE subject = '" + id +
                "' AND event_type = 'customer.emailVerificationRequested'"),
            "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox_events WHERE subject = '" + id +
                "' AND event_type = 'customer.deleted'"),
            "1");
  ExpectError(Call(verb::get, "/api/Customers/confirm?uid=" + id + "&token=" + token, ""), 404,
              "MODEL_NOT_FOUND");

  EXPECT_NE(Cli({"hub", "unsubscribe", "--id", "000000000000000000000000"}).exit_code, 0);
  ASSERT_EQ(Cli({"hub", "unsubscribe", "--id", subscription}).exit_code, 0);
  EXPECT_EQ(json::parse(Cli({"hub", "list"}).out).as_array().size(), 0u);
}

}  // namespace
}  // namespace ispcloud::e2e
