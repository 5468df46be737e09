// End-to-end tests of TMF access and tenancy (OPTIVA-API.md §1.4-§1.10): tokens, scopes, SPID
// resolution and isolation, SPID:entity:verb permissions, request validation errors, and the
// Optiva gateway aliases /api/customer and /api/individual.

#include "tmf_support.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;

const std::string kCustomers = "/tmf-api/customerManagement/v4/customer";
const std::string kIndividuals = "/tmf-api/party/v4/individual";

boost::json::value MinimalCustomer(const std::string& name) {
  return J(R"({"name":")" + name + R"(","engagedParty":{"id":"p1","@referredType":"Individual"}})");
}

TEST_F(TmfTest, NoTokenIs401) {
  for (const std::string& path : {kCustomers, kIndividuals + "/x", std::string("/api/customer"),
                                  std::string("/tmf-api/party/v5/organization")}) {
    auto res = Get(path, "");
    auto body = ExpectError(res, 401, "ERCRT1401");
    EXPECT_EQ(res[beast_http::field::www_authenticate], "Bearer");
  }
  auto bad = Get(kCustomers, "not.a.jwt", "1");
  ExpectError(bad, 401, "ERCRT1401");
  EXPECT_EQ(bad[beast_http::field::www_authenticate], "Bearer error=\"invalid_token\"");
  ExpectError(Post(kCustomers, MinimalCustomer("x"), ""), 401, "ERCRT1401");
}

TEST_F(TmfTest, MissingPermissionIs403) {
  // reader holds 1:customer:get only.
  EXPECT_EQ(Get(kCustomers, Reader()).result_int(), 200u);
  auto post = ExpectError(Post(kCustomers, MinimalCustomer("x"), Reader()), 403, "ERCRT1403");
  EXPECT_NE(S(post.at("message")).find("1:customer:post"), std::string::npos);
  ExpectError(Get(kIndividuals, Reader()), 403, "ERCRT1403");
  ExpectError(Get("/tmf-api/party/v4/organization", Reader()), 403, "ERCRT1403");
  // csr-all-operations: get, post and delete, but no patch.
  auto created = Create(kCustomers, MinimalCustomer("csr"), Csr());
  const std::string item = kCustomers + "/" + S(created.at("id"));
  EXPECT_EQ(Get(item, Csr()).result_int(), 200u);
  ExpectError(Patch(item, J(R"({"name":"y"})"), Csr()), 403, "ERCRT1403");
  EXPECT_EQ(Delete(item, Csr()).result_int(), 204u);
}

TEST_F(TmfTest, MissingScopeIs403WithChallenge) {
  // alice through the read-only client: reads work, writes lack obp-apigw:write.
  EXPECT_EQ(Get(kCustomers, ReadOnlyScope()).result_int(), 200u);
  auto res = Post(kCustomers, MinimalCustomer("x"), ReadOnlyScope());
  ExpectError(res, 403, "ERCRT1403");
  EXPECT_EQ(res[beast_http::field::www_authenticate],
            "Bearer error=\"insufficient_scope\", scope=\"obp-apigw:write\"");
}

TEST_F(TmfTest, SpidResolution) {
  // alice has one SPID: no header needed; bob's customers live in SPID 2.
  auto mine = Create(kCustomers, MinimalCustomer("alice-only"), Alice());
  const std::string item = kCustomers + "/" + S(mine.at("id"));
  EXPECT_EQ(Get(item, Alice()).result_int(), 200u);
  EXPECT_EQ(Get(item, Alice(), "1").result_int(), 200u);
  EXPECT_EQ(Get(item + "?spid=1", Alice()).result_int(), 200u);
  ExpectError(Get(item, Alice(), "2"), 403, "ERCRT1403");
  ExpectError(Get(item, Alice(), "abc"), 400, "ERCRT1001");
  ExpectError(Get(item + "?spid=2", Alice(), "1"), 400, "ERCRT1001");
  // admin (availableSpids=*) must name the SPID.
  auto required = ExpectError(Get(kCustomers, Admin()), 400, "ERCRT1001");
  EXPECT_NE(S(required.at("message")).find("spid"), std::string::npos);
  EXPECT_EQ(Get(item, Admin(), "1").result_int(), 200u);
  EXPECT_EQ(Get(item, Admin(), "0001").result_int(), 200u);  // canonical SPID
}

TEST_F(TmfTest, UnconfiguredSpidIs404BeforePermissions) {
  // §1.6 step 5: a SPID the caller may access but the server does not know.
  for (const std::string& path : {kCustomers, kIndividuals + "/x", std::string("/api/customer"),
                                  std::string("/tmf-api/party/v4/hub/x")}) {
    auto body = ExpectError(Get(path, Admin(), "4242"), 404, "ERCRT1015");
    EXPECT_EQ(S(body.at("message")), "obp code=4,text=INVALID_SPID") << path;
    EXPECT_EQ(S(body.at("reason")), "Invalid SPID");
  }
  ExpectError(Post(kCustomers, MinimalCustomer("x"), Admin(), "4242"), 404, "ERCRT1015");
  // Access to the SPID (step 4) is checked before its existence (step 5).
  ExpectError(Get(kCustomers, Alice(), "4242"), 403, "ERCRT1403");
  // Configured afterwards, the SPID serves at once.
  const std::string fresh = NextSpid();
  EXPECT_EQ(Get(kCustomers, Admin(), fresh).result_int(), 200u);
}

TEST_F(TmfTest, TenantsDoNotSeeEachOther) {
  auto alices = Create(kIndividuals, J(R"({"givenName":"Al","familyName":"Ice"})"), Alice());
  auto bobs = Create(kIndividuals, J(R"({"givenName":"Bo","familyName":"B"})"), Bob());
  const std::string alice_item = kIndividuals + "/" + S(alices.at("id"));
  const std::string bob_item = kIndividuals + "/" + S(bobs.at("id"));
  // Another SPID's resource answers exactly as an unknown one.
  ExpectError(Get(alice_item, Bob()), 404, "ERCRT1003");
  ExpectError(Patch(alice_item, J(R"({"title":"x"})"), Bob()), 404, "ERCRT1003");
  ExpectError(Delete(alice_item, Bob()), 404, "ERCRT1003");
  ExpectError(Get(bob_item, Alice()), 404, "ERCRT1003");
  auto bob_list = JsonOf(Get(kIndividuals + "?givenName=Al", Bob()));
  EXPECT_TRUE(bob_list.as_array().empty());
  const boost::json::value bob_all = JsonOf(Get(kIndividuals, Bob()));
  for (const auto& item : bob_all.as_array()) {
    EXPECT_NE(S(item.at("id")), S(alices.at("id")));
  }
  // Cross-version mounts are confined the same way.
  ExpectError(Get("/tmf-api/party/v5/individual/" + S(alices.at("id")), Bob()), 404,
              "ERCRT1003");
  EXPECT_EQ(Get(alice_item, Alice()).result_int(), 200u);
  EXPECT_EQ(Get(alice_item, Admin(), "1").result_int(), 200u);
  // A customer is not an individual.
  auto cust = Create(kCustomers, MinimalCustomer("c"), Alice());
  ExpectError(Get(kIndividuals + "/" + S(cust.at("id")), Alice()), 404, "ERCRT1003");
}

TEST_F(TmfTest, BadInputIs400NamingTheField) {
  auto unknown = ExpectError(
      Post(kCustomers, J(R"({"name":"x","shoeSize":44,
                              "engagedParty":{"id":"p","@referredType":"Individual","x":1}})"),
           Alice()),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(unknown, "shoeSize"));
  EXPECT_TRUE(NamesField(unknown, "engagedParty.x"));
  EXPECT_NE(S(unknown.at("message")).find("shoeSize"), std::string::npos);

  auto types = ExpectError(
      Post(kCustomers, J(R"({"name":7,"engagedParty":{"id":"p","@referredType":"Individual"},
                              "creditProfile":[{"creditProfileDate":"soon","validFor":{},
                                                "creditScore":"high"}]})"),
           Alice()),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(types, "name"));
  EXPECT_TRUE(NamesField(types, "creditProfile[0].creditProfileDate"));
  EXPECT_TRUE(NamesField(types, "creditProfile[0].creditScore"));

  auto missing = ExpectError(Post(kIndividuals, J(R"({"givenName":"x"})"), Alice()), 400,
                             "ERCRT1001");
  EXPECT_TRUE(NamesField(missing, "familyName"));
  auto state = ExpectError(
      Post(kIndividuals, J(R"({"givenName":"x","familyName":"y","status":"alive"})"), Alice()),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(state, "status"));
  auto wrong_type = ExpectError(
      Post(kIndividuals, J(R"({"@type":"Organization","givenName":"x","familyName":"y"})"),
           Alice()),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(wrong_type, "@type"));
  auto v5_type = ExpectError(
      Post("/tmf-api/party/v5/individual",
           J(R"({"@type":"Individual","givenName":"x","familyName":"y",
                  "contactMedium":[{"@type":"PigeonContactMedium"}]})"),
           Alice()),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(v5_type, "contactMedium[0].@type"));

  ExpectError(Call(verb::post, kCustomers, Alice(), "", "{not json"), 400, "ERCRT1001");
  ExpectError(Call(verb::post, kCustomers, Alice(), "", "[1,2]"), 400, "ERCRT1001");
  ExpectError(Call(verb::post, kCustomers, Alice(), "", "name=x", "text/plain"), 415,
              "ERCRT1017");
  ExpectError(Call(verb::post, kCustomers, Alice()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(ExpectError(Get(kCustomers + "?limit=abc", Alice()), 400, "ERCRT1001"),
                         "limit"));
}

TEST_F(TmfTest, ErrorsOfUnknownRoutesAndMethods) {
  auto unknown = ExpectError(Get("/tmf-api/customerManagement/v4/nothing", Alice()), 404,
                             "ERCRT1003");
  EXPECT_EQ(S(unknown.at("detail")), "page not found");
  auto res = Call(verb::put, kCustomers + "/x", Alice(), "", "{}");
  ExpectError(res, 405, "ERCRT1016");
  EXPECT_NE(std::string(res[beast_http::field::allow]).find("PATCH"), std::string::npos);
}

TEST_F(TmfTest, GatewayAliases) {
  const std::string spid = NextSpid();
  // Unknown attributes are ignored on the gateway paths (OPTIVA-API.md §4.4), types still count.
  auto res = Post("/api/customer",
                  J(R"({"name":"gw","shoeSize":44,
                        "engagedParty":{"id":"p","@referredType":"Individual"}})"),
                  Admin(), spid);
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  auto created = JsonOf(res).as_object();
  EXPECT_FALSE(created.contains("shoeSize"));
  const std::string id = S(created.at("id"));
  EXPECT_EQ(S(created.at("href")), BaseUrl() + "/api/customer/" + id);
  EXPECT_EQ(res[beast_http::field::location], BaseUrl() + "/api/customer/" + id);
  ExpectError(Post("/api/customer", J(R"({"name":1,"engagedParty":{"id":"p","@referredType":"I"}})"),
                   Admin(), spid),
              400, "ERCRT1001");
  // Same resource through every mount.
  EXPECT_EQ(Get("/api/v1/customer/" + id, Admin(), spid).result_int(), 200u);
  EXPECT_EQ(JsonOf(Get(kCustomers + "/" + id, Admin(), spid)).at("name"), "gw");
  Create("/api/customer", MinimalCustomer("gw2"), Admin(), spid);
  // Lists answer 200 even for a partial page, with the counts.
  auto page = Get("/api/customer?limit=1", Admin(), spid);
  EXPECT_EQ(page.result_int(), 200u);
  EXPECT_EQ(page["X-Total-Count"], "2");
  EXPECT_EQ(page["X-Result-Count"], "1");
  EXPECT_EQ(Get(kCustomers + "?limit=1", Admin(), spid).result_int(), 206u);
  // Individuals, merge patch and delete through the gateway.
  auto ind = Create("/api/individual", J(R"({"givenName":"G","familyName":"W"})"), Admin(), spid);
  const std::string item = "/api/individual/" + S(ind.at("id"));
  auto patched = Patch(item, J(R"({"status":"validated"})"), Admin(), spid);
  EXPECT_EQ(JsonOf(patched).at("status"), "validated");
  ExpectError(Patch(item, J(R"([{"op":"remove","path":"/title"}])"), Admin(), spid,
                    "application/json-patch+json"),
              415, "ERCRT1017");
  EXPECT_EQ(Delete("/api/v1/individual/" + S(ind.at("id")), Admin(), spid).result_int(), 204u);
  ExpectError(Get(item, Admin(), spid), 404, "ERCRT1003");
}

TEST_F(TmfTest, TransactionIdIsEchoed) {
  HttpClient http(server_->port());
  auto res = http.Send(verb::get, kCustomers,
                       "", {{"Authorization", "Bearer " + Alice()}, {"Transaction-Id", "T-42"}});
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res["Transaction-Id"], "T-42");
}

}  // namespace
}  // namespace ispcloud::e2e
