// End-to-end tests of payment tokens and schedules (OPTIVA-API.md §2.15 rows 61, 62, 65) and of
// automatic top-up set up by an Activation order (§2.7.4, atuTokenID / atuAmount).

#include "bss_support.h"
#include "callback_server.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

class BssPaymentTest : public BssApiTest {
 protected:
  static constexpr const char* kPath = "/api/paymentGatewayIntegration";

  static HttpResponse CreateToken(const std::string& account, const std::string& value,
                                  const std::string& token = "") {
    return Post(std::string(kPath) + "/createToken",
                json::object{{"accountID", account},
                             {"tokenValue", value},
                             {"maskedCardNumber", "************1111"},
                             {"expiryDate", "12/29"}},
                token.empty() ? Alice() : token);
  }

  static std::string NewToken(const std::string& ban) {
    auto res = CreateToken(ban, "tok_" + ban);
    EXPECT_EQ(res.result_int(), 201u) << res.body();
    return S(JsonOf(res).at("tokenID"));
  }
};

TEST_F(BssPaymentTest, TokensAreCreatedOncePerValueAndListed) {
  const std::string ban = S(NewAccount().at("externalID"));
  auto created = CreateToken(ban, "tok_visa_1");
  ASSERT_EQ(created.result_int(), 201u) << created.body();
  auto token = JsonOf(created).as_object();
  EXPECT_EQ(S(token.at("accountID")), ban);
  EXPECT_EQ(S(token.at("tokenValue")), "tok_visa_1");
  EXPECT_EQ(S(token.at("maskedCardNumber")), "************1111");
  EXPECT_EQ(S(token.at("expiryDate")), "12/29");
  // The same value again answers the stored token.
  auto again = CreateToken(ban, "tok_visa_1");
  ASSERT_EQ(again.result_int(), 200u);
  EXPECT_EQ(S(JsonOf(again).at("tokenID")), S(token.at("tokenID")));
  ASSERT_EQ(CreateToken(ban, "tok_visa_2").result_int(), 201u);
  auto listed = JsonOf(Get(std::string(kPath) + "/readToken?accountID=" + ban, Alice())).as_array();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(S(listed[0].at("tokenID")), S(token.at("tokenID")));
  // Idempotency-Key replays the first answer.
  const json::object body{{"accountID", ban}, {"tokenValue", "tok_visa_3"}};
  auto keyed = PostWithHeaders(std::string(kPath) + "/createToken", body, Alice(), "1",
                               {{"Idempotency-Key", "tok-" + ban}});
  ASSERT_EQ(keyed.result_int(), 201u) << keyed.body();
  auto replay = PostWithHeaders(std::string(kPath) + "/createToken", body, Alice(), "1",
                                {{"Idempotency-Key", "tok-" + ban}});
  EXPECT_EQ(replay.result_int(), 201u);
  EXPECT_EQ(replay["Idempotent-Replay"], "true");

  // Errors.
  auto missing = ExpectError(Post(std::string(kPath) + "/createToken",
                                  json::object{{"accountID", ban}}, Alice()),
                             400, "ERCRT1001");
  EXPECT_TRUE(NamesField(missing, "tokenValue"));
  auto unknown = ExpectError(CreateToken("999999999", "tok_x"), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(unknown, "accountID"));
  auto typed = ExpectError(Post(std::string(kPath) + "/createToken",
                                json::object{{"accountID", ban}, {"tokenValue", 7}}, Alice()),
                           400, "ERCRT1001");
  EXPECT_TRUE(NamesField(typed, "tokenValue"));
  ExpectError(Get(std::string(kPath) + "/readToken", Alice()), 400, "ERCRT1001");
  ExpectError(Get(std::string(kPath) + "/readToken?accountID=" + ban, Bob()), 404, "ERCRT1003");
  ExpectError(CreateToken(ban, "tok_y", Bob()), 400, "ERCRT1001");  // not an account of SPID 2
  ExpectError(Get(std::string(kPath) + "/readToken?accountID=" + ban, Reader()), 403,
              "ERCRT1403");
  ExpectError(CreateToken(ban, "tok_z", ReadOnlyScope()), 403, "ERCRT1403");
  ExpectError(CreateToken(ban, "tok_z", "-"), 401, "ERCRT1401");
}

TEST_F(BssPaymentTest, ActivationWithAtuCreatesAMonthlySchedule) {
  using namespace std::chrono_literals;
  CallbackServer receiver;
  ASSERT_EQ(Post("/api/hub",
                 json::object{{"callback", receiver.Url("/obp")},
                              {"query", "eventType=PaymentScheduleStateChangeEvent"}},
                 Alice(), "1")
                .result_int(),
            201u);
  const std::string ban = S(NewAccount().at("externalID"));
  const std::string token = NewToken(ban);
  const std::string msisdn = NextMsisdn();
  auto res = Activate(ban, msisdn, {}, {}, "",
                      json::object{{"atuTokenID", token}, {"atuAmount", 1500}});
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto order = JsonOf(res).as_object();
  ASSERT_EQ(S(order.at("state")), "Order Fulfilled") << res.body();
  const std::string schedule_id = S(order.at("atuScheduleID"));
  const std::string sub = S(order.at("subscriptionId"));
  auto profile = JsonOf(Get("/api/subscription/profile?subscriptionId=" + sub, Alice()));
  const auto& atu = profile.at("atu");
  ASSERT_TRUE(atu.is_object()) << json::serialize(profile);
  EXPECT_EQ(S(atu.at("scheduleID")), schedule_id);
  EXPECT_EQ(atu.at("amount").as_int64(), 1500);
  // One calendar month after the activation (same day of month, or the month's last day).
  const std::string activated = S(order.at("orderDate"));
  const std::string next = S(atu.at("nextApplication"));
  EXPECT_EQ(next.substr(11), activated.substr(11));
  EXPECT_NE(next.substr(0, 7), activated.substr(0, 7));
  auto by_line = JsonOf(Get(std::string(kPath) + "/readSchedule?subscriptionId=" + sub, Alice()))
                     .as_array();
  ASSERT_EQ(by_line.size(), 1u);
  const auto& schedule = by_line[0].as_object();
  EXPECT_EQ(S(schedule.at("scheduleID")), schedule_id);
  EXPECT_EQ(S(schedule.at("status")), "ACTIVE");
  EXPECT_EQ(S(schedule.at("recurrence")), "MONTHLY");
  EXPECT_EQ(S(schedule.at("tokenID")), token);
  EXPECT_EQ(S(schedule.at("currency")), "USD");
  EXPECT_EQ(S(schedule.at("subscriptionRef").at("mobileNumber")), msisdn);
  EXPECT_EQ(S(schedule.at("subscriptionRef").at("accountID")), ban);
  ASSERT_TRUE(
      receiver.WaitFor("/obp/listener/paymentScheduleStateChangeEvent", schedule_id, 15s));
  EXPECT_EQ(JsonOf(Get(std::string(kPath) + "/readSchedule?accountID=" + ban, Alice()))
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(JsonOf(Get(std::string(kPath) + "/readSchedule?mobileNumber=" + msisdn, Alice()))
                .as_array()
                .size(),
            1u);
  // A line without ATU shows atu null; the alias atuBssTokenID "" means none.
  auto plain = JsonOf(Activate(ban, NextMsisdn(), {}, {}, "",
                               json::object{{"atuBssTokenID", ""}}));
  ASSERT_EQ(S(plain.at("state")), "Order Fulfilled");
  EXPECT_FALSE(plain.as_object().contains("atuScheduleID"));
  auto plain_profile = JsonOf(Get(
      "/api/subscription/profile?subscriptionId=" + S(plain.at("subscriptionId")), Alice()));
  EXPECT_TRUE(plain_profile.at("atu").is_null());
  // The alias works too.
  auto alias = JsonOf(Activate(ban, NextMsisdn(), {}, {}, "",
                               json::object{{"atuBssTokenID", token}, {"atuAmount", 500}}));
  EXPECT_EQ(S(alias.at("state")), "Order Fulfilled");
  EXPECT_TRUE(alias.as_object().contains("atuScheduleID"));

  ExpectError(Get(std::string(kPath) + "/readSchedule", Alice()), 400, "ERCRT1001");
  ExpectError(Get(std::string(kPath) + "/readSchedule?subscriptionId=999-1", Alice()), 404,
              "ERCRT1003");
  ExpectError(Get(std::string(kPath) + "/readSchedule?accountID=" + ban, Bob()), 404,
              "ERCRT1003");
}

TEST_F(BssPaymentTest, AtuInputErrorsCreateNoLine) {
  const std::string ban = S(NewAccount().at("externalID"));
  const std::string other_ban = S(NewAccount().at("externalID"));
  const std::string foreign = NewToken(other_ban);
  const std::string msisdn = NextMsisdn();
  auto refused = ExpectError(Activate(ban, msisdn, {}, {}, "",
                                      json::object{{"atuTokenID", foreign}, {"atuAmount", 100}}),
                             400, "ERCRT1001");
  EXPECT_TRUE(NamesField(refused, "atuTokenID")) << json::serialize(refused);
  EXPECT_TRUE(NamesField(ExpectError(Activate(ban, msisdn, {}, {}, "",
                                              json::object{{"atuTokenID", foreign}}),
                                     400, "ERCRT1001"),
                         "atuAmount"));
  EXPECT_TRUE(NamesField(ExpectError(Activate(ban, msisdn, {}, {}, "",
                                              json::object{{"atuTokenID", foreign},
                                                           {"atuAmount", 0}}),
                                     400, "ERCRT1001"),
                         "atuAmount"));
  EXPECT_TRUE(NamesField(
      ExpectError(Activate(ban, msisdn, {}, {}, "", json::object{{"atuAmount", 100}}), 400,
                  "ERCRT1001"),
      "atuTokenID"));
  // Nothing was created: the number is still free.
  EXPECT_EQ(JsonOf(Get("/api/subscription?mobileNumber=" + msisdn, Alice())).as_array().size(),
            0u);
  auto line = NewLine();
  json::object state_order{
      {"type", "ChangeSubscriptionState"},
      {"relatedParty", json::array{json::object{{"id", line.ban}, {"role", "Customer"}}}},
      {"productOrderItem",
       json::array{json::object{
           {"action", "MODIFY"},
           {"productOffering", json::object{{"id", "10008"},
                                            {"includedItems", json::array{json::object{
                                                                  {"id", "5"}}}}}}}}},
      {"userData", json::array{json::object{{"name", "SUBSCRIPTION_ID"},
                                            {"value", line.subscription_id}}}},
      {"atuTokenID", foreign},
      {"atuAmount", 100}};
  EXPECT_TRUE(NamesField(ExpectError(Post("/api/productOrder", state_order, Alice()), 400,
                                     "ERCRT1001"),
                         "atuTokenID"));
}

}  // namespace
}  // namespace ispcloud::e2e
