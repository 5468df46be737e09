// End-to-end tests of the product catalogue (OPTIVA-API.md §2.5, rows 21-23) and the BSS
// operator commands (`sp create`, `catalog import`).

#include <fstream>

#include "bss_support.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

std::vector<std::string> Ids(const HttpResponse& res) {
  std::vector<std::string> out;
  const json::value doc = JsonOf(res);
  for (const auto& o : doc.as_array()) out.push_back(S(o.at("id")));
  return out;
}

TEST_F(BssApiTest, OfferingListFilters) {
  auto plans = Get("/api/productOffering?offeringType=PRICE_PLAN&billingType=Prepaid", Alice());
  ASSERT_EQ(plans.result_int(), 200u) << plans.body();
  EXPECT_EQ(plans["X-Total-Count"], "1");
  auto items = JsonOf(plans).as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(S(items[0].at("id")), "10973");
  EXPECT_EQ(items[0].at("primaryPricePlanId").as_int64(), 8);
  EXPECT_EQ(S(items[0].at("href")), BaseUrl() + "/api/productOffering/10973");
  EXPECT_FALSE(items[0].as_object().contains("components"));
  EXPECT_EQ(Ids(Get("/api/productOffering?channel=DCRM", Alice())),
            std::vector<std::string>{"10973"});
  EXPECT_EQ(Ids(Get("/api/productOffering?category.id=MOB_CAT&subscriptionType=10001", Alice())),
            std::vector<std::string>{"10973"});
  EXPECT_EQ(Ids(Get("/api/productOffering?primaryPricePlanId=9", Alice())),
            std::vector<std::string>{"20001"});
  EXPECT_EQ(Ids(Get("/api/productOffering?lifecycleStatus=Retired", Alice())),
            std::vector<std::string>{"30001"});
  EXPECT_EQ(Get("/api/v1/productOffering", Alice())["X-Total-Count"], "4");
  auto with =
      JsonOf(Get("/api/productOffering?offeringType=STATE_CHANGE&fields=components", Alice()));
  EXPECT_EQ(with.as_array()[0].at("components").as_array().size(), 3u);
  EXPECT_TRUE(with.as_array()[0].as_object().contains("name"));
  auto named = JsonOf(Get("/api/productOffering?offeringType=STATE_CHANGE&fields=name", Alice()));
  EXPECT_FALSE(named.as_array()[0].as_object().contains("components"));
  EXPECT_FALSE(named.as_array()[0].as_object().contains("offeringType"));
}

TEST_F(BssApiTest, OfferingByIdAndAddOns) {
  auto plan = JsonOf(Get("/api/productOffering/10973", Alice())).as_object();
  EXPECT_EQ(S(plan.at("productOfferingId")), "10973");
  EXPECT_EQ(plan.at("components").as_array().size(), 7u);
  const auto& bundle = plan.at("components").as_array()[3].as_object();
  EXPECT_EQ(S(bundle.at("productId")), "244");
  EXPECT_EQ(bundle.at("price").at("priceAmount").as_double(), 19.9);
  EXPECT_EQ(S(bundle.at("price").at("currency")), "USD");
  EXPECT_FALSE(bundle.at("mandatory").as_bool());
  EXPECT_TRUE(bundle.at("optional").as_bool());
  EXPECT_EQ(plan.at("components").as_array()[4].at("price").at("priceAmount").as_double(), 5.25);
  ExpectError(Get("/api/productOffering/404404", Alice()), 404, "ERCRT1003");
  ExpectError(Get("/api/productOffering/10973", Bob()), 404, "ERCRT1003");  // SPID 2: none
  auto addons = JsonOf(Get("/api/productOffering/10973/addOn", Alice())).as_array();
  ASSERT_EQ(addons.size(), 2u);
  EXPECT_EQ(S(addons[0].at("productTypeId")), "PROD_COMP_BDLE");
  EXPECT_EQ(S(addons[0].at("name")), "Bundle");
  EXPECT_EQ(addons[0].at("products").as_array().size(), 2u);
  EXPECT_EQ(S(addons[1].at("productTypeId")), "PROD_COMP_ATPS");
  ExpectError(Get("/api/productOffering/10008/addOn", Alice()), 404, "ERCRT1003");
  ExpectError(Get("/api/productOffering", Reader()), 403, "ERCRT1403");
  ExpectError(Get("/api/productOffering", ""), 401, "ERCRT1401");
}

TEST_F(BssApiTest, OperatorCommands) {
  auto created = RunIspcloud(
      {"sp", "create", "--db", DbUrl(), "--id", "77", "--name", "Yen Mobile", "--currency", "JPY"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto sp = json::parse(created.out).as_object();
  EXPECT_EQ(sp.at("spid").as_int64(), 77);
  EXPECT_EQ(sp.at("currencyExponent").as_int64(), 0);
  EXPECT_EQ(sp.at("settings").at("adjustmentApprovalThreshold").as_int64(), 500000);
  EXPECT_EQ(sp.at("settings").at("planValidityDays").as_int64(), 30);
  EXPECT_NE(
      RunIspcloud({"sp", "create", "--db", DbUrl(), "--id", "77", "--name", "Again"}).exit_code, 0);
  EXPECT_NE(RunIspcloud(
                {"sp", "create", "--db", DbUrl(), "--id", "78", "--name", "X", "--currency", "XXX"})
                .exit_code,
            0);
  EXPECT_NE(
      RunIspcloud({"sp", "create", "--db", DbUrl(), "--id", "0", "--name", "Super"}).exit_code, 0);
  auto list = RunIspcloud({"sp", "list", "--db", DbUrl()});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_GE(json::parse(list.out).as_array().size(), 3u);

  // An invalid catalogue names the members and changes nothing.
  const std::string bad = dir_->path() + "/bad_catalog.json";
  std::ofstream(bad) << R"({"offerings":[{"id":"1","name":"x","offeringType":"PRICE_PLAN",
      "price":[{"priceType":"XX","priceAmount":0.00001}],
      "components":[{"productId":"a","name":"a","productTypeId":"NOPE",
                     "dependencies":[{"productId":"zz","type":"Mandatory"}]}]}]})";
  auto refused = RunIspcloud({"catalog", "import", "--db", DbUrl(), "--spid", "77", "--file", bad});
  EXPECT_NE(refused.exit_code, 0);
  for (const char* path :
       {"offerings[0].primaryPricePlanId", "offerings[0].price[0].priceType",
        "offerings[0].price[0].priceAmount", "offerings[0].components[0].productTypeId",
        "offerings[0].components[0].dependencies"}) {
    EXPECT_NE(refused.err.find(path), std::string::npos) << path << "\n" << refused.err;
  }
  EXPECT_NE(RunIspcloud({"catalog", "import", "--db", DbUrl(), "--spid", "4242", "--file", bad})
                .exit_code,
            0);
  const std::string good = dir_->path() + "/good_catalog.json";
  std::ofstream(good) << R"({"offerings":[{"id":"1","name":"Yen plan","offeringType":"PRICE_PLAN",
      "primaryPricePlanId":1,"price":[{"priceType":"NR","priceAmount":500}]}]})";
  auto imported =
      RunIspcloud({"catalog", "import", "--db", DbUrl(), "--spid", "77", "--file", good});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(json::parse(imported.out).at("imported").as_int64(), 1);
  auto yen = JsonOf(Get("/api/productOffering/1", Admin(), "77"));
  EXPECT_EQ(S(yen.at("price").at(0).at("currency")), "JPY");
}

TEST_F(BssApiTest, AdminCatalogReplacesTheCatalogueOfTheSpid) {
  auto put_catalog = [](const std::string& token, const std::string& body,
                        const std::string& path = "/api/admin/catalog") {
    return Call(beast_http::verb::put, path, token, "1", body);
  };
  json::object doc = json::parse(CatalogDocument()).as_object();
  doc.erase("spid");
  doc["offerings"].as_array().pop_back();  // without the retired plan 30001
  auto put = put_catalog(SpAdmin(), json::serialize(doc));
  ASSERT_EQ(put.result_int(), 200u) << put.body();
  auto summary = JsonOf(put);
  EXPECT_EQ(summary.at("spid").as_int64(), 1);
  EXPECT_EQ(summary.at("imported").as_int64(), 3);
  EXPECT_EQ(S(summary.at("offerings").at(0)), "10973");
  EXPECT_EQ(Get("/api/productOffering", Alice())["X-Total-Count"], "3");
  // Every problem of an invalid document at once; nothing changes.
  auto refused = ExpectError(
      put_catalog(SpAdmin(), R"({"offerings":[{"id":"1","name":"x","offeringType":"PRICE_PLAN",
                               "price":[{"priceType":"XX","priceAmount":1}]}]})",
                  "/api/v1/admin/catalog"),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(refused, "offerings[0].primaryPricePlanId")) << json::serialize(refused);
  EXPECT_TRUE(NamesField(refused, "offerings[0].price[0].priceType"));
  ExpectError(put_catalog(SpAdmin(), "{"), 400, "ERCRT1001");
  EXPECT_EQ(Get("/api/productOffering", Alice())["X-Total-Count"], "3");
  // The price plan of a live line cannot disappear (retiring it is the way).
  NewLine();  // a line on plan 10973
  json::array kept;
  for (const auto& o : doc.at("offerings").as_array()) {
    if (o.at("id") != json::value("10973")) kept.push_back(o);
  }
  json::object without = doc;
  without["offerings"] = kept;
  auto blocked = ExpectError(put_catalog(SpAdmin(), json::serialize(without)), 409, "ERCRT1008");
  EXPECT_NE(S(blocked.at("message")).find("10973"), std::string::npos);
  EXPECT_EQ(Get("/api/productOffering/10973", Alice()).result_int(), 200u);
  // `admin` must be granted by name: *:*:* is not enough; nor is a read-only token.
  ExpectError(put_catalog(Admin(), json::serialize(doc)), 403, "ERCRT1403");
  ExpectError(put_catalog(Alice(), json::serialize(doc)), 403, "ERCRT1403");
  ExpectError(put_catalog(Reader(), json::serialize(doc)), 403, "ERCRT1403");
  ExpectError(put_catalog("", json::serialize(doc)), 401, "ERCRT1401");
}

}  // namespace
}  // namespace ispcloud::e2e
