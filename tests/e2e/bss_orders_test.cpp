// End-to-end tests of product orders and subscription reads (OPTIVA-API.md §2.7, §2.8, §2.9.1;
// rows 30, 32, 33, 35-37, 39, 42): activation with charges through the ledger, failed orders,
// composition rules, state changes, subscription addressing, permissions and tenancy.

#include "bss_support.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

json::object UserData(const std::string& name, const std::string& value) {
  return json::object{{"name", name}, {"value", value}};
}

json::object Included(const std::string& id) {
  return json::object{{"id", id}, {"quantity", 1}};
}

TEST_F(BssApiTest, ActivationCreatesAnActiveLine) {
  auto account = NewAccount();
  const std::string ban = S(account.at("externalID"));
  const std::string msisdn = NextMsisdn();
  auto res = Activate(ban, msisdn, {}, {Included("10038"), Included("10039"), Included("10040")});
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto order = JsonOf(res).as_object();
  const std::string id = S(order.at("id"));
  EXPECT_EQ(id.substr(0, 3), "SOI");
  EXPECT_EQ(S(order.at("state")), "Order Fulfilled");
  EXPECT_EQ(S(order.at("type")), "Activation");
  const std::string sub = S(order.at("subscriptionId"));
  EXPECT_EQ(sub, ban + "-1");
  EXPECT_EQ(order.at("history").as_array().size(), 2u);
  EXPECT_EQ(S(order.at("productOrderItem")
                  .at(0)
                  .at("productOffering")
                  .at("includedItems")
                  .at(0)
                  .at("name")),
            "Voice");
  // Read back: by id, and in the list filtered by the quoted BAN the production UI sends.
  EXPECT_EQ(S(JsonOf(Get("/api/productOrder/" + id, Alice())).at("subscriptionId")), sub);
  auto listed = Get("/api/productOrder?customerBan=%22" + ban + "%22", Alice());
  EXPECT_EQ(listed["X-Total-Count"], "1");
  ExpectError(Get("/api/productOrder/" + id, Bob()), 404, "ERCRT1003");
  ExpectError(Get("/api/productOrder/SOI0", Alice()), 404, "ERCRT1003");

  auto lines = Get("/api/subscription?accountID=" + ban, Alice());
  ASSERT_EQ(lines.result_int(), 200u) << lines.body();
  auto items = JsonOf(lines).as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(S(items[0].at("id")), sub);
  EXPECT_EQ(items[0].at("state").as_int64(), 1);
  EXPECT_EQ(S(items[0].at("stateName")), "ACTIVE");
  EXPECT_EQ(S(items[0].at("mobileNumber")), msisdn);
  EXPECT_EQ(items[0].at("primaryPricePlanID").as_int64(), 8);
  EXPECT_EQ(Get("/api/subscription?accountID=" + S(account.at("id")), Alice())["X-Total-Count"],
            "1");
  auto balance = JsonOf(Get("/api/subscription/balanceQuery?mobileNumber=" + msisdn, Alice()));
  EXPECT_EQ(balance.at("balance").as_int64(), 0);
  EXPECT_EQ(balance.at("availableBalance").as_int64(), 0);
  EXPECT_EQ(S(balance.at("currency")), "USD");
  auto profile = JsonOf(Get("/api/subscription/profile?subscriptionId=" + sub, Alice()));
  EXPECT_EQ(S(profile.at("profile").at("accountID")), ban);
  EXPECT_EQ(profile.at("status").at("state").as_int64(), 1);
  EXPECT_EQ(profile.at("billing").at("monthlySpendLimit").as_int64(), -1);
  EXPECT_EQ(profile.at("rating").at("enabledOptionalServices").as_array().size(), 3u);
  EXPECT_TRUE(profile.at("status").at("expiryDate").is_int64());
  auto plan = JsonOf(Get("/api/subscription/" + msisdn + "/pricePlan", Alice()));
  EXPECT_EQ(S(plan.at("pricePlanDetails").at("name")), "Plan Prepago");
  EXPECT_EQ(S(plan.at("pricePlanDetails").at("productOfferingId")), "10973");
  EXPECT_EQ(plan.at("items").as_array().size(), 3u);
  // A second activation on the account gets the next line number.
  auto second = JsonOf(Activate(ban, NextMsisdn()));
  EXPECT_EQ(S(second.at("subscriptionId")), ban + "-2");
}

TEST_F(BssApiTest, ActivationChargesGoThroughTheLedger) {
  auto account = NewAccount();
  const std::string ban = S(account.at("externalID"));
  // Bundle 244 costs 19.90 (RC): without money the order fails and leaves nothing behind.
  const std::string msisdn = NextMsisdn();
  auto failed = Activate(ban, msisdn, {}, {Included("244")});
  ASSERT_EQ(failed.result_int(), 200u) << failed.body();
  auto f = JsonOf(failed).as_object();
  EXPECT_EQ(S(f.at("state")), "Order Failed");
  EXPECT_TRUE(f.at("subscriptionId").is_null());
  EXPECT_NE(S(f.at("history").at(1).at("changeReason")).find("exceeds available balance"),
            std::string::npos);
  EXPECT_EQ(JsonOf(Get("/api/subscription?mobileNumber=" + msisdn, Alice())).as_array().size(), 0u);
  EXPECT_EQ(Get("/api/productOrder?customerBan=" + ban + "&state=Order%20Failed",
                Alice())["X-Total-Count"],
            "1");
  // Paid 20.00 outside the BSS: credit 200000, then debit 199000.
  auto paid = Activate(ban, msisdn, {UserData("AMOUNT_PAID", "20")}, {Included("244")});
  auto p = JsonOf(paid).as_object();
  ASSERT_EQ(S(p.at("state")), "Order Fulfilled") << paid.body();
  EXPECT_EQ(S(p.at("payment").at(0).at("id")), "EXTERNAL_PAYMENT");
  EXPECT_EQ(p.at("orderTotalPrice").at(2).at("price").as_double(), 19.9);
  const std::string sub = S(p.at("subscriptionId"));
  auto balance = JsonOf(Get("/api/subscription/balanceQuery?subscriptionId=" + sub, Alice()));
  EXPECT_EQ(balance.at("balance").as_int64(), 1000);
  EXPECT_EQ(balance.at("monthlySpendAmount").as_int64(), 199000);
  auto account_after = JsonOf(Get("/api/billingAccount/" + ban, Alice()));
  EXPECT_EQ(account_after.at("accountBalance").at(0).at("amount").at("value").as_double(), 0.1);
  auto plan = JsonOf(Get("/api/subscription/" + sub + "/pricePlan", Alice()));
  bool bundle = false;
  for (const auto& item : plan.at("items").as_array()) {
    if (item.at("identifier") == json::value(244)) {
      bundle = true;
      EXPECT_EQ(item.at("fee").as_int64(), 199000);
      EXPECT_EQ(item.at("adjustmentTypeID").as_int64(), 50030);
    }
  }
  EXPECT_TRUE(bundle);
  auto profile = JsonOf(Get("/api/subscription/profile?mobileNumber=" + msisdn, Alice()));
  EXPECT_EQ(profile.at("rating").at("enabledOptionalBundles").as_array().size(), 1u);
}

TEST_F(BssApiTest, ActivationInputErrorsCreateNoOrder) {
  auto account = NewAccount();
  const std::string ban = S(account.at("externalID"));
  const std::string msisdn = NextMsisdn();
  auto missing_dep = ExpectError(Activate(ban, msisdn, {}, {Included("205")}), 400, "ERCRT1002");
  EXPECT_NE(S(missing_dep.at("message")).find("Missing dependent product having product id:244"),
            std::string::npos);
  ExpectError(Activate(ban, msisdn, {}, {Included("301"), Included("302")}), 400, "ERCRT1002");
  auto unknown = ExpectError(Activate(ban, msisdn, {}, {Included("999")}), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(unknown, "productOrderItem[0].productOffering.includedItems[0].id"));
  auto spid = ExpectError(Activate(ban, msisdn, {UserData("SPID", "2")}), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(spid, "userData.SPID"));
  ExpectError(Activate(ban, msisdn, {UserData("SCHEDULE", "LATER")}), 400, "ERCRT1001");
  ExpectError(Activate(ban, msisdn, {UserData("AMOUNT_PAID", "1.00001")}), 400, "ERCRT1001");
  ExpectError(Activate(ban, "12"), 400, "ERCRT1001");
  ExpectError(Activate("99999999999", msisdn), 400, "ERCRT1001");
  ExpectError(Activate(ban, msisdn, {UserData("PAIDTYPE", "1")}), 400, "ERCRT1001");
  auto no_type = ExpectError(Post("/api/productOrder", J(R"({"relatedParty":[]})"), Alice()), 400,
                             "ERCRT1001");
  for (const char* field : {"type", "relatedParty", "productOrderItem"}) {
    EXPECT_TRUE(NamesField(no_type, field)) << field;
  }
  auto retired = J(
      R"({"type":"Activation","relatedParty":[{"id":")" + ban +
      R"(","role":"Customer"}],"productOrderItem":[{"action":"ADD","productOffering":{"id":"30001"}}],
                     "userData":[{"name":"MSISDN","value":")" +
      msisdn + R"("}]})");
  ExpectError(Post("/api/productOrder", retired, Alice()), 400, "ERCRT1001");
  EXPECT_EQ(Get("/api/productOrder?customerBan=" + ban, Alice())["X-Total-Count"], "0");
  // Permissions, scope and the monthly spend limit gate.
  ExpectError(Activate(ban, msisdn, {}, {}, Reader()), 403, "ERCRT1403");
  ExpectError(Activate(ban, msisdn, {}, {}, ReadOnlyScope()), 403, "ERCRT1403");
  auto gate =
      ExpectError(Activate(ban, msisdn, {UserData("MONTHLY_SPEND_LIMIT", "50")}), 403, "ERCRT1403");
  EXPECT_EQ(S(gate.at("message")), "monthly spend limit management not allowed");
  auto limited =
      JsonOf(Activate(ban, msisdn, {UserData("MONTHLY_SPEND_LIMIT", "50")}, {}, Carol()));
  ASSERT_EQ(S(limited.at("state")), "Order Fulfilled");
  auto profile = JsonOf(Get("/api/subscription/profile?mobileNumber=" + msisdn, Alice()));
  EXPECT_EQ(profile.at("billing").at("monthlySpendLimit").as_int64(), 500000);
  // The number is now live: a second activation with it is refused without an order.
  ExpectError(Activate(ban, msisdn), 409, "ERCRT1004");
}

TEST_F(BssApiTest, StateChangesFollowTheStateMachine) {
  auto line = NewLine();
  auto barred = JsonOf(ChangeState(line.ban, line.subscription_id, "5", "lost SIM"));
  EXPECT_EQ(S(barred.at("state")), "Order Fulfilled");
  EXPECT_EQ(S(barred.at("type")), "ChangeSubscriptionState");
  auto profile =
      JsonOf(Get("/api/subscription/profile?subscriptionId=" + line.subscription_id, Alice()));
  EXPECT_EQ(S(profile.at("status").at("stateName")), "LOCKED");
  // By number too; then deactivation is terminal.
  auto deactivated = JsonOf(ChangeState(line.ban, line.msisdn, "2"));
  EXPECT_EQ(S(deactivated.at("state")), "Order Fulfilled");
  auto refused = JsonOf(ChangeState(line.ban, line.subscription_id, "1"));
  EXPECT_EQ(S(refused.at("state")), "Order Failed");
  EXPECT_NE(S(refused.at("history").at(1).at("changeReason")).find("Invalid state transition"),
            std::string::npos);
  // The number is free again for a new line.
  auto again = JsonOf(Activate(line.ban, line.msisdn));
  EXPECT_EQ(S(again.at("state")), "Order Fulfilled");
  EXPECT_EQ(S(again.at("subscriptionId")), line.ban + "-2");
  // The number now resolves to the live line.
  auto now_live =
      JsonOf(Get("/api/subscription/balanceQuery?mobileNumber=" + line.msisdn, Alice()));
  EXPECT_EQ(S(now_live.at("subscriptionId")), line.ban + "-2");
  // A line of another account, an unknown line, a product that is not a state.
  auto other = NewLine();
  ExpectError(ChangeState(line.ban, other.subscription_id, "5"), 400, "ERCRT1001");
  ExpectError(ChangeState(line.ban, "999-1", "5"), 400, "ERCRT1001");
  ExpectError(ChangeState(line.ban, other.subscription_id, "77"), 400, "ERCRT1001");
}

TEST_F(BssApiTest, SubscriptionReadsAndAddressing) {
  auto line = NewLine();
  auto types = JsonOf(Get("/api/subscription/type", Alice())).as_array();
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0].at("id").as_int64(), 10001);
  ExpectError(Get("/api/subscription", Alice()), 400, "ERCRT1001");
  ExpectError(Get("/api/subscription?accountID=" + line.ban + "&state=x", Alice()), 400,
              "ERCRT1001");
  EXPECT_EQ(JsonOf(Get("/api/subscription?accountID=" + line.ban + "&state=2", Alice()))
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(JsonOf(Get("/api/subscription?accountID=nope", Alice())).as_array().size(), 0u);
  auto by_number =
      JsonOf(Get("/api/v1/subscription?mobileNumber=" + line.msisdn, Alice())).as_array();
  ASSERT_EQ(by_number.size(), 1u);
  EXPECT_EQ(S(by_number[0].at("href")),
            BaseUrl() + "/api/v1/subscription/profile?subscriptionId=" + line.subscription_id);
  // SubId or MSISDN everywhere; aliases; both given must agree.
  for (const std::string& q :
       {"subscriptionId=" + line.subscription_id, "subscriptionID=" + line.subscription_id,
        "identifier=" + line.msisdn, "msisdn=" + line.msisdn,
        "subscriptionId=" + line.subscription_id + "&mobileNumber=" + line.msisdn}) {
    auto res = Get("/api/subscription/balanceQuery?" + q, Alice());
    EXPECT_EQ(res.result_int(), 200u) << q << " " << res.body();
  }
  auto mismatch =
      ExpectError(Get("/api/subscription/profile?subscriptionId=" + line.subscription_id +
                          "&mobileNumber=15559999999",
                      Alice()),
                  400, "ERCRT1001");
  EXPECT_TRUE(NamesField(mismatch, "mobileNumber"));
  ExpectError(Get("/api/subscription/profile", Alice()), 400, "ERCRT1001");
  ExpectError(Get("/api/subscription/profile?subscriptionId=abc", Alice()), 400, "ERCRT1001");
  ExpectError(Get("/api/subscription/profile?subscriptionId=1-99", Alice()), 404, "ERCRT1003");
  ExpectError(Get("/api/subscription/balanceQuery?mobileNumber=15559999999", Alice()), 404,
              "ERCRT1003");
  // Another SPID's line is unknown; permissions and tokens apply.
  ExpectError(Get("/api/subscription/profile?subscriptionId=" + line.subscription_id, Bob()), 404,
              "ERCRT1003");
  ExpectError(Get("/api/subscription/" + line.subscription_id + "/pricePlan", Bob()), 404,
              "ERCRT1003");
  ExpectError(Get("/api/subscription?mobileNumber=" + line.msisdn, Reader()), 403, "ERCRT1403");
  ExpectError(Get("/api/subscription/type", ""), 401, "ERCRT1401");
  ExpectError(Get("/api/productOrder?limit=501", Alice()), 400, "ERCRT1001");
}

}  // namespace
}  // namespace ispcloud::e2e
