// Pure BSS rules: account bodies, catalogue documents, order bodies, subscription states.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/bss/account_rules.h"
#include "domain/bss/catalog.h"
#include "domain/bss/order_rules.h"
#include "domain/bss/subscription_state.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

ServiceProvider Usd() {
  ServiceProvider p;
  p.spid = 1;
  p.name = "HappyPhone";
  p.currency = "USD";
  p.settings = DefaultSettings("USD", 2);
  return p;
}

bool Names(const Error& e, std::string_view field) {
  for (const FieldError& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(BssAccountRules, DefaultsAndNormalisation) {
  auto in = ParseAccountBody(json::parse(R"({"relatedParty":[{"id":"c1","role":"customer"}],
      "creditLimit":{"value":"12.50"},"id":"ignored","accountBalance":[]})")
                                 .as_object(),
                             Usd());
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->customer_id, "c1");
  EXPECT_EQ(in->rating_type, "prepaid");
  EXPECT_EQ(in->state_code, 0);
  EXPECT_EQ(in->credit_limit.units, 125000);
  EXPECT_EQ(in->doc.at("state").as_string(), "Active");
  EXPECT_EQ(in->doc.at("creditLimit").at("unit").as_string(), "USD");
  EXPECT_EQ(in->doc.at("groupType").as_int64(), 0);
  EXPECT_FALSE(in->doc.contains("id"));
  EXPECT_FALSE(in->doc.contains("accountBalance"));
}

TEST(BssAccountRules, ReportsEveryInvalidField) {
  auto in = ParseAccountBody(json::parse(R"({"relatedParty":[{"id":"a","role":"Customer"},
      {"id":"b","role":"Customer"}],"stateCode":9,"groupType":2,"ratingType":1,
      "creditLimit":{"unit":"EUR","value":-1},"@type":"Other","contact":{}})")
                                 .as_object(),
                             Usd());
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error().api_code, "ERCRT1001");
  for (const char* f : {"relatedParty", "stateCode", "groupType", "ratingType", "creditLimit.unit",
                        "creditLimit.value", "@type", "contact"}) {
    EXPECT_TRUE(Names(in.error(), f)) << f;
  }
  EXPECT_FALSE(
      ParseAccountBody(json::parse(R"({"relatedParty":[{"role":"Customer"}]})").as_object(), Usd())
          .ok());
  EXPECT_FALSE(ParseAccountBody(json::parse(R"({"relatedParty":[{"id":"c","role":"Customer"}],
      "state":"Active","stateCode":1})")
                                    .as_object(),
                                Usd())
                   .ok());
}

TEST(BssAccountRules, AssignedBans) {
  EXPECT_EQ(AssignedBan(1, 1), "100000001");
  EXPECT_EQ(AssignedBan(42, 12345678), "4212345678");
  EXPECT_EQ(AccountStateName(7), "InCollection");
  EXPECT_EQ(AccountStateName(8), "");
}

TEST(BssCatalogRules, NormalisesOfferings) {
  auto offerings = ParseCatalogDocument(json::parse(R"({"offerings":[{"id":"1","name":"P",
      "offeringType":"PRICE_PLAN","primaryPricePlanId":8,
      "price":[{"priceType":"NR","priceAmount":"1.50"},{"priceType":"RC","priceAmount":2}],
      "components":[{"productId":"a","name":"A","productTypeId":"PROD_COMP_TPS","mandatory":true},
                    {"productId":"b","name":"B","productTypeId":"PROD_COMP_BDLE",
                     "price":{"priceType":"RC","priceAmount":0.5},
                     "dependencies":[{"productId":"a","type":"Mandatory"}]}]}]})"),
                                        Usd());
  ASSERT_TRUE(offerings.ok()) << offerings.error().message;
  const json::object& o = (*offerings)[0];
  EXPECT_EQ(o.at("lifecycleStatus").as_string(), "Active");
  EXPECT_EQ(o.at("billingType").as_string(), "Prepaid");
  EXPECT_EQ(o.at("subscriptionType").as_int64(), 10001);
  EXPECT_EQ(o.at("productOfferingId").as_string(), "1");
  EXPECT_EQ(OfferingPrice(o, "NR").units, 15000);
  EXPECT_EQ(OfferingPrice(o, "RC").units, 20000);
  const json::object* b = FindComponent(o, "b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(ComponentPrice(*b, "RC").units, 5000);
  EXPECT_EQ(ComponentPrice(*b, "NR").units, 0);
  EXPECT_TRUE(b->at("optional").as_bool());
  EXPECT_FALSE(FindComponent(o, "a")->at("optional").as_bool());
  EXPECT_EQ(FindComponent(o, "zz"), nullptr);
}

TEST(BssCatalogRules, RefusesBrokenDocuments) {
  auto bad = ParseCatalogDocument(json::parse(R"({"spid":2,"offerings":[
      {"id":"1","name":"P","offeringType":"PLAN","price":[{"priceType":"NR","priceAmount":1,"currency":"EUR"}]},
      {"id":"1","offeringType":"PRICE_PLAN","components":[{"productId":"x","name":"X",
        "productTypeId":"PROD_COMP_TPS","attributes":{"unitType":9}},
        {"productId":"x","name":"X2","productTypeId":"PROD_COMP_TPS"}]}]})"),
                                  Usd());
  ASSERT_FALSE(bad.ok());
  for (const char* f :
       {"spid", "offerings[0].offeringType", "offerings[0].price[0].currency", "offerings[1].id",
        "offerings[1].name", "offerings[1].primaryPricePlanId",
        "offerings[1].components[0].attributes.unitType", "offerings[1].components[1].productId"}) {
    EXPECT_TRUE(Names(bad.error(), f)) << f;
  }
  EXPECT_FALSE(ParseCatalogDocument(json::parse("[]"), Usd()).ok());
  EXPECT_FALSE(ParseCatalogDocument(json::parse("{}"), Usd()).ok());
  EXPECT_TRUE(ParseCatalogDocument(json::parse(R"({"offerings":[]})"), Usd()).ok());
}

TEST(BssOrderRules, DecodesTypesUserDataAndGroups) {
  auto r = ParseOrderRequest(json::parse(R"({"relatedParty":[{"id":100000001,"role":"Customer"}],
      "productOrderItem":[{"action":"CHANGE","itemGroupId":7,"productOffering":{"id":"10973",
        "includedItems":[{"id":10038},{"id":"244","action":"REMOVE"}]}}],
      "userData":[{"name":"orderType","value":"changeProduct"},{"name":"7_MSISDN","value":"15550100001"},
                  {"name":"7_OLD_ICCID","value":"1"},{"name":"AMOUNT_PAID","value":"12.3456"},
                  {"name":"PAIDTYPE","value":"2"},{"name":"SPID","value":"1"}]})")
                                 .as_object(),
                             Usd());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, "ChangeOffer");
  EXPECT_EQ(r->account_key, "100000001");
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].action, "MODIFY");
  EXPECT_EQ(r->items[0].item_group_id, "7");
  EXPECT_EQ(r->items[0].included[0].id, "10038");
  EXPECT_EQ(r->items[0].included[1].action, "REMOVE");
  EXPECT_EQ(r->amount_paid->units, 123456);
  EXPECT_EQ(*r->paid_type, 2);
  EXPECT_EQ(*GroupValue(*r, r->items[0], "MSISDN"), "15550100001");
  EXPECT_FALSE(GroupValue(*r, r->items[0], "ICCID").has_value());
  OrderItem ungrouped;
  EXPECT_EQ(*GroupValue(*r, ungrouped, "MSISDN"), "15550100001");
}

TEST(BssOrderRules, ReportsEveryInvalidField) {
  auto r =
      ParseOrderRequest(json::parse(R"({"type":"Upgrade","productOrderItem":[{"action":"PUSH"}],
      "userData":[{"name":"SPID","value":"2"},{"name":"SCHEDULE","value":"LATER"},
                  {"name":"MONTHLY_SPEND_LIMIT","value":"-1"},{"name":"PAIDTYPE","value":"5"}]})")
                            .as_object(),
                        Usd());
  ASSERT_FALSE(r.ok());
  for (const char* f : {"type", "relatedParty", "productOrderItem[0].action",
                        "productOrderItem[0].productOffering.id", "userData.SPID",
                        "userData.SCHEDULE", "userData.MONTHLY_SPEND_LIMIT", "userData.PAIDTYPE"}) {
    EXPECT_TRUE(Names(r.error(), f)) << f;
  }
}

TEST(BssSubscriptionStates, TransitionsOfTheTable) {
  EXPECT_TRUE(TransitionAllowed(kPending, kActive));
  EXPECT_TRUE(TransitionAllowed(kActive, kLocked));
  EXPECT_TRUE(TransitionAllowed(kLocked, kActive));
  EXPECT_TRUE(TransitionAllowed(kActive, kInactive));
  EXPECT_TRUE(TransitionAllowed(kNonPaymentWarned, kNonPaymentSuspended));
  EXPECT_FALSE(TransitionAllowed(kInactive, kActive));
  EXPECT_FALSE(TransitionAllowed(kMoved, kActive));
  EXPECT_FALSE(TransitionAllowed(kActive, kActive));
  EXPECT_FALSE(TransitionAllowed(kPending, kLocked));
  EXPECT_FALSE(TransitionAllowed(kSuspended, kLocked));
  EXPECT_EQ(StateName(kDormant), "DORMANT");
  EXPECT_EQ(StateName(99), "UNKNOWN");
}

}  // namespace
}  // namespace ispcloud::domain::bss
