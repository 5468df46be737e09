#include "bss_support.h"

#include <fstream>

namespace ispcloud::e2e {

std::atomic<int> BssApiTest::next_msisdn_{1};

std::string BssApiTest::CatalogDocument() {
  return R"({"spid":1,"offerings":[
 {"id":"10973","name":"Plan Prepago","offeringType":"PRICE_PLAN","category":{"id":"MOB_CAT","name":"Mobile"},
  "billingType":"Prepaid","subscriptionType":10001,"channel":[{"id":"DCRM"}],"primaryPricePlanId":8,
  "price":[{"priceType":"NR","priceAmount":0}],"usageRates":{"smsPerMessage":"0.1"},
  "components":[
   {"productId":"10038","name":"Voice","productTypeId":"PROD_COMP_TPS","mandatory":true},
   {"productId":"10039","name":"SMS","productTypeId":"PROD_COMP_TPS","mandatory":true},
   {"productId":"10040","name":"Data","productTypeId":"PROD_COMP_TPS","mandatory":true},
   {"productId":"244","productCode":"BUNDLE-244","name":"10GB 30 days","productTypeId":"PROD_COMP_BDLE",
    "price":{"priceType":"RC","priceAmount":19.9,"recurrence":{"period":30,"periodUnitType":"DAILY"}},
    "attributes":{"bundleId":244,"unitType":1,"quantity":10737418240,"validityDays":30,"adjustmentTypeID":50030},
    "dependencies":[{"productId":"10040","type":"Mandatory"}]},
   {"productId":"205","name":"Roaming pack","productTypeId":"PROD_COMP_BDLE",
    "price":{"priceType":"NR","priceAmount":"5.25"},"attributes":{"bundleId":205},
    "dependencies":[{"productId":"244","type":"Mandatory"}]},
   {"productId":"301","name":"Caller tunes","productTypeId":"PROD_COMP_ATPS",
    "dependencies":[{"productId":"302","type":"Exclusive"}]},
   {"productId":"302","name":"Silent mode","productTypeId":"PROD_COMP_ATPS"}]},
 {"id":"20001","name":"Plan Pospago","offeringType":"PRICE_PLAN","billingType":"Postpaid",
  "channel":[{"id":"WEB"}],"primaryPricePlanId":9,"price":[{"priceType":"RC","priceAmount":25.5}]},
 {"id":"10008","name":"Subscription state","offeringType":"STATE_CHANGE","components":[
   {"productId":"1","name":"Activate","productTypeId":"PROD_COMP_TPS","attributes":{"targetState":1}},
   {"productId":"5","name":"Barred","productTypeId":"PROD_COMP_TPS","attributes":{"targetState":5}},
   {"productId":"2","name":"Deactivate","productTypeId":"PROD_COMP_TPS","attributes":{"targetState":2}}]},
 {"id":"30001","name":"Old plan","offeringType":"PRICE_PLAN","billingType":"Postpaid","primaryPricePlanId":3,"lifecycleStatus":"Retired"}
]})";
}

void BssApiTest::SetUpTestSuite() {
  TmfTest::SetUpTestSuite();
  const std::string file = dir_->path() + "/catalog.json";
  std::ofstream(file) << CatalogDocument();
  auto imported =
      RunIspcloud({"catalog", "import", "--db", DbUrl(), "--spid", "1", "--file", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

std::string BssApiTest::NewCustomer(const std::string& given, const std::string& family) {
  auto person = Create("/api/individual",
                       boost::json::object{{"givenName", given}, {"familyName", family}}, Alice());
  auto customer = Create(
      "/api/customer",
      boost::json::object{{"name", given + " " + family},
                          {"engagedParty", boost::json::object{{"id", person.at("id")},
                                                               {"@referredType", "Individual"}}}},
      Alice());
  return S(customer.at("id"));
}

boost::json::object BssApiTest::NewAccount() {
  const std::string customer = NewCustomer();
  return Create("/api/billingAccount",
                boost::json::object{{"relatedParty", boost::json::array{boost::json::object{
                                                         {"id", customer}, {"role", "Customer"}}}}},
                Alice());
}

std::string BssApiTest::NextMsisdn() {
  return std::to_string(15550100000LL + next_msisdn_++);
}

HttpResponse BssApiTest::Activate(const std::string& ban, const std::string& msisdn,
                                  const boost::json::array& extra_user_data,
                                  const boost::json::array& included, const std::string& token,
                                  const boost::json::object& extra_members) {
  boost::json::array user_data = {boost::json::object{{"name", "SPID"}, {"value", "1"}},
                                  boost::json::object{{"name", "1234_MSISDN"}, {"value", msisdn}},
                                  boost::json::object{{"name", "PAIDTYPE"}, {"value", "0"}}};
  for (const auto& e : extra_user_data) user_data.push_back(e);
  boost::json::object order{
      {"type", "Activation"},
      {"relatedParty", boost::json::array{boost::json::object{{"id", ban}, {"role", "Customer"}}}},
      {"productOrderItem",
       boost::json::array{boost::json::object{
           {"action", "ADD"},
           {"index", 0},
           {"itemGroupId", "1234"},
           {"productOffering",
            boost::json::object{{"id", "10973"}, {"quantity", 1}, {"includedItems", included}}}}}},
      {"userData", std::move(user_data)}};
  for (const auto& [key, value] : extra_members) order[key] = value;
  return Post("/api/productOrder", order, token.empty() ? Alice() : token);
}

BssApiTest::Line BssApiTest::NewLine() {
  auto account = NewAccount();
  Line line;
  line.account_id = S(account.at("id"));
  line.ban = S(account.at("externalID"));
  line.msisdn = NextMsisdn();
  auto res = Activate(line.ban, line.msisdn);
  EXPECT_EQ(res.result_int(), 200u) << res.body();
  auto order = JsonOf(res);
  EXPECT_EQ(S(order.at("state")), "Order Fulfilled") << res.body();
  line.subscription_id = S(order.at("subscriptionId"));
  return line;
}

HttpResponse BssApiTest::ChangeState(const std::string& ban, const std::string& subscription,
                                     const std::string& product, const std::string& reason) {
  boost::json::object order{
      {"type", "ChangeSubscriptionState"},
      {"relatedParty", boost::json::array{boost::json::object{{"id", ban}, {"role", "Customer"}}}},
      {"productOrderItem",
       boost::json::array{boost::json::object{
           {"action", "MODIFY"},
           {"productOffering",
            boost::json::object{
                {"id", "10008"},
                {"includedItems", boost::json::array{boost::json::object{{"id", product}}}}}}}}},
      {"userData",
       boost::json::array{boost::json::object{{"name", "SUBSCRIPTION_ID"}, {"value", subscription}},
                          boost::json::object{{"name", "REASON"}, {"value", reason}}}}};
  return Post("/api/productOrder", order, Alice());
}

}  // namespace ispcloud::e2e
