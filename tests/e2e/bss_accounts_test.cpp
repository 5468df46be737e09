// End-to-end tests of billing accounts and quick prepaid accounts (OPTIVA-API.md §2.4, rows
// 14-20): BAN assignment, the Owner party, validation, the credit-limit gate, PATCH rules,
// delete rules, list filters, permissions and tenancy.

#include "bss_support.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

json::object AccountBody(const std::string& customer) {
  return json::object{
      {"relatedParty", json::array{json::object{{"id", customer}, {"role", "Customer"}}}}};
}

TEST_F(BssApiTest, AccountCreateAssignsBanAndOwner) {
  const std::string customer = NewCustomer("Grace", "Hopper");
  auto res = Post("/api/billingAccount", AccountBody(customer), Alice());
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  auto a = JsonOf(res).as_object();
  const std::string id = S(a.at("id"));
  const std::string ban = S(a.at("externalID"));
  EXPECT_EQ(res[beast_http::field::location], BaseUrl() + "/api/billingAccount/" + id);
  EXPECT_EQ(ban.size(), 9u);  // "1" + 8 digits
  EXPECT_EQ(ban.substr(0, 1), "1");
  EXPECT_EQ(S(a.at("name")), "Grace Hopper");
  EXPECT_EQ(S(a.at("state")), "Active");
  EXPECT_EQ(a.at("stateCode").as_int64(), 0);
  EXPECT_EQ(S(a.at("ratingType")), "prepaid");
  EXPECT_EQ(S(a.at("givenName")), "Grace");
  EXPECT_EQ(S(a.at("familyName")), "Hopper");
  EXPECT_EQ(S(a.at("@type")), "BillingAccount");
  bool owner = false;
  for (const auto& p : a.at("relatedParty").as_array()) {
    if (S(p.at("role")) == "Owner") {
      owner = true;
      EXPECT_EQ(S(p.at("@referredType")), "Individual");
    }
  }
  EXPECT_TRUE(owner);
  EXPECT_EQ(S(a.at("accountBalance").as_array()[0].at("amount").at("unit")), "USD");
  EXPECT_EQ(a.at("accountBalance").as_array()[0].at("amount").at("value").as_int64(), 0);
  // By id and by BAN, through both gateway bases.
  EXPECT_EQ(S(JsonOf(Get("/api/billingAccount/" + ban, Alice())).at("id")), id);
  auto v1 = JsonOf(Get("/api/v1/billingAccount/" + id, Alice()));
  EXPECT_EQ(S(v1.at("href")), BaseUrl() + "/api/v1/billingAccount/" + id);
  auto fields = JsonOf(Get("/api/billingAccount/" + id + "?fields=name", Alice())).as_object();
  EXPECT_TRUE(fields.contains("name"));
  EXPECT_FALSE(fields.contains("ratingType"));
  // A second account of the same SPID gets the next BAN.
  auto next = Create("/api/billingAccount", AccountBody(customer), Alice());
  EXPECT_EQ(std::stoll(S(next.at("externalID"))), std::stoll(ban) + 1);
}

TEST_F(BssApiTest, AccountCreateValidationNamesEveryField) {
  auto bad = ExpectError(
      Post("/api/billingAccount", J(R"({"ratingType":"weekly","state":"Sleeping","externalID":"12a",
                                   "creditLimit":{"unit":"USD","value":"0.00001"}})"),
           Alice()),
      400, "ERCRT1001");
  for (const char* field :
       {"relatedParty", "ratingType", "state", "externalID", "creditLimit.value"}) {
    EXPECT_TRUE(NamesField(bad, field)) << field;
  }
  auto unknown = ExpectError(Post("/api/billingAccount", AccountBody("no-such-customer"), Alice()),
                             400, "ERCRT1001");
  EXPECT_TRUE(NamesField(unknown, "relatedParty"));
  ExpectError(Post("/api/billingAccount", J("[1]"), Alice()), 400, "ERCRT1001");
  ExpectError(
      Call(beast_http::verb::post, "/api/billingAccount", Alice(), "", "{", "application/json"),
      400, "ERCRT1001");
  ExpectError(Call(beast_http::verb::post, "/api/billingAccount", Alice(), "", "x=1", "text/plain"),
              415, "ERCRT1017");
  // A customer of another SPID is unknown here.
  auto bobs_person = Create("/api/individual", J(R"({"givenName":"B","familyName":"B"})"), Bob());
  auto bobs = Create(
      "/api/customer",
      json::object{{"name", "B"}, {"engagedParty", json::object{{"id", bobs_person.at("id")},
                                                                {"@referredType", "Individual"}}}},
      Bob());
  ExpectError(Post("/api/billingAccount", AccountBody(S(bobs.at("id"))), Alice()), 400,
              "ERCRT1001");
}

TEST_F(BssApiTest, AccountExternalIdIsUniqueAndImmutable) {
  const std::string customer = NewCustomer();
  json::object body = AccountBody(customer);
  body["externalID"] = "777000001";
  auto a = Create("/api/billingAccount", body, Alice());
  EXPECT_EQ(S(a.at("externalID")), "777000001");
  ExpectError(Post("/api/billingAccount", body, Alice()), 409, "ERCRT1004");
  const std::string item = "/api/billingAccount/" + S(a.at("id"));
  auto immutable =
      ExpectError(Patch(item, J(R"({"externalID":"777000002"})"), Alice()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(immutable, "externalID"));
  auto renamed = Patch(item, J(R"({"name":"Renamed","externalID":"777000001"})"), Alice());
  ASSERT_EQ(renamed.result_int(), 200u) << renamed.body();
  EXPECT_EQ(S(JsonOf(renamed).at("name")), "Renamed");
  auto suspended = JsonOf(Patch(item, J(R"({"state":"Suspended"})"), Alice()));
  EXPECT_EQ(suspended.at("stateCode").as_int64(), 1);
  auto by_code = JsonOf(Patch(item, J(R"({"stateCode":0})"), Alice(), "", "application/json"));
  EXPECT_EQ(S(by_code.at("state")), "Active");
  ExpectError(Patch(item, J(R"({"state":"Active","stateCode":2})"), Alice()), 400, "ERCRT1001");
  ExpectError(Patch(item, J(R"([{"op":"replace","path":"/name","value":"x"}])"), Alice(), "",
                    "application/json-patch+json"),
              415, "ERCRT1017");
  ExpectError(Patch("/api/billingAccount/nope", J(R"({"name":"x"})"), Alice()), 404, "ERCRT1003");
}

TEST_F(BssApiTest, CreditLimitNeedsTheCsrAttribute) {
  const std::string customer = NewCustomer();
  json::object body = AccountBody(customer);
  body["creditLimit"] = json::object{{"unit", "USD"}, {"value", 100}};
  auto refused = ExpectError(Post("/api/billingAccount", body, Alice()), 403, "ERCRT1403");
  EXPECT_EQ(S(refused.at("message")), "credit limit management not allowed");
  auto a = Create("/api/billingAccount", body, Carol());
  EXPECT_EQ(a.at("creditLimit").at("value").as_int64(), 100);
  const std::string item = "/api/billingAccount/" + S(a.at("id"));
  // The unchanged value is not a change; another one is.
  EXPECT_EQ(Patch(item, J(R"({"creditLimit":{"unit":"USD","value":"100.00"},"name":"n"})"), Alice())
                .result_int(),
            200u);
  ExpectError(Patch(item, J(R"({"creditLimit":{"unit":"USD","value":150}})"), Alice()), 403,
              "ERCRT1403");
  auto changed = Patch(item, J(R"({"creditLimit":{"unit":"USD","value":150.5}})"), Carol());
  ASSERT_EQ(changed.result_int(), 200u) << changed.body();
  EXPECT_EQ(JsonOf(changed).at("creditLimit").at("value").as_double(), 150.5);
  auto currency = ExpectError(
      Patch(item, J(R"({"creditLimit":{"unit":"EUR","value":150.5}})"), Carol()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(currency, "creditLimit.unit"));
}

TEST_F(BssApiTest, AccountAccessAndTenancy) {
  auto a = NewAccount();
  const std::string item = "/api/billingAccount/" + S(a.at("id"));
  ExpectError(Get(item, ""), 401, "ERCRT1401");
  auto missing = ExpectError(Get(item, Reader()), 403, "ERCRT1403");
  EXPECT_NE(S(missing.at("message")).find("1:billingAccount:get"), std::string::npos);
  ExpectError(Patch(item, J(R"({"name":"x"})"), Csr()), 403, "ERCRT1403");
  EXPECT_EQ(Get(item, Csr()).result_int(), 200u);
  auto scope = Post("/api/billingAccount", AccountBody("x"), ReadOnlyScope());
  ExpectError(scope, 403, "ERCRT1403");
  ExpectError(Get(item, Bob()), 404, "ERCRT1003");
  ExpectError(Get(item, Admin(), "2"), 404, "ERCRT1003");
  ExpectError(Delete(item, Bob()), 404, "ERCRT1003");
  auto spid = ExpectError(Get(item, Admin(), "4242"), 404, "ERCRT1015");
  EXPECT_EQ(S(spid.at("message")), "obp code=4,text=INVALID_SPID");
}

TEST_F(BssApiTest, AccountListFilters) {
  const std::string customer = NewCustomer("Filter", "Target");
  auto first = Create("/api/billingAccount", AccountBody(customer), Alice());
  json::object postpaid = AccountBody(customer);
  postpaid["ratingType"] = "postpaid";
  postpaid["parentId"] = first.at("id");
  auto second = Create("/api/billingAccount", postpaid, Alice());
  EXPECT_TRUE(second.at("childAccount").as_bool());
  const std::string ban1 = S(first.at("externalID"));
  auto exact = Get("/api/billingAccount?externalID=" + ban1, Alice());
  ASSERT_EQ(exact.result_int(), 200u);
  EXPECT_EQ(exact["X-Total-Count"], "1");
  EXPECT_EQ(S(JsonOf(exact).as_array()[0].at("id")), S(first.at("id")));
  auto by_customer = Get("/api/billingAccount?relatedParty.id=" + customer, Alice());
  EXPECT_EQ(by_customer["X-Total-Count"], "2");
  EXPECT_EQ(by_customer["X-Result-Count"], "2");
  auto postpaid_only =
      Get("/api/billingAccount?relatedParty.id=" + customer + "&ratingType=postpaid", Alice());
  EXPECT_EQ(postpaid_only["X-Total-Count"], "1");
  auto children = Get("/api/billingAccount?parentId=" + S(first.at("id")), Alice());
  EXPECT_EQ(S(JsonOf(children).as_array()[0].at("id")), S(second.at("id")));
  // The compound form of the production UI: union of exact matches.
  auto compound = Get(
      "/api/billingAccount?externalID=" + ban1 + ";id=" + S(second.at("id")) + ";includeEmail=true",
      Alice());
  EXPECT_EQ(compound["X-Total-Count"], "2") << compound.body();
  auto paged =
      Get("/api/billingAccount?relatedParty.id=" + customer + "&limit=1&offset=1", Alice());
  EXPECT_EQ(paged["X-Total-Count"], "2");
  EXPECT_EQ(JsonOf(paged).as_array().size(), 1u);
  ExpectError(Get("/api/billingAccount?limit=501", Alice()), 400, "ERCRT1001");
  auto none = Get("/api/billingAccount?externalID=000", Alice());
  EXPECT_EQ(JsonOf(none).as_array().size(), 0u);
  // A parent that does not exist, or a cycle.
  json::object orphan = AccountBody(customer);
  orphan["parentId"] = "99999999";
  auto bad_parent = ExpectError(Post("/api/billingAccount", orphan, Alice()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad_parent, "parentId"));
  auto cycle = ExpectError(Patch("/api/billingAccount/" + S(first.at("id")),
                                 json::object{{"parentId", second.at("id")}}, Alice()),
                           400, "ERCRT1001");
  EXPECT_TRUE(NamesField(cycle, "parentId"));
}

TEST_F(BssApiTest, AccountDeleteRules) {
  auto line = NewLine();
  ExpectError(Delete("/api/billingAccount/" + line.account_id, Alice()), 409, "ERCRT1008");
  const std::string customer = NewCustomer();
  auto parent = Create("/api/billingAccount", AccountBody(customer), Alice());
  json::object child_body = AccountBody(customer);
  child_body["parentId"] = parent.at("id");
  auto child = Create("/api/billingAccount", child_body, Alice());
  ExpectError(Delete("/api/billingAccount/" + S(parent.at("id")), Alice()), 409, "ERCRT1008");
  // The customer and its individual are referenced by accounts.
  ExpectError(Delete("/api/customer/" + customer, Alice()), 409, "ERCRT1008");
  EXPECT_EQ(Delete("/api/billingAccount/" + S(child.at("id")), Alice()).result_int(), 204u);
  EXPECT_EQ(Delete("/api/billingAccount/" + S(parent.at("externalID")), Alice()).result_int(),
            204u);
  ExpectError(Get("/api/billingAccount/" + S(parent.at("id")), Alice()), 404, "ERCRT1003");
  EXPECT_EQ(Delete("/api/customer/" + customer, Alice()).result_int(), 204u);
}

TEST_F(BssApiTest, QuickPrepaidAccount) {
  auto res = Post("/api/quickPrepaidBillingAccount",
                  J(R"({"givenName":"Alan","familyName":"Turing","birthDate":"1912-06-23",
                        "contactMedium":[{"mediumType":"address","characteristic":{"city":"London"}}]})"),
                  Alice());
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  auto quick = JsonOf(res).as_object();
  EXPECT_EQ(S(quick.at("ratingType")), "prepaid");
  EXPECT_EQ(S(quick.at("name")), "Alan Turing");
  EXPECT_EQ(S(quick.at("contact").as_array()[0].at("contactType")), "billingAddress");
  const std::string individual = S(quick.at("individual").at("id"));
  const std::string customer = S(quick.at("customer").at("id"));
  EXPECT_EQ(Get("/api/individual/" + individual, Alice()).result_int(), 200u);
  EXPECT_EQ(S(JsonOf(Get("/api/customer/" + customer, Alice())).at("engagedParty").at("id")),
            individual);
  auto again = JsonOf(Get("/api/quickPrepaidBillingAccount/" + S(quick.at("id")), Alice()));
  EXPECT_EQ(S(again.at("customer").at("id")), customer);
  EXPECT_EQ(S(again.at("individual").at("id")), individual);
  // For an existing customer, only the account is created.
  const std::string existing = NewCustomer("Ada", "Byron");
  auto for_existing =
      Post("/api/quickPrepaidBillingAccount",
           json::object{
               {"relatedParty", json::array{json::object{{"id", existing}, {"role", "Customer"}}}}},
           Alice());
  ASSERT_EQ(for_existing.result_int(), 201u) << for_existing.body();
  EXPECT_EQ(S(JsonOf(for_existing).at("customer").at("id")), existing);
  auto missing =
      ExpectError(Post("/api/quickPrepaidBillingAccount", J("{}"), Alice()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(missing, "givenName"));
  EXPECT_TRUE(NamesField(missing, "familyName"));
  // All or nothing: a taken BAN leaves no individual or customer behind.
  const std::string before(Get("/api/individual?givenName=Nobody", Alice())["X-Total-Count"]);
  ExpectError(Post("/api/quickPrepaidBillingAccount",
                   json::object{{"givenName", "Nobody"},
                                {"familyName", "X"},
                                {"externalID", S(JsonOf(res).at("externalID"))}},
                   Alice()),
              409, "ERCRT1004");
  EXPECT_EQ(std::string(Get("/api/individual?givenName=Nobody", Alice())["X-Total-Count"]), before);
  // Row 19 needs billingAccount, customer and individual post.
  ExpectError(Post("/api/quickPrepaidBillingAccount", J("{}"), Reader()), 403, "ERCRT1403");
}

}  // namespace
}  // namespace ispcloud::e2e
