// Shopping carts over HTTP (OPTIVA-API.md §2.6, rows 25-29): pricing and enrichment from the
// catalogue, composition errors, list by customer, merge PATCH, DELETE, tenant isolation.

#include <boost/json/serialize.hpp>

#include "bss_support.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

class BssCartTest : public BssApiTest {
 protected:
  static json::object Included(const std::string& id) { return json::object{{"id", id}}; }
  static json::object CartBody(const std::string& ban, json::array included) {
    return json::object{
        {"relatedParty", json::array{json::object{{"id", ban}, {"role", "Customer"}}}},
        {"cartItem",
         json::array{json::object{
             {"id", "00001"},
             {"action", "ADD"},
             {"itemGroupId", "1234"},
             {"productOffering",
              json::object{{"id", "10973"}, {"includedItems", std::move(included)}}},
             {"note", json::array{json::object{{"text", "first line"}, {"author", "alice"}}}}}}},
        {"userData", json::array{json::object{{"name", "1234_MSISDN"}, {"value", "15550109999"}}}},
        {"channel", json::array{json::object{{"id", "DCRM"}}}},
        {"unknownMember", "dropped"}};
  }
  static double Total(const json::value& cart, const std::string& type) {
    for (const json::value& p : cart.at("cartTotalPrice").as_array()) {
      if (S(p.at("priceType")) == type) return p.at("price").to_number<double>();
    }
    return -1;
  }
};

TEST_F(BssCartTest, CreatePricesAndEnrichesListGetPatchDelete) {
  auto account = NewAccount();
  const std::string ban = S(account.at("externalID"));
  auto created =
      Post("/api/shoppingCart", CartBody(ban, {Included("244"), Included("205")}), Alice(), "1");
  ASSERT_EQ(created.result_int(), 200u) << created.body();
  const json::value cart = JsonOf(created);
  const std::string id = S(cart.at("id"));
  EXPECT_EQ(S(cart.at("href")), BaseUrl() + "/api/shoppingCart/" + id);
  EXPECT_EQ(S(cart.at("status")), "Active");
  EXPECT_DOUBLE_EQ(Total(cart, "RC"), 19.9);
  EXPECT_DOUBLE_EQ(Total(cart, "NR"), 5.25);
  EXPECT_FALSE(cart.as_object().contains("unknownMember"));
  const auto& item = cart.at("cartItem").at(0);
  EXPECT_EQ(S(item.at("productOffering").at("name")), "Plan Prepago");
  EXPECT_EQ(S(item.at("productOffering").at("includedItems").at(0).at("name")), "10GB 30 days");
  EXPECT_EQ(S(item.at("productOffering").at("includedItems").at(0).at("priceType")), "RC");
  EXPECT_FALSE(S(item.at("note").at(0).at("id")).empty());
  EXPECT_FALSE(S(cart.at("validFor").at("endDateTime")).empty());

  // List by BAN and by account id; an account without carts lists none.
  for (const std::string& key : {ban, S(account.at("id"))}) {
    auto list = Get("/api/v1/shoppingCart?customerId=" + key, Alice(), "1");
    ASSERT_EQ(list.result_int(), 200u) << list.body();
    ASSERT_EQ(JsonOf(list).as_array().size(), 1u);
    EXPECT_EQ(S(JsonOf(list).at(0).at("id")), id);
  }
  auto none = Get("/api/shoppingCart?customerId=999999999", Alice(), "1");
  EXPECT_EQ(JsonOf(none).as_array().size(), 0u);
  ExpectError(Get("/api/shoppingCart", Alice(), "1"), 400, "ERCRT1001");

  // PATCH: items replace (totals recomputed); userData is upserted, null deletes.
  json::object patch{
      {"cartItem", json::array{json::object{{"action", "ADD"},
                                            {"productOffering", json::object{{"id", "10973"}}}}}},
      {"userData", json::array{json::object{{"name", "1234_MSISDN"}, {"value", nullptr}},
                               json::object{{"name", "REASON"}, {"value", "upgrade"}}}}};
  auto patched = Patch("/api/shoppingCart/" + id, patch, Alice(), "1", "application/json");
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  const json::value after = JsonOf(patched);
  EXPECT_DOUBLE_EQ(Total(after, "RC"), 0);
  EXPECT_DOUBLE_EQ(Total(after, "NR"), 0);
  ASSERT_EQ(after.at("userData").as_array().size(), 1u);
  EXPECT_EQ(S(after.at("userData").at(0).at("name")), "REASON");
  EXPECT_EQ(after.at("validFor"), cart.at("validFor"));
  auto read = Get("/api/shoppingCart/" + id, Alice(), "1");
  ASSERT_EQ(read.result_int(), 200u);
  EXPECT_EQ(JsonOf(read).at("cartTotalPrice"), after.at("cartTotalPrice"));

  // Another SPID sees nothing; DELETE answers the gateway's message, then the cart is gone.
  ExpectError(Get("/api/shoppingCart/" + id, Bob(), "2"), 404, "ERCRT1003");
  ExpectError(Delete("/api/shoppingCart/" + id, Bob(), "2"), 404, "ERCRT1003");
  auto deleted = Delete("/api/shoppingCart/" + id, Alice(), "1");
  ASSERT_EQ(deleted.result_int(), 200u) << deleted.body();
  EXPECT_EQ(S(JsonOf(deleted).at("responseMessage")), "success");
  EXPECT_EQ(S(JsonOf(deleted).at("message")), "Deleted");
  ExpectError(Get("/api/shoppingCart/" + id, Alice(), "1"), 404, "ERCRT1003");
  ExpectError(Delete("/api/shoppingCart/" + id, Alice(), "1"), 404, "ERCRT1003");
}

TEST_F(BssCartTest, InvalidCartsAreRefusedWithTheGatewayCodes) {
  auto account = NewAccount();
  const std::string ban = S(account.at("externalID"));
  // A missing Mandatory dependency and an Exclusive pair: ERCRT1002 with the gateway's text.
  auto missing = ExpectError(
      Post("/api/shoppingCart", CartBody(ban, {Included("205")}), Alice(), "1"), 400, "ERCRT1002");
  EXPECT_NE(json::serialize(missing).find("Failed to create shopping cart. Missing dependent "
                                          "product having product id:244"),
            std::string::npos)
      << json::serialize(missing);
  ExpectError(
      Post("/api/shoppingCart", CartBody(ban, {Included("301"), Included("302")}), Alice(), "1"),
      400, "ERCRT1002");
  // Every field problem at once.
  auto empty =
      ExpectError(Post("/api/shoppingCart", json::object{}, Alice(), "1"), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(empty, "relatedParty"));
  EXPECT_TRUE(NamesField(empty, "cartItem"));
  json::object unknown = CartBody(ban, {Included("999")});
  auto bad_component =
      ExpectError(Post("/api/shoppingCart", unknown, Alice(), "1"), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad_component, "cartItem[0].productOffering.includedItems[0].id"));
  json::object retired = CartBody(ban, {});
  retired["cartItem"].as_array()[0].as_object()["productOffering"].as_object()["id"] = "30001";
  ExpectError(Post("/api/shoppingCart", retired, Alice(), "1"), 400, "ERCRT1001");
  ExpectError(Post("/api/shoppingCart", CartBody("000000000", {}), Alice(), "1"), 404, "ERCRT1003");
  // Another SPID cannot price against SPID 1's account; a reader cannot create.
  ExpectError(Post("/api/shoppingCart", CartBody(ban, {}), Bob(), "2"), 404, "ERCRT1003");
  ExpectError(Post("/api/shoppingCart", CartBody(ban, {}), ReadOnlyScope(), "1"), 403, "ERCRT1403");
  auto list = Get("/api/shoppingCart?customerId=" + ban, Alice(), "1");
  EXPECT_EQ(JsonOf(list).as_array().size(), 0u) << "refused carts are not stored";
}

}  // namespace
}  // namespace ispcloud::e2e
