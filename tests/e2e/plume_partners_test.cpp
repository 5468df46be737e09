// End-to-end tests of the Plume partner look-ups and inventory writes (PLUME-API.md §9, §10.1):
// node by serial, location by serviceId or id, customer search with its paging and matching
// rules, inventory attributes, removal and import over the API, each with the error codes of
// its section, another partner's resources and malformed input.

#include <gtest/gtest.h>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumePartnersTest : public PlumeApiTest {
 protected:
  HttpResponse Claim(const Registered& r, const std::string& serial) {
    const json::object body{{"serialNumber", serial}};
    return Call(verb::post, r.location + "/nodes", acme_, json::serialize(body));
  }
  void SetServiceId(const Registered& r, const std::string& service_id,
                    const std::string& token = "") {
    const json::object body{{"serviceId", service_id}};
    auto res = Call(verb::patch, r.location, token.empty() ? acme_ : token, json::serialize(body));
    ASSERT_EQ(res.result_int(), 200u) << res.body();
  }
  // The ids of the customers a search answers (asserting a 200 array).
  std::vector<std::string> SearchIds(const std::string& path) {
    auto res = Call(verb::get, path, acme_);
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    std::vector<std::string> ids;
    auto doc = JsonOf(res);
    if (!doc.is_array()) return ids;
    for (const auto& c : doc.as_array()) ids.push_back(S(c.at("id")));
    return ids;
  }
};

TEST_F(PlumePartnersTest, NodeLookUpBySerial) {
  const Registered r = Register("ACCT-0001");
  ASSERT_EQ(Claim(r, "PACKA").result_int(), 200u);  // claims PACKB with it
  auto res = Call(verb::get, "/api/Partners/nodes/PACKB", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value claimed = JsonOf(res);
  EXPECT_EQ(claimed, (json::value{{"customerId", r.customer_id},
                                  {"locationId", r.location_id},
                                  {"serialNumber", "PACKB"},
                                  {"packId", "PK1"},
                                  {"partnerId", "acme"}}));
  // Unclaimed: customerId and locationId are omitted.
  res = Call(verb::get, "/api/Partners/nodes/POD1", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res),
            (json::value{{"serialNumber", "POD1"}, {"packId", nullptr}, {"partnerId", "acme"}}));
  ExpectError(Call(verb::get, "/api/Partners/nodes/POD1?excludeUnclaimed=true", acme_), 404,
              "NODE_NOT_FOUND");
  EXPECT_EQ(Call(verb::get, "/api/Partners/nodes/PACKB?excludeUnclaimed=true", acme_).result_int(),
            200u);
  ExpectError(Call(verb::get, "/api/Partners/nodes/OTHER1", acme_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/nodes/PACKB", other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/nodes/NOPE", acme_), 404, "NODE_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/Partners/nodes/bad%20serial", acme_), 404, "NODE_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/Partners/nodes/POD1", ""), 401, "AUTHORIZATION_REQUIRED");

  // §9.2: the partner in the path.
  res = Call(verb::get, "/api/partners/acme/nodes/PACKB", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res), claimed);
  ExpectError(Call(verb::get, "/api/Partners/other/nodes/OTHER1", acme_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/nope/nodes/PACKB", acme_), 404, "PARTNER_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/Partners/acme/nodes/OTHER1", acme_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/acme/nodes/NOPE", acme_), 404, "NODE_NOT_FOUND");
}

TEST_F(PlumePartnersTest, LocationLookUpByServiceIdOrId) {
  const Registered r = Register("ACCT-0001", "acme", "", "Ada Lovelace");
  const Registered o = Register("ACCT-0001", "other", other_);
  SetServiceId(r, "SVC 42");
  SetServiceId(o, "SVC-O", other_);
  auto res = Call(verb::get, "/api/Partners/locations/SVC%2042", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res),
            (json::value{
                {"id", r.location_id},
                {"name", "Home"},
                {"serviceId", "SVC 42"},
                {"customer",
                 {{"id", r.customer_id}, {"name", "Ada Lovelace"}, {"accountId", "ACCT-0001"}}}}));
  std::string upper = r.location_id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  res = Call(verb::get, "/api/Partners/locations/" + upper, acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("id")), r.location_id);
  // Only another partner has it: 403; nobody: 404.
  ExpectError(Call(verb::get, "/api/Partners/locations/SVC-O", acme_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/locations/" + o.location_id, acme_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/locations/SVC-NONE", acme_), 404, "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/Partners/locations/SVC-O", ""), 401, "AUTHORIZATION_REQUIRED");
  // The same serviceId in both partners: each sees its own.
  SetServiceId(o, "SVC 42", other_);
  EXPECT_EQ(S(JsonOf(Call(verb::get, "/api/Partners/locations/SVC%2042", acme_)).at("id")),
            r.location_id);
  EXPECT_EQ(S(JsonOf(Call(verb::get, "/api/Partners/locations/SVC%2042", other_)).at("id")),
            o.location_id);
  // Archived: gone.
  ASSERT_EQ(Call(verb::delete_, r.location, acme_).result_int(), 204u);
  ExpectError(Call(verb::get, "/api/Partners/locations/" + r.location_id, acme_), 404,
              "MODEL_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/Partners/locations/SVC%2042", acme_), 403, "FORBIDDEN");
}

TEST_F(PlumePartnersTest, CustomerSearch) {
  const Registered ada = Register("CRM-000123", "acme", "", "Ada Lovelace");
  const Registered adam = Register("CRM-000124", "acme", "", "Adam Smith");
  const Registered bob = Register("crm-000200", "acme", "", "Bob Adams");
  Register("CRM-000123", "other", other_, "Ada Other");  // same accountId, other partner
  ASSERT_EQ(Call(verb::patch, ada.customer, acme_, R"({"email":"Ada@Example.org"})").result_int(),
            200u);
  SetServiceId(ada, "SVC-1");
  const std::string base = "/api/Partners/customers/search/";

  auto res = Call(verb::get, base + "CRM-000123?field=accountId", acme_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value found = JsonOf(res);
  ASSERT_EQ(found.as_array().size(), 1u);
  const auto& c = found.as_array()[0];
  EXPECT_EQ(S(c.at("id")), ada.customer_id);
  EXPECT_EQ(S(c.at("accountId")), "CRM-000123");
  EXPECT_EQ(S(c.at("name")), "Ada Lovelace");
  EXPECT_EQ(S(c.at("email")), "ada@example.org");
  EXPECT_EQ(S(c.at("partnerId")), "acme");
  EXPECT_EQ(c.at("locations"),
            (json::value{
                json::value{{"id", ada.location_id}, {"name", "Home"}, {"serviceId", "SVC-1"}}}));

  // Exact matching is case-sensitive except for email.
  EXPECT_TRUE(SearchIds(base + "crm-000123?field=accountId").empty());
  EXPECT_EQ(SearchIds(base + "ADA%40example.ORG?field=email"),
            std::vector<std::string>{ada.customer_id});
  // Prefix (case-insensitive), then substring; ordered by creation.
  EXPECT_EQ(SearchIds(base + "crm-0001?field=accountId&exactMatch=false"),
            (std::vector<std::string>{ada.customer_id, adam.customer_id}));
  EXPECT_EQ(SearchIds(base + "ada?field=name&exactMatch=false"),
            (std::vector<std::string>{ada.customer_id, adam.customer_id}));
  EXPECT_EQ(SearchIds(base + "ada?field=name&exactMatch=false&startsWith=false"),
            (std::vector<std::string>{ada.customer_id, adam.customer_id, bob.customer_id}));
  EXPECT_EQ(SearchIds(base + "ada?field=name&exactMatch=false&startsWith=false&limit=1&skip=1"),
            std::vector<std::string>{adam.customer_id});
  EXPECT_EQ(SearchIds(base + "ada?field=name&exactMatch=false&startsWith=false&limit=500"),
            (std::vector<std::string>{ada.customer_id, adam.customer_id, bob.customer_id}));
  EXPECT_EQ(SearchIds(base + adam.location_id + "?field=locationId"),
            std::vector<std::string>{adam.customer_id});
  EXPECT_TRUE(SearchIds(base + "nobody?field=name").empty());

  // §9.5: the partner in the path.
  EXPECT_EQ(SearchIds("/api/Partners/acme/customers/search/CRM-000123?field=accountId"),
            std::vector<std::string>{ada.customer_id});
  ExpectError(
      Call(verb::get, "/api/Partners/other/customers/search/CRM-000123?field=accountId", acme_),
      403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/Partners/nope/customers/search/x?field=name", acme_), 404,
              "PARTNER_NOT_FOUND");
  // The other partner sees only its own "CRM-000123".
  res = Call(verb::get, base + "CRM-000123?field=accountId", other_);
  ASSERT_EQ(res.result_int(), 200u);
  ASSERT_EQ(JsonOf(res).as_array().size(), 1u);
  EXPECT_EQ(S(JsonOf(res).as_array()[0].at("name")), "Ada Other");

  // Errors.
  ExpectError(Call(verb::get, base + "Ada", acme_), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::get, base + "Ada?field=", acme_), 400, "MISSING_REQUIRED_ARGUMENT");
  res = Call(verb::get, base + "Ada?field=phone&limit=0&skip=-1&exactMatch=maybe", acme_);
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"field", "inclusion"},
                                                              {"limit", "custom"},
                                                              {"skip", "custom"},
                                                              {"exactMatch", "type"}}));
  ExpectError(Call(verb::get, base + "null?field=name", acme_), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::get, base + "Ada?field=name&limit=ten", acme_), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::get, base + "Ada?field=name&field=email", acme_), 400, "BAD_REQUEST");
  ExpectError(Call(verb::get, base + "Ada?field=name", ""), 401, "AUTHORIZATION_REQUIRED");
}

TEST_F(PlumePartnersTest, InventoryAttributesAndRemoval) {
  const Registered r = Register("ACCT-0001");
  auto res = Call(verb::patch, "/api/Partners/nodes/POD1", acme_,
                  R"({"unclaimable":true,"accountId":"ACCT-XYZ"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("unclaimable"), true);
  EXPECT_EQ(S(JsonOf(res).at("accountId")), "ACCT-XYZ");
  EXPECT_EQ(S(JsonOf(res).at("id")), "POD1");
  EXPECT_TRUE(JsonOf(res).at("customerId").is_null());
  ExpectError(Claim(r, "POD1"), 422, "NODE_UNCLAIMABLE");
  res = Call(verb::patch, "/api/Partners/nodes/POD1", acme_, "unclaimable=false",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("accountId")), "ACCT-XYZ");  // untouched
  res = Call(verb::patch, "/api/Partners/nodes/POD1", acme_, R"({"accountId":null})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_TRUE(JsonOf(res).at("accountId").is_null());
  ASSERT_EQ(Claim(r, "POD1").result_int(), 200u);

  // Claimed nodes are locked.
  ExpectError(Call(verb::patch, "/api/Partners/nodes/POD1", acme_, R"({"unclaimable":true})"), 423,
              "NODE_CLAIMED");
  ExpectError(Call(verb::delete_, "/api/Partners/nodes/POD1", acme_), 423, "NODE_CLAIMED");
  // Errors of the look-up and the body.
  ExpectError(Call(verb::patch, "/api/Partners/nodes/POD2", acme_, R"({"unclaimable":"yes"})"), 422,
              "VALIDATION_ERROR");
  ExpectError(Call(verb::patch, "/api/Partners/nodes/POD2", acme_, R"({"accountId":""})"), 422,
              "VALIDATION_ERROR");
  ExpectError(Call(verb::patch, "/api/Partners/nodes/POD2", acme_, "{bad"), 400, "INVALID_JSON");
  ExpectError(Call(verb::patch, "/api/Partners/nodes/OTHER1", acme_, R"({"unclaimable":true})"),
              403, "FORBIDDEN");
  ExpectError(Call(verb::delete_, "/api/Partners/nodes/OTHER1", acme_), 403, "FORBIDDEN");
  ExpectError(Call(verb::patch, "/api/Partners/nodes/NOPE", acme_, R"({"unclaimable":true})"), 404,
              "NODE_NOT_FOUND");
  ExpectError(Call(verb::delete_, "/api/Partners/nodes/NOPE", acme_), 404, "NODE_NOT_FOUND");
  ExpectError(Call(verb::delete_, "/api/Partners/nodes/POD2", ""), 401, "AUTHORIZATION_REQUIRED");
  EXPECT_EQ(Sql("SELECT unclaimable FROM plume_inventory_nodes WHERE id = 'OTHER1'"), "0");

  ASSERT_EQ(Call(verb::delete_, "/api/Partners/nodes/POD2", acme_).result_int(), 204u);
  ExpectError(Call(verb::get, "/api/inventory/nodes/POD2", acme_), 404, "NODE_NOT_FOUND");
  ExpectError(Call(verb::delete_, "/api/Partners/nodes/POD2", acme_), 404, "NODE_NOT_FOUND");
  ExpectError(Claim(r, "POD2"), 404, "NODE_NOT_FOUND");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE action IN ('inventory.update', "
                "'inventory.remove')"),
            "4");
}

TEST_F(PlumePartnersTest, InventoryImportOverTheApi) {
  auto res = Call(verb::post, "/api/inventory/nodes", acme_,
                  R"({"id":"GW9","residentialGateway":true,"model":"PP603X","packId":"PK9",)"
                  R"("radioMac24":"60-B4-F7-00-00-01","macs":["60:B4:F7:00:00:02"],)"
                  R"("shipDate":"2026-01-02","partnerId":"acme"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json::value node = JsonOf(res);
  EXPECT_EQ(S(node.at("id")), "GW9");
  EXPECT_EQ(S(node.at("serialNumber")), "GW9");
  EXPECT_EQ(node.at("residentialGateway"), true);
  EXPECT_EQ(S(node.at("model")), "PP603X");
  EXPECT_EQ(S(node.at("packId")), "PK9");
  EXPECT_EQ(S(node.at("radioMac24")), "60:b4:f7:00:00:01");
  EXPECT_EQ(node.at("macs"), (json::value{"60:b4:f7:00:00:02"}));
  EXPECT_EQ(S(node.at("shipDate")), "2026-01-02");
  EXPECT_EQ(S(node.at("partnerId")), "acme");
  EXPECT_TRUE(node.at("customerId").is_null());
  EXPECT_TRUE(node.at("accountId").is_null());
  EXPECT_EQ(node.at("unclaimable"), false);
  EXPECT_EQ(JsonOf(Call(verb::get, "/api/inventory/nodes/GW9", acme_)), node);
  // The alias, with a form body; the caller's partner by default.
  res = Call(verb::post, "/api/Nodes", acme_,
             "id=POD9&residentialGateway=false&macs=%5B%2260%3Ab4%3Af7%3A00%3A00%3A03%22%5D",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("partnerId")), "acme");
  EXPECT_EQ(JsonOf(res).at("macs"), (json::value{"60:b4:f7:00:00:03"}));
  // Imported nodes can be claimed.
  const Registered r = Register("ACCT-0001");
  EXPECT_EQ(Claim(r, "POD9").result_int(), 200u);

  ExpectError(
      Call(verb::post, "/api/inventory/nodes", acme_, R"({"id":"GW9","residentialGateway":false})"),
      409, "INVENTORY_NODE_EXISTS");
  ExpectError(
      Call(verb::post, "/api/Nodes", acme_, R"({"id":"OTHER1","residentialGateway":false})"), 409,
      "INVENTORY_NODE_EXISTS");
  ExpectError(Call(verb::post, "/api/inventory/nodes", acme_, R"({"residentialGateway":true})"),
              400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, "/api/inventory/nodes", acme_, R"({"id":""})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, "/api/inventory/nodes", acme_, R"({"id":"X1"})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, "/api/inventory/nodes", acme_,
                   R"({"id":"X1","residentialGateway":true,"partnerId":"other"})"),
              403, "FORBIDDEN");
  res = Call(verb::post, "/api/inventory/nodes", acme_,
             R"({"id":"bad id","residentialGateway":"maybe","ethernetMac":"zz",)"
             R"("macs":"not json","model":7})");
  ExpectError(res, 422, "VALIDATION_ERROR");
  EXPECT_EQ(CodesOf(res), (std::map<std::string, std::string>{{"id", "format"},
                                                              {"residentialGateway", "type"},
                                                              {"ethernetMac", "format"},
                                                              {"macs", "type"},
                                                              {"model", "type"}}));
  ExpectError(Call(verb::post, "/api/inventory/nodes", acme_, "[]"), 400, "INVALID_JSON");
  ExpectError(Call(verb::post, "/api/inventory/nodes", "", R"({"id":"X1"})"), 401,
              "AUTHORIZATION_REQUIRED");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_inventory_nodes WHERE id IN ('X1', 'bad id')"), "0");
  EXPECT_EQ(Sql("SELECT partner_id FROM plume_inventory_nodes WHERE id = 'OTHER1'"), "other");
}

}  // namespace
}  // namespace ispcloud::e2e
