// End-to-end tests of the orders that change a live line and of its buckets (OPTIVA-API.md
// §2.7.3 ChangeOffer / PUT / ChangeSim, §2.8.6 row 40, §2.9.3 row 41, §2.12 bundle
// adjustments): options added and removed with their buckets and charges, price-plan changes,
// removal of the plan, SIM swaps, bundle adjustments, idempotent orders, and every refusal.

#include <fstream>

#include "bss_support.h"
#include "test_database.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

json::object UserData(const std::string& name, const std::string& value) {
  return json::object{{"name", name}, {"value", value}};
}

json::object Included(const std::string& id, const std::string& action = "ADD") {
  return json::object{{"id", id}, {"action", action}};
}

// The suite's catalogue: the shared one plus usage rates and a voice bundle 401 on plan 10973, a
// second prepaid
// plan 10974 (bundle 244 carried over, SMS bundle 402) and a SIM_CHANGE offering 40001.
std::string ExtendedCatalog(const std::string& base) {
  json::object doc = json::parse(base).as_object();
  json::array& offerings = doc["offerings"].as_array();
  for (json::value& o : offerings) {
    if (o.at("id") != json::value("10973")) continue;
    // Usage beyond the buckets: voice 0.50 a minute, SMS 0.10; no data rate.
    o.as_object()["usageRates"] = J(R"({"voicePerMinute":"0.5","smsPerMessage":0.1})");
    o.as_object()["components"].as_array().push_back(J(R"(
      {"productId":"401","name":"Voice 100 min","productTypeId":"PROD_COMP_BDLE",
       "price":{"priceType":"NR","priceAmount":"2"},
       "attributes":{"bundleId":401,"unitType":0,"quantity":6000,"validityDays":30}})"));
  }
  offerings.push_back(J(R"(
    {"id":"10974","name":"Plan Plus","offeringType":"PRICE_PLAN","billingType":"Prepaid",
     "channel":[{"id":"WEB"}],"primaryPricePlanId":12,"price":[{"priceType":"NR","priceAmount":1}],
     "components":[
       {"productId":"10038","name":"Voice","productTypeId":"PROD_COMP_TPS","mandatory":true},
       {"productId":"244","name":"10GB 30 days","productTypeId":"PROD_COMP_BDLE",
        "attributes":{"bundleId":244,"unitType":1,"quantity":10737418240}},
       {"productId":"402","name":"SMS 100","productTypeId":"PROD_COMP_BDLE",
        "attributes":{"bundleId":402,"unitType":2,"quantity":100}}]})"));
  offerings.push_back(J(R"(
    {"id":"40001","name":"SIM swap","offeringType":"SIM_CHANGE",
     "price":[{"priceType":"NR","priceAmount":"1.5"}]})"));
  return json::serialize(doc);
}

class BssLineChangeTest : public BssApiTest {
 protected:
  static void SetUpTestSuite() {
    BssApiTest::SetUpTestSuite();
    const std::string file = dir_->path() + "/catalog-extended.json";
    std::ofstream(file) << ExtendedCatalog(CatalogDocument());
    auto imported =
        RunIspcloud({"catalog", "import", "--db", DbUrl(), "--spid", "1", "--file", file});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  // An order of `type` for the line, with one item of `offering` and `included` items.
  static json::object Order(const std::string& type, const Line& line, const std::string& offering,
                            json::array included, json::array user_data = {},
                            const std::string& action = "MODIFY") {
    user_data.push_back(UserData("SUBSCRIPTION_ID", line.subscription_id));
    return json::object{
        {"type", type},
        {"relatedParty", json::array{json::object{{"id", line.ban}, {"role", "Customer"}}}},
        {"productOrderItem",
         json::array{json::object{
             {"action", action},
             {"productOffering",
              json::object{{"id", offering}, {"includedItems", std::move(included)}}}}}},
        {"userData", std::move(user_data)}};
  }

  static json::object Submit(const json::object& order, beast_http::verb verb =
                                                            beast_http::verb::post) {
    auto res = Call(verb, "/api/productOrder", Alice(), "", json::serialize(order));
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return JsonOf(res).as_object();
  }

  static std::string Reason(const json::object& order) {
    return S(order.at("history").at(1).at("changeReason"));
  }

  // A line on plan 10973 with data bundle 244 (paid 20.00 outside the BSS; 0.10 left).
  static Line LineWithData() {
    auto account = NewAccount();
    Line line;
    line.ban = S(account.at("externalID"));
    line.msisdn = NextMsisdn();
    auto res = Activate(line.ban, line.msisdn, {UserData("AMOUNT_PAID", "20")}, {Included("244")});
    auto order = JsonOf(res);
    EXPECT_EQ(S(order.at("state")), "Order Fulfilled") << res.body();
    line.subscription_id = S(order.at("subscriptionId"));
    return line;
  }

  static json::array Buckets(const Line& line, const std::string& query = "") {
    auto res = Get("/api/subscription/bundleBalance?subscriptionId=" + line.subscription_id + query,
                   Alice());
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return JsonOf(res).at("bundleBalances").as_array();
  }

  static int64_t Balance(const Line& line) {
    return JsonOf(Get("/api/subscription/balanceQuery?subscriptionId=" + line.subscription_id,
                      Alice()))
        .at("balance")
        .as_int64();
  }

  static std::vector<std::string> Operations(const Line& line, const std::string& query = "") {
    auto res = Get("/api/subscription/" + line.subscription_id + "/history?isAscending=true" +
                       query,
                   Alice());
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    std::vector<std::string> out;
    const json::value doc = JsonOf(res);
    for (const auto& e : doc.at("results").as_array()) {
      out.push_back(S(e.at("operation")) + ":" +
                    (e.at("bundleID").is_null() ? "" : json::serialize(e.at("bundleID"))));
    }
    return out;
  }
};

TEST_F(BssLineChangeTest, ActivationProvisionsBucketsShownByBundleBalance) {
  const Line line = LineWithData();
  auto doc = JsonOf(
      Get("/api/subscription/bundleBalance?mobileNumber=" + line.msisdn, Alice()));
  const auto& buckets = doc.at("bundleBalances").as_array();
  ASSERT_EQ(buckets.size(), 1u) << json::serialize(doc);
  const auto& b = buckets[0].as_object();
  EXPECT_EQ(b.at("bundleID").as_int64(), 244);
  EXPECT_EQ(S(b.at("bundleName")), "10GB 30 days");
  EXPECT_EQ(b.at("unitType").as_int64(), 1);
  EXPECT_EQ(b.at("status").as_int64(), 0);
  EXPECT_EQ(S(b.at("msisdn")), line.msisdn);
  const auto& amounts = b.at("balances").at(0);
  EXPECT_EQ(amounts.at("personalLimit").as_int64(), 10737418240);
  EXPECT_EQ(amounts.at("personalUsed").as_int64(), 0);
  EXPECT_EQ(amounts.at("personalBalance").as_int64(), 10737418240);
  EXPECT_EQ(S(doc.at("categorySummaries").at(0).at("bundleCategoryId")), "1");
  EXPECT_EQ(Buckets(line, "&bundleId=999").size(), 0u);
  EXPECT_EQ(Buckets(line, "&bucketId=" + S(b.at("bucketID"))).size(), 1u);
  EXPECT_EQ(Operations(line), (std::vector<std::string>{"STATE:", "PROVISION:244"}));
  // Addressing and access errors.
  ExpectError(Get("/api/subscription/bundleBalance", Alice()), 400, "ERCRT1001");
  ExpectError(Get("/api/subscription/bundleBalance?subscriptionId=" + line.subscription_id +
                      "&bundleId=x",
                  Alice()),
              400, "ERCRT1001");
  ExpectError(Get("/api/subscription/bundleBalance?subscriptionId=999-1", Alice()), 404,
              "ERCRT1003");
  ExpectError(Get("/api/subscription/bundleBalance?subscriptionId=" + line.subscription_id, Bob()),
              404, "ERCRT1003");
  ExpectError(Get("/api/subscription/bundleBalance?subscriptionId=" + line.subscription_id, ""),
              401, "ERCRT1401");
}

TEST_F(BssLineChangeTest, ChangeOfferAddsAndRemovesOptions) {
  const Line line = LineWithData();
  // Voice bundle 401 costs 2.00, paid outside: the balance stays at 0.10.
  auto added = Submit(Order("ChangeOffer", line, "10973", {Included("401")},
                            {UserData("AMOUNT_PAID", "2")}));
  ASSERT_EQ(S(added.at("state")), "Order Fulfilled") << json::serialize(added);
  EXPECT_EQ(S(added.at("subscriptionId")), line.subscription_id);
  EXPECT_EQ(added.at("orderTotalPrice").at(1).at("price").as_int64(), 2);
  EXPECT_EQ(Balance(line), 1000);
  auto buckets = Buckets(line);
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[1].at("bundleID").as_int64(), 401);
  EXPECT_EQ(buckets[1].at("balances").at(0).at("personalBalance").as_int64(), 6000);
  auto plan = JsonOf(Get("/api/subscription/" + line.subscription_id + "/pricePlan", Alice()));
  bool voice = false;
  for (const auto& item : plan.at("items").as_array()) voice |= item.at("identifier") == json::value(401);
  EXPECT_TRUE(voice) << json::serialize(plan);

  // Refusals that fail the order and change nothing.
  auto twice = Submit(Order("ChangeOffer", line, "10973", {Included("401")}));
  EXPECT_EQ(S(twice.at("state")), "Order Failed");
  EXPECT_NE(Reason(twice).find("already Enabled"), std::string::npos) << Reason(twice);
  auto absent = Submit(Order("ChangeOffer", line, "10973", {Included("205", "REMOVE")}));
  EXPECT_EQ(S(absent.at("state")), "Order Failed");
  EXPECT_NE(Reason(absent).find("is not Enabled of the subscriber"), std::string::npos);
  auto kept = Submit(Order("ChangeOffer", line, "10973", {Included("302", "NO_CHANGE")}));
  EXPECT_EQ(S(kept.at("state")), "Order Failed");
  auto unpaid = Submit(Order("ChangeOffer", line, "10973", {Included("205")}));  // 5.25, 0.10 left
  EXPECT_EQ(S(unpaid.at("state")), "Order Failed");
  EXPECT_NE(Reason(unpaid).find("exceeds available balance"), std::string::npos);
  EXPECT_EQ(Buckets(line).size(), 2u);
  EXPECT_EQ(Balance(line), 1000);

  // Input errors: no order at all.
  ExpectError(Post("/api/productOrder",
                   Order("ChangeOffer", line, "10973", {Included("10038", "REMOVE")}), Alice()),
              400, "ERCRT1001");
  ExpectError(Post("/api/productOrder",
                   Order("ChangeOffer", line, "10973", {Included("301"), Included("302")}),
                   Alice()),
              400, "ERCRT1002");
  ExpectError(Post("/api/productOrder", Order("ChangeOffer", line, "10973", {Included("777")}),
                   Alice()),
              400, "ERCRT1001");
  ExpectError(Post("/api/productOrder", Order("ChangeOffer", line, "10974", {Included("402")}),
                   Alice()),
              400, "ERCRT1001");  // another plan without CHANGE_PRICE_PLAN
  Line elsewhere = line;
  elsewhere.subscription_id = NewLine().subscription_id;
  ExpectError(Post("/api/productOrder", Order("ChangeOffer", elsewhere, "10973", {Included("401")}),
                   Alice()),
              400, "ERCRT1001");  // a line of another account

  // PUT removes (the seed's form); the bucket goes with the option.
  auto removed = Submit(Order("ChangeOffer", line, "10973", {Included("401", "DELETE")}),
                        beast_http::verb::put);
  ASSERT_EQ(S(removed.at("state")), "Order Fulfilled") << json::serialize(removed);
  ASSERT_EQ(Buckets(line).size(), 1u);
  EXPECT_EQ(Operations(line, "&bundleId=401"),
            (std::vector<std::string>{"PROVISION:401", "REMOVE:401"}));
  auto history = JsonOf(Get("/api/subscription/" + line.subscription_id +
                                "/history?bundleId=401&isAscending=true",
                            Alice()))
                     .at("results")
                     .as_array();
  EXPECT_EQ(history[0].at("amount").as_int64(), 6000);
  EXPECT_EQ(history[1].at("amount").as_int64(), -6000);
  EXPECT_EQ(history[1].at("balance").as_int64(), 0);
  EXPECT_EQ(S(history[0].at("reference")), S(added.at("id")));
  // PUT takes ChangeOffer orders only; the type may be left out.
  auto no_type = Order("ChangeOffer", line, "10973", {Included("401")},
                       {UserData("AMOUNT_PAID", "2")});
  no_type.erase("type");
  auto put = Submit(no_type, beast_http::verb::put);
  EXPECT_EQ(S(put.at("type")), "ChangeOffer");
  EXPECT_EQ(S(put.at("state")), "Order Fulfilled") << json::serialize(put);
  ExpectError(Call(beast_http::verb::put, "/api/productOrder", Alice(), "",
                   json::serialize(Order("ChangeSim", line, "40001", {}))),
              400, "ERCRT1001");
  ExpectError(Call(beast_http::verb::put, "/api/productOrder", Reader(), "",
                   json::serialize(Order("ChangeOffer", line, "10973", {}))),
              403, "ERCRT1403");
  // Each fulfilled change is audited on the line (failed orders only as orders).
  EXPECT_EQ(SqlScalar(DbUrl(), "SELECT COUNT(*) FROM audit_log WHERE action = "
                               "'subscription.changeOffer' AND entity_id = '" +
                                   line.subscription_id + "'"),
            "3");
}

TEST_F(BssLineChangeTest, ChangeOfferMovesToAnotherPricePlan) {
  const Line line = LineWithData();
  // Caller tunes 301 exists on 10973 only: the new plan drops it.
  ASSERT_EQ(S(Submit(Order("ChangeOffer", line, "10973", {Included("301")})).at("state")),
            "Order Fulfilled");
  const json::array change_plan = {UserData("CHANGE_PRICE_PLAN", "true"),
                                   UserData("EXISTING_PLAN_ID", "8"),
                                   UserData("AMOUNT_PAID", "1")};
  // The wrong current plan fails the order.
  auto wrong = Submit(Order("ChangeOffer", line, "10974", {Included("402")},
                            {UserData("CHANGE_PRICE_PLAN", "true"),
                             UserData("EXISTING_PLAN_ID", "9")}));
  EXPECT_EQ(S(wrong.at("state")), "Order Failed");
  EXPECT_NE(Reason(wrong).find("EXISTING_PLAN_ID"), std::string::npos);
  // A retired plan is not orderable.
  ExpectError(Post("/api/productOrder",
                   Order("ChangeOffer", line, "30001", {}, {UserData("CHANGE_PRICE_PLAN", "true")}),
                   Alice()),
              400, "ERCRT1001");
  auto moved = Submit(Order("ChangeOffer", line, "10974", {Included("402")}, change_plan));
  ASSERT_EQ(S(moved.at("state")), "Order Fulfilled") << json::serialize(moved);
  EXPECT_EQ(Balance(line), 1000);  // NR 1.00 paid outside
  auto plan = JsonOf(Get("/api/subscription/" + line.subscription_id + "/pricePlan", Alice()));
  EXPECT_EQ(plan.at("pricePlanDetails").at("identifier").as_int64(), 12);
  EXPECT_EQ(S(plan.at("pricePlanDetails").at("productOfferingId")), "10974");
  std::vector<int64_t> bundles;
  for (const auto& b : Buckets(line)) bundles.push_back(b.at("bundleID").as_int64());
  EXPECT_EQ(bundles, (std::vector<int64_t>{244, 402}));  // data carried over, SMS added
  auto profile = JsonOf(
      Get("/api/subscription/profile?subscriptionId=" + line.subscription_id, Alice()));
  EXPECT_EQ(profile.at("rating").at("primaryPricePlanID").as_int64(), 12);
  for (const auto& id : profile.at("rating").at("enabledOptionalBundles").as_array()) {
    EXPECT_NE(id, json::value(301));
  }
}

TEST_F(BssLineChangeTest, RemovingThePlanLocksTheLine) {
  const Line line = LineWithData();
  auto removed =
      Submit(Order("ChangeOffer", line, "10973", {}, {}, "DELETE"), beast_http::verb::put);
  ASSERT_EQ(S(removed.at("state")), "Order Fulfilled") << json::serialize(removed);
  auto profile = JsonOf(
      Get("/api/subscription/profile?subscriptionId=" + line.subscription_id, Alice()));
  EXPECT_EQ(S(profile.at("status").at("stateName")), "LOCKED");
  EXPECT_EQ(Buckets(line).size(), 0u);
  EXPECT_EQ(Operations(line), (std::vector<std::string>{"STATE:", "PROVISION:244", "REMOVE:244",
                                                        "STATE:"}));
}

TEST_F(BssLineChangeTest, ChangeSimSwapsTheSimAndFreesTheOldOne) {
  auto account = NewAccount();
  Line line;
  line.ban = S(account.at("externalID"));
  line.msisdn = NextMsisdn();
  const std::string old_sim = "89010000000000" + line.msisdn.substr(5);
  const std::string new_sim = "89020000000000" + line.msisdn.substr(5);
  auto activated = JsonOf(Activate(line.ban, line.msisdn, {UserData("1234_ICCID", old_sim)}));
  ASSERT_EQ(S(activated.at("state")), "Order Fulfilled");
  line.subscription_id = S(activated.at("subscriptionId"));
  const json::array sims = {UserData("1234_OLD_ICCID", old_sim), UserData("1234_ICCID", new_sim),
                            UserData("1234_NEW_IMSI", "001010000000009"),
                            UserData("AMOUNT_PAID", "1.5")};
  auto sim_order = [&](json::array user_data) {
    json::object order = Order("ChangeSim", line, "40001", {}, std::move(user_data), "ADD");
    order["productOrderItem"].as_array()[0].as_object()["itemGroupId"] = "1234";
    return order;
  };
  // The old SIM must be the line's.
  auto wrong = Submit(sim_order({UserData("1234_OLD_ICCID", new_sim),
                                 UserData("1234_ICCID", "8903000000000000001")}));
  EXPECT_EQ(S(wrong.at("state")), "Order Failed");
  ExpectError(Post("/api/productOrder", sim_order({UserData("1234_ICCID", new_sim)}), Alice()),
              400, "ERCRT1001");
  ExpectError(Post("/api/productOrder", sim_order({UserData("1234_OLD_ICCID", old_sim)}), Alice()),
              400, "ERCRT1001");
  auto swapped = Submit(sim_order(sims));
  ASSERT_EQ(S(swapped.at("state")), "Order Fulfilled") << json::serialize(swapped);
  EXPECT_EQ(swapped.at("orderTotalPrice").at(1).at("price").as_double(), 1.5);
  auto profile = JsonOf(
      Get("/api/subscription/profile?subscriptionId=" + line.subscription_id, Alice()));
  EXPECT_EQ(S(profile.at("profile").at("cardPackageID")), new_sim);
  EXPECT_EQ(S(profile.at("profile").at("imsi")), "001010000000009");
  EXPECT_EQ(Balance(line), 0);  // the 1.50 fee was paid outside
  // The old SIM is free for a new line; the new one is taken.
  auto other = NewAccount();
  auto reuse = JsonOf(Activate(S(other.at("externalID")), NextMsisdn(),
                               {UserData("1234_ICCID", old_sim)}));
  EXPECT_EQ(S(reuse.at("state")), "Order Fulfilled");
  auto second = NewAccount();
  Line second_line;
  second_line.ban = S(second.at("externalID"));
  second_line.msisdn = NextMsisdn();
  auto second_order = JsonOf(Activate(second_line.ban, second_line.msisdn,
                                      {UserData("1234_ICCID", "8904000000000000001")}));
  second_line.subscription_id = S(second_order.at("subscriptionId"));
  json::object steal = Order("ChangeSim", second_line, "40001",
                             {}, {UserData("1234_OLD_ICCID", "8904000000000000001"),
                                  UserData("1234_ICCID", new_sim)}, "ADD");
  steal["productOrderItem"].as_array()[0].as_object()["itemGroupId"] = "1234";
  ExpectError(Post("/api/productOrder", steal, Alice()), 409, "ERCRT1004");
}

TEST_F(BssLineChangeTest, BundleAdjustmentsMoveTheBucket) {
  const Line line = LineWithData();
  auto adjust = [&](int action, int64_t amount, int64_t bundle) {
    json::object body{{"accountID", line.ban},
                      {"subscriptionId", line.subscription_id},
                      {"mobileNumber", line.msisdn},
                      {"adjustmentType", 21000},
                      {"action", action},
                      {"amount", amount},
                      {"bundleAdjustment", true},
                      {"bundleId", bundle}};
    auto res = Post("/api/subscription/adjustment", body, Alice());
    EXPECT_EQ(res.result_int(), 201u) << res.body();
    return JsonOf(res).as_object();
  };
  auto debit = adjust(1, 1000, 244);
  EXPECT_EQ(S(debit.at("statusId")), "COMPLETED") << json::serialize(debit);
  EXPECT_FALSE(debit.at("transactionId").is_null());
  auto amounts = Buckets(line)[0].at("balances").at(0);
  EXPECT_EQ(amounts.at("personalUsed").as_int64(), 1000);
  EXPECT_EQ(amounts.at("personalBalance").as_int64(), 10737418240 - 1000);
  auto credit = adjust(0, 3000, 244);  // 1000 back, the limit grows by 2000
  EXPECT_EQ(S(credit.at("statusId")), "COMPLETED");
  amounts = Buckets(line)[0].at("balances").at(0);
  EXPECT_EQ(amounts.at("personalUsed").as_int64(), 0);
  EXPECT_EQ(amounts.at("personalLimit").as_int64(), 10737418240 + 2000);
  auto too_much = adjust(1, 10737418240 + 2001, 244);
  EXPECT_EQ(S(too_much.at("statusId")), "FAILED");
  EXPECT_EQ(S(too_much.at("failureReason")), "INSUFFICIENT_BALANCE");
  auto not_enabled = adjust(0, 10, 402);
  EXPECT_EQ(S(not_enabled.at("statusId")), "FAILED");
  EXPECT_EQ(S(not_enabled.at("failureReason")), "BUNDLE_NOT_ENABLED");
  EXPECT_EQ(Balance(line), 1000);  // money never moved
  EXPECT_EQ(Operations(line, "&bundleId=244"),
            (std::vector<std::string>{"PROVISION:244", "ADJUST:244", "ADJUST:244"}));
}

TEST_F(BssLineChangeTest, IdempotencyKeyReplaysTheFirstOrder) {
  const Line line = LineWithData();
  const json::object order =
      Order("ChangeOffer", line, "10973", {Included("401")}, {UserData("AMOUNT_PAID", "2")});
  auto first = PostWithHeaders("/api/productOrder", order, Alice(), "1",
                               {{"Idempotency-Key", "order-" + line.subscription_id}});
  ASSERT_EQ(first.result_int(), 200u) << first.body();
  auto replay = PostWithHeaders("/api/productOrder", order, Alice(), "1",
                                {{"Idempotency-Key", "order-" + line.subscription_id}});
  ASSERT_EQ(replay.result_int(), 200u);
  EXPECT_EQ(replay["Idempotent-Replay"], "true");
  EXPECT_EQ(S(JsonOf(replay).at("id")), S(JsonOf(first).at("id")));
  EXPECT_EQ(Buckets(line).size(), 2u);  // added once
  // A failed order is remembered too; the key with another body is refused.
  auto failed = PostWithHeaders("/api/productOrder",
                                Order("ChangeOffer", line, "10973", {Included("205")}), Alice(),
                                "1", {{"Idempotency-Key", "fail-" + line.subscription_id}});
  EXPECT_EQ(S(JsonOf(failed).at("state")), "Order Failed");
  auto failed_again = PostWithHeaders("/api/productOrder",
                                      Order("ChangeOffer", line, "10973", {Included("205")}),
                                      Alice(), "1",
                                      {{"Idempotency-Key", "fail-" + line.subscription_id}});
  EXPECT_EQ(S(JsonOf(failed_again).at("id")), S(JsonOf(failed).at("id")));
  ExpectError(PostWithHeaders("/api/productOrder", order, Alice(), "1",
                              {{"Idempotency-Key", "fail-" + line.subscription_id}}),
              409, "ERCRT1009");
}

TEST_F(BssLineChangeTest, UsageDrawsBucketsThenTheBalance) {
  const Line line = LineWithData();  // 10 GiB of data, 0.10 on the balance
  auto use = [&](json::object event, const std::map<std::string, std::string>& headers = {}) {
    event["subscriptionId"] = line.subscription_id;
    return PostWithHeaders("/api/admin/usage", event, SpAdmin(), "1", headers);
  };
  auto data = use(json::object{{"callType", 11}, {"dataUsage", 1000000}});
  ASSERT_EQ(data.result_int(), 200u) << data.body();
  auto cdr = JsonOf(data).as_object();
  EXPECT_EQ(cdr.at("charge").as_int64(), 0);
  EXPECT_EQ(cdr.at("balance").as_int64(), 1000);
  EXPECT_EQ(cdr.at("bundleInfo").at(0).at("bundleID").as_int64(), 244);
  EXPECT_EQ(cdr.at("bundleInfo").at(0).at("chargedAmount").as_int64(), 1000000);
  EXPECT_EQ(Buckets(line)[0].at("balances").at(0).at("personalUsed").as_int64(), 1000000);
  // 61 s of voice at 0.50 a minute = 0.5084 (rounded up): more than the balance.
  const json::object voice{{"callType", 1}, {"duration", 61000}, {"destinationNumber", "15550999999"}};
  ExpectError(use(voice), 409, "ERCRT1005");
  // Beyond the data bucket there is no data rate: refused, and the bucket is untouched.
  ExpectError(use(json::object{{"callType", 11}, {"dataUsage", 10737418240}}), 409, "ERCRT1005");
  EXPECT_EQ(Buckets(line)[0].at("balances").at(0).at("personalUsed").as_int64(), 1000000);
  EXPECT_EQ(Balance(line), 1000);
  // With money on the line the same call is charged through the ledger.
  auto credit = Post("/api/subscription/adjustment",
                     json::object{{"accountID", line.ban},
                                  {"subscriptionId", line.subscription_id},
                                  {"mobileNumber", line.msisdn},
                                  {"adjustmentType", 21000},
                                  {"amount", 100000}},
                     Alice());
  ASSERT_EQ(credit.result_int(), 201u) << credit.body();
  auto charged = use(voice);
  ASSERT_EQ(charged.result_int(), 200u) << charged.body();
  auto call = JsonOf(charged).as_object();
  EXPECT_EQ(call.at("charge").as_int64(), 5084);
  EXPECT_EQ(call.at("balance").as_int64(), 101000 - 5084);
  EXPECT_EQ(S(call.at("destinationNumber")), "15550999999");
  EXPECT_FALSE(call.at("transactionId").is_null());
  EXPECT_EQ(Balance(line), 101000 - 5084);
  auto moves = JsonOf(Get("/api/subscription/" + line.subscription_id + "/transaction", Alice()));
  const auto& last = moves.at("results").at(0);
  EXPECT_EQ(last.at("amount").as_int64(), -5084);
  EXPECT_EQ(last.at("adjustmentTypeID").as_int64(), 30007);
  // SMS (0.10) once, even when the request is retried with its key; incoming voice is free.
  auto sms = use(json::object{{"callType", 3}}, {{"Idempotency-Key", "sms-" + line.msisdn}});
  ASSERT_EQ(sms.result_int(), 200u) << sms.body();
  auto again = use(json::object{{"callType", 3}}, {{"Idempotency-Key", "sms-" + line.msisdn}});
  EXPECT_EQ(again["Idempotent-Replay"], "true");
  EXPECT_EQ(Balance(line), 101000 - 5084 - 1000);
  auto incoming = JsonOf(use(json::object{{"callType", 2}, {"duration", 5000}}));
  EXPECT_EQ(incoming.at("charge").as_int64(), 0);
  EXPECT_EQ(incoming.at("bundleInfo").as_array().size(), 0u);

  // The records, oldest first, paged and filtered.
  const std::string calls = "/api/callDetail?subscriptionId=" + line.subscription_id;
  auto all = JsonOf(Get(calls + "&isAscending=true", Alice())).at("results").as_array();
  ASSERT_EQ(all.size(), 4u);
  std::vector<int64_t> types;
  for (const auto& r : all) types.push_back(r.at("callType").as_int64());
  EXPECT_EQ(types, (std::vector<int64_t>{11, 1, 3, 2}));
  EXPECT_EQ(JsonOf(Get(calls + "&callType=3", Alice())).at("results").as_array().size(), 1u);
  auto first = JsonOf(Get(calls + "&limit=3", Alice()));
  ASSERT_EQ(first.at("results").as_array().size(), 3u);
  auto rest = JsonOf(Get(calls + "&limit=3&nextPageKey=" + S(first.at("nextPageKey")), Alice()));
  ASSERT_EQ(rest.at("results").as_array().size(), 1u);
  EXPECT_EQ(rest.at("results").at(0).at("callType").as_int64(), 11);
  EXPECT_EQ(Operations(line, "&bundleId=244"),
            (std::vector<std::string>{"PROVISION:244", "CONSUME:244"}));

  // Refusals.
  for (const json::object& bad :
       {json::object{{"callType", 7}}, json::object{{"callType", 1}},
        json::object{{"callType", 11}}, json::object{{"callType", 1}, {"duration", -5}},
        json::object{{"callType", 3}, {"transactionDate", "yesterday"}}}) {
    ExpectError(use(bad), 400, "ERCRT1001");
  }
  ExpectError(PostWithHeaders("/api/admin/usage", json::object{{"callType", 3}}, SpAdmin(), "1", {}),
              400, "ERCRT1001");
  ExpectError(PostWithHeaders("/api/admin/usage",
                              json::object{{"callType", 3}, {"subscriptionId", "999-1"}},
                              SpAdmin(), "1", {}),
              404, "ERCRT1003");
  ExpectError(PostWithHeaders("/api/admin/usage",
                              json::object{{"callType", 3}, {"subscriptionId", line.subscription_id}},
                              Alice(), "1", {}),
              403, "ERCRT1403");
  ExpectError(Get(calls, Reader()), 403, "ERCRT1403");
  ExpectError(Get(calls, Bob()), 404, "ERCRT1003");  // another SPID's line
  EXPECT_EQ(SqlScalar(DbUrl(), "SELECT COUNT(*) FROM audit_log WHERE action = 'usage.rate' AND "
                               "entity_id = '" + line.subscription_id + "'"),
            "4");
  ASSERT_EQ(S(JsonOf(ChangeState(line.ban, line.subscription_id, "5")).at("state")),
            "Order Fulfilled");
  ExpectError(use(json::object{{"callType", 3}}), 409, "ERCRT1007");
}

}  // namespace
}  // namespace ispcloud::e2e
