// End-to-end tests of payment tokens and schedules (OPTIVA-API.md §2.15 rows 61, 62, 65) and of
// automatic top-up set up by an Activation order (§2.7.4, atuTokenID / atuAmount).

#include <chrono>
#include <thread>

#include "bss_support.h"
#include "test_database.h"
#include "callback_server.h"
#include "core/clock.h"

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

TEST_F(BssPaymentTest, DueSchedulesTopUpOnceAndRecordDeclines) {
  const std::string ban = S(NewAccount().at("externalID"));
  const std::string good = NewToken(ban);
  auto failing = CreateToken(ban, "fail_expired_card");
  ASSERT_EQ(failing.result_int(), 201u) << failing.body();
  auto topped = JsonOf(Activate(ban, NextMsisdn(), {}, {}, "",
                                json::object{{"atuTokenID", good}, {"atuAmount", 1500}}));
  auto declined = JsonOf(Activate(
      ban, NextMsisdn(), {}, {}, "",
      json::object{{"atuTokenID", S(JsonOf(failing).at("tokenID"))}, {"atuAmount", 700}}));
  ASSERT_EQ(S(topped.at("state")), "Order Fulfilled");
  ASSERT_EQ(S(declined.at("state")), "Order Fulfilled");
  const std::string line = S(topped.at("subscriptionId"));
  const std::string other = S(declined.at("subscriptionId"));
  auto balance = [](const std::string& sub) {
    return JsonOf(Get("/api/subscription/balanceQuery?subscriptionId=" + sub, Alice()))
        .at("balance")
        .as_int64();
  };
  auto schedule = [](const std::string& sub) {
    return JsonOf(Get(std::string(kPath) + "/readSchedule?subscriptionId=" + sub, Alice()))
        .at(0)
        .as_object();
  };
  const int64_t before = balance(line);
  // Nothing is due yet.
  auto early = RunIspcloud({"payments", "run-due", "--db", DbUrl()});
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_EQ(json::parse(early.out).at("applied").as_int64(), 0);
  // 40 days on, each schedule is applied once.
  const std::string at =
      FormatIso8601Millis(std::chrono::system_clock::now() + std::chrono::hours(24 * 40));
  auto run = RunIspcloud({"payments", "run-due", "--db", DbUrl(), "--at", at});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto summary = json::parse(run.out).as_object();
  EXPECT_GE(summary.at("applied").as_int64(), 1);
  EXPECT_GE(summary.at("declined").as_int64(), 1);
  EXPECT_EQ(balance(line), before + 150000);  // 15.00 USD in Amount4
  EXPECT_EQ(balance(other), 0);
  auto applied = schedule(line);
  EXPECT_EQ(S(applied.at("lastResult").at("resultCode")), "APPROVED");
  EXPECT_GT(S(applied.at("nextApplication")), at);
  auto moves =
      JsonOf(Get("/api/subscription/" + line + "/transaction", Alice())).at("results").as_array();
  ASSERT_FALSE(moves.empty());
  EXPECT_EQ(moves[0].at("amount").as_int64(), 150000);
  EXPECT_EQ(moves[0].at("adjustmentTypeID").as_int64(), 30002);
  EXPECT_EQ(S(moves[0].at("agent")), "system:atu");
  EXPECT_EQ(S(applied.at("lastResult").at("transactionId")), S(moves[0].at("identifier")));
  auto refused = schedule(other);
  EXPECT_EQ(S(refused.at("lastResult").at("resultCode")), "DECLINED");
  EXPECT_TRUE(refused.at("lastResult").at("transactionId").is_null());
  EXPECT_EQ(S(refused.at("status")), "ACTIVE");
  // The same moment again: nothing left to apply, no second credit.
  auto again = RunIspcloud({"payments", "run-due", "--db", DbUrl(), "--at", at});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out).at("applied").as_int64(), 0);
  EXPECT_EQ(balance(line), before + 150000);
  EXPECT_EQ(SqlScalar(DbUrl(), "SELECT COUNT(*) FROM audit_log WHERE action = "
                               "'paymentSchedule.apply' AND entity_id = '" +
                                   S(applied.at("scheduleID")) + "'"),
            "1");
  EXPECT_NE(RunIspcloud({"payments", "run-due", "--db", DbUrl(), "--at", "tomorrow"}).exit_code,
            0);
  // A deactivated line's schedule ends at the next run instead of being refused every month.
  ASSERT_EQ(S(JsonOf(ChangeState(ban, other, "2")).at("state")), "Order Fulfilled");
  const std::string later =
      FormatIso8601Millis(std::chrono::system_clock::now() + std::chrono::hours(24 * 80));
  auto last = RunIspcloud({"payments", "run-due", "--db", DbUrl(), "--at", later});
  ASSERT_EQ(last.exit_code, 0) << last.err;
  EXPECT_GE(json::parse(last.out).at("refused").as_int64(), 1);
  auto ended = schedule(other);
  EXPECT_EQ(S(ended.at("status")), "CANCELLED");
  EXPECT_EQ(S(ended.at("lastResult").at("resultCode")), "REFUSED");
  EXPECT_EQ(S(schedule(line).at("lastResult").at("resultCode")), "APPROVED");
}

TEST_F(BssPaymentTest, OverlappingRunnersApplyEachScheduleOnce) {
  const std::string ban = S(NewAccount().at("externalID"));
  const std::string token = NewToken(ban);
  std::vector<std::string> lines;
  for (int i = 0; i < 6; ++i) {
    auto order = JsonOf(Activate(ban, NextMsisdn(), {}, {}, "",
                                 json::object{{"atuTokenID", token}, {"atuAmount", 100 + i}}));
    ASSERT_EQ(S(order.at("state")), "Order Fulfilled");
    lines.push_back(S(order.at("subscriptionId")));
  }
  const std::string at =
      FormatIso8601Millis(std::chrono::system_clock::now() + std::chrono::hours(24 * 35));
  // Two runners at once, as on two instances with the same timer.
  CommandResult first;
  CommandResult second;
  std::thread a([&] { first = RunIspcloud({"payments", "run-due", "--db", DbUrl(), "--at", at}); });
  std::thread b(
      [&] { second = RunIspcloud({"payments", "run-due", "--db", DbUrl(), "--at", at}); });
  a.join();
  b.join();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  // Between them every due schedule of this account was applied, none twice.
  for (size_t i = 0; i < lines.size(); ++i) {
    auto moves = JsonOf(Get("/api/subscription/" + lines[i] + "/transaction", Alice()))
                     .at("results")
                     .as_array();
    ASSERT_EQ(moves.size(), 1u) << lines[i];
    EXPECT_EQ(moves[0].at("amount").as_int64(), (100 + static_cast<int64_t>(i)) * 100);
  }
}

}  // namespace
}  // namespace ispcloud::e2e
