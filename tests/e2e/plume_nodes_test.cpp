// End-to-end tests of the Plume node endpoints (PLUME-API.md §7.1-§7.6) over inventory imported
// with `ispcloud inventory import`: the claim / list / rename / unclaim flow, every error code of
// those sections, the pack rule, RMA options, tenancy between partners and concurrent claims.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "plume_fixture.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeNodesTest : public PlumeApiTest {
 protected:
  // Registers a customer of `partner` and returns the path of its first location's nodes.
  std::string NodesPath(const std::string& partner, const std::string& token,
                        const std::string& account) {
    return Register(account, partner, token).location + "/nodes";
  }

  HttpResponse Claim(const std::string& nodes, const std::string& serial,
                     const std::string& token = "") {
    const json::object body{{"serialNumber", serial}};
    return Call(verb::post, nodes, token.empty() ? acme_ : token, json::serialize(body));
  }
};

TEST_F(PlumeNodesTest, ClaimListRenameUnclaimFlow) {
  const std::string nodes = NodesPath("acme", acme_, "ACCT-001");
  auto claimed = Call(verb::post, nodes, acme_, R"({"serialNumber":"GW1","nickname":"Hall"})");
  ASSERT_EQ(claimed.result_int(), 200u) << claimed.body();
  const json::value claimed_doc = JsonOf(claimed);
  const auto& list = claimed_doc.at("claimed").as_array();
  ASSERT_EQ(list.size(), 1u);
  const auto& gw = list[0].as_object();
  EXPECT_EQ(S(gw.at("id")), "GW1");
  EXPECT_EQ(S(gw.at("serialNumber")), "GW1");
  EXPECT_EQ(S(gw.at("defaultName")), "GW1");
  EXPECT_EQ(S(gw.at("nickname")), "Hall");
  EXPECT_EQ(S(gw.at("model")), "PP203X");
  EXPECT_EQ(S(gw.at("partnerId")), "acme");
  EXPECT_TRUE(gw.at("packId").is_null());
  EXPECT_EQ(S(gw.at("connectionState")), "disconnected");
  EXPECT_EQ(S(gw.at("_version")), "1.0.0");
  EXPECT_NE(nodes.find(S(gw.at("locationId"))), std::string::npos);
  EXPECT_EQ(Sql("SELECT account_id FROM plume_inventory_nodes WHERE id = 'GW1'"), "ACCT-001");

  // Already claimed here: 200 with nothing new, nickname unchanged.
  auto again = Call(verb::post, nodes, acme_, R"({"serialNumber":"GW1","nickname":"Other"})");
  ASSERT_EQ(again.result_int(), 200u);
  EXPECT_TRUE(JsonOf(again).at("claimed").as_array().empty());

  ASSERT_EQ(Claim(nodes, "POD1").result_int(), 200u);
  auto listed = Call(verb::get, nodes, acme_);
  ASSERT_EQ(listed.result_int(), 200u);
  const json::value listed_doc = JsonOf(listed);
  const auto& all = listed_doc.at("nodes").as_array();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(S(all[0].at("id")), "GW1");
  EXPECT_EQ(S(all[1].at("id")), "POD1");

  auto got = Call(verb::get, nodes + "/GW1", acme_);
  ASSERT_EQ(got.result_int(), 200u);
  EXPECT_EQ(S(JsonOf(got).at("nickname")), "Hall");
  ExpectError(Call(verb::get, nodes + "/POD2", acme_), 404, "NODE_NOT_FOUND");

  auto renamed = Call(verb::put, nodes + "/GW1", acme_, R"({"nickname":"Kitchen"})");
  ASSERT_EQ(renamed.result_int(), 200u) << renamed.body();
  EXPECT_EQ(S(JsonOf(renamed).at("nickname")), "Kitchen");
  EXPECT_EQ(S(JsonOf(Call(verb::get, nodes + "/GW1", acme_)).at("nickname")), "Kitchen");

  ASSERT_EQ(Call(verb::delete_, nodes + "/GW1", acme_).result_int(), 204u);
  ExpectError(Call(verb::delete_, nodes + "/GW1", acme_), 400, "NODE_ALREADY_UNCLAIMED");
  ExpectError(Call(verb::get, nodes + "/GW1", acme_), 404, "NODE_NOT_FOUND");
  ASSERT_EQ(Call(verb::delete_, nodes + "/POD1", acme_).result_int(), 204u);
  // The location has no claimed node at all: 404 (§7.5 step 2).
  ExpectError(Call(verb::delete_, nodes + "/POD1", acme_), 404, "NODE_NOT_FOUND");
  EXPECT_TRUE(JsonOf(Call(verb::get, nodes, acme_)).at("nodes").as_array().empty());
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE entity_id = 'GW1' AND action LIKE 'node.%'"),
            "3");
}

TEST_F(PlumeNodesTest, ClaimErrorsInTheirOrder) {
  const std::string nodes = NodesPath("acme", acme_, "ACCT-001");
  const std::string elsewhere = NodesPath("acme", acme_, "ACCT-002");
  ExpectError(Call(verb::post, nodes, acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, nodes, acme_, R"({"serialNumber":""})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::post, nodes, acme_, R"({"serialNumber":5})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, nodes, acme_, R"({"serialNumber":"GW1","nickname":""})"), 422,
              "VALIDATION_ERROR");
  const std::string long_nick =
      R"({"serialNumber":"GW1","nickname":")" + std::string(65, 'n') + R"("})";
  ExpectError(Call(verb::post, nodes, acme_, long_nick), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::post, nodes, acme_, "{not json"), 400, "INVALID_JSON");
  ExpectError(Claim(nodes, "NOPE"), 404, "NODE_NOT_FOUND");
  ExpectError(Claim(nodes, "bad serial!"), 404, "NODE_NOT_FOUND");
  ExpectError(Claim(nodes, "gw1"), 404, "NODE_NOT_FOUND");     // serials are case-sensitive
  ExpectError(Claim(nodes, "OTHER1"), 404, "NODE_NOT_FOUND");  // another partner's inventory

  ASSERT_EQ(Claim(elsewhere, "GW1").result_int(), 200u);
  ExpectError(Claim(nodes, "GW1"), 409, "NODE_ALREADY_OWNED");

  Sql("UPDATE plume_inventory_nodes SET unclaimable = 1 WHERE id = 'POD2'");
  ExpectError(Claim(nodes, "POD2"), 422, "NODE_UNCLAIMABLE");

  const std::string location = nodes.substr(0, nodes.size() - 6);
  const std::string location_id = location.substr(location.rfind('/') + 1);
  Sql("UPDATE plume_locations SET monitor_mode = 1 WHERE id = '" + location_id + "'");
  ExpectError(Claim(nodes, "POD1"), 422, "MONITOR_MODE_ENABLED");
  Sql("UPDATE plume_locations SET monitor_mode = 0, num_pods_authorized = 1 WHERE id = '" +
      location_id + "'");
  ASSERT_EQ(Claim(nodes, "POD1").result_int(), 200u);            // first node: acts as gateway
  ASSERT_EQ(Claim(nodes, "RACE1").result_int(), 200u);           // one leaf pod
  ExpectError(Claim(nodes, "POD3"), 422, "POD_LIMIT_EXCEEDED");  // a second leaf pod
  // The pack would add three more leaf pods: nothing is claimed.
  ExpectError(Claim(nodes, "PACKA"), 422, "POD_LIMIT_EXCEEDED");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_node_claims WHERE node_id LIKE 'PACK%'"), "0");
  // Unknown location / customer of the gate.
  ExpectError(
      Claim(location.substr(0, location.rfind('/') + 1) + "000000000000000000000000/nodes", "POD1"),
      404, "MODEL_NOT_FOUND");
  ExpectError(Claim("/api/Customers/000000000000000000000000/locations/x/nodes", "POD1"), 401,
              "AUTHORIZATION_REQUIRED");
  ExpectError(Call(verb::post, nodes, "", R"({"serialNumber":"POD1"})"), 401,
              "AUTHORIZATION_REQUIRED");
}

TEST_F(PlumeNodesTest, PackRuleAndRmaOptions) {
  const std::string nodes = NodesPath("acme", acme_, "ACCT-001");
  auto claimed = Claim(nodes, "PACKB");
  ASSERT_EQ(claimed.result_int(), 200u) << claimed.body();
  const json::value claimed_doc = JsonOf(claimed);
  const auto& list = claimed_doc.at("claimed").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(S(list[0].at("id")), "PACKB");  // requested node first, then pack-mates by serial
  EXPECT_EQ(S(list[1].at("id")), "PACKA");
  EXPECT_EQ(S(list[2].at("id")), "PACKC");

  // RMA: unclaim with removeAccountId (body) and preservePackId (query).
  ASSERT_EQ(Call(verb::delete_, nodes + "/PACKA?preservePackId=true", acme_,
                 R"({"removeAccountId":true})")
                .result_int(),
            204u);
  EXPECT_EQ(Sql("SELECT pack_id FROM plume_inventory_nodes WHERE id = 'PACKA'"), "PK1");
  EXPECT_EQ(Sql("SELECT account_id IS NULL FROM plume_inventory_nodes WHERE id = 'PACKA'"), "1");
  // Defaults: packId cleared, accountId kept.
  ASSERT_EQ(Call(verb::delete_, nodes + "/PACKB", acme_).result_int(), 204u);
  EXPECT_EQ(Sql("SELECT pack_id IS NULL FROM plume_inventory_nodes WHERE id = 'PACKB'"), "1");
  EXPECT_EQ(Sql("SELECT account_id FROM plume_inventory_nodes WHERE id = 'PACKB'"), "ACCT-001");

  // Unclaim all; `DELETE …/nodes/` is not unclaim-all.
  ExpectError(Call(verb::delete_, nodes + "/", acme_), 404, "NODE_NOT_FOUND");
  EXPECT_EQ(JsonOf(Call(verb::get, nodes, acme_)).at("nodes").as_array().size(), 1u);
  ASSERT_EQ(Call(verb::delete_, nodes, acme_).result_int(), 204u);
  EXPECT_TRUE(JsonOf(Call(verb::get, nodes, acme_)).at("nodes").as_array().empty());
  ASSERT_EQ(Call(verb::delete_, nodes, acme_).result_int(), 204u);  // none left: not an error
}

TEST_F(PlumeNodesTest, RenameErrors) {
  const std::string nodes = NodesPath("acme", acme_, "ACCT-001");
  ASSERT_EQ(Claim(nodes, "GW1").result_int(), 200u);
  ExpectError(Call(verb::put, nodes + "/GW1", acme_, "{}"), 400, "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, nodes + "/GW1", acme_, R"({"nickname":""})"), 400,
              "MISSING_REQUIRED_ARGUMENT");
  ExpectError(Call(verb::put, nodes + "/GW1", acme_, R"({"nickname":7})"), 422, "VALIDATION_ERROR");
  ExpectError(Call(verb::put, nodes + "/GW1", acme_, R"({"nickname":"A","emitMessage":"blink"})"),
              422, "VALIDATION_ERROR");
  ExpectError(Call(verb::put, nodes + "/POD1", acme_, R"({"nickname":"A"})"), 404,
              "NODE_NOT_FOUND");
  EXPECT_EQ(
      Call(verb::put, nodes + "/GW1", acme_, R"({"nickname":"A","emitMessage":"on"})").result_int(),
      200u);
}

TEST_F(PlumeNodesTest, PartnersAreIsolated) {
  const std::string acme_nodes = NodesPath("acme", acme_, "ACCT-001");
  const std::string other_nodes = NodesPath("other", other_, "ACCT-001");
  ASSERT_EQ(Claim(acme_nodes, "GW1").result_int(), 200u);
  // Another partner's token cannot reach acme's location at all.
  ExpectError(Claim(acme_nodes, "POD1", other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, acme_nodes, other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, acme_nodes + "/GW1", other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::delete_, acme_nodes + "/GW1", other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::put, acme_nodes + "/GW1", other_, R"({"nickname":"x"})"), 403,
              "FORBIDDEN");
  // Acme's serials do not exist for the other partner's customers, claimed or not.
  ExpectError(Claim(other_nodes, "GW1", other_), 404, "NODE_NOT_FOUND");
  ExpectError(Claim(other_nodes, "POD1", other_), 404, "NODE_NOT_FOUND");
  ASSERT_EQ(Claim(other_nodes, "OTHER1", other_).result_int(), 200u);
  ExpectError(Call(verb::get, other_nodes + "/GW1", other_), 404, "NODE_NOT_FOUND");
}

TEST_F(PlumeNodesTest, DeletingTheCustomerUnclaimsItsNodes) {
  const std::string first = NodesPath("acme", acme_, "ACCT-001");
  const std::string second = NodesPath("acme", acme_, "ACCT-002");
  ASSERT_EQ(Claim(first, "GW1").result_int(), 200u);
  ExpectError(Claim(second, "GW1"), 409, "NODE_ALREADY_OWNED");
  const std::string customer = first.substr(0, first.find("/locations/"));
  ASSERT_EQ(Call(verb::delete_, customer, acme_).result_int(), 200u);
  auto claimed = Claim(second, "GW1");
  ASSERT_EQ(claimed.result_int(), 200u) << claimed.body();
  EXPECT_EQ(JsonOf(claimed).at("claimed").as_array().size(), 1u);
}

TEST_F(PlumeNodesTest, InventoryLookUpIsPartnerScoped) {
  const std::string nodes = NodesPath("acme", acme_, "ACCT-001");
  auto free = Call(verb::get, "/api/inventory/nodes/GW1", acme_);
  ASSERT_EQ(free.result_int(), 200u) << free.body();
  EXPECT_TRUE(JsonOf(free).at("customerId").is_null());
  EXPECT_EQ(JsonOf(free).at("unclaimable"), false);
  ASSERT_EQ(Claim(nodes, "GW1").result_int(), 200u);
  auto claimed = Call(verb::get, "/api/inventory/nodes/GW1", acme_);
  ASSERT_EQ(claimed.result_int(), 200u);
  EXPECT_EQ(S(JsonOf(claimed).at("accountId")), "ACCT-001");
  EXPECT_NE(nodes.find(S(JsonOf(claimed).at("locationId"))), std::string::npos);
  ExpectError(Call(verb::get, "/api/inventory/nodes/GW1", other_), 403, "FORBIDDEN");
  ExpectError(Call(verb::get, "/api/inventory/nodes/NOPE", acme_), 404, "NODE_NOT_FOUND");
  ExpectError(Call(verb::get, "/api/inventory/nodes/GW1", ""), 401, "AUTHORIZATION_REQUIRED");
}

TEST_F(PlumeNodesTest, ConcurrentClaimsOfOneSerialSucceedOnce) {
  // 16 parallel connections, two customers' locations (§7.1: exactly one claim wins; the
  // others see "already claimed here" (200, empty) or 409; never a 5xx).
  const std::string a = NodesPath("acme", acme_, "ACCT-00A");
  const std::string b = NodesPath("acme", acme_, "ACCT-00B");
  std::vector<HttpResponse> results(16);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = Claim(i % 2 == 0 ? a : b, "RACE1"); });
  }
  for (auto& t : threads) t.join();
  int claimed = 0, owned = 0, repeat = 0;
  std::string winner;
  for (size_t i = 0; i < results.size(); ++i) {
    const HttpResponse& r = results[i];
    EXPECT_LT(r.result_int(), 500u) << r.body();
    if (r.result_int() == 200u && !JsonOf(r).at("claimed").as_array().empty()) {
      ++claimed;
      winner = i % 2 == 0 ? a : b;
    }
    if (r.result_int() == 200u && JsonOf(r).at("claimed").as_array().empty()) ++repeat;
    if (r.result_int() == 409u) {
      ++owned;
      EXPECT_EQ(S(JsonOf(r).at("error").at("code")), "NODE_ALREADY_OWNED");
    }
  }
  EXPECT_EQ(claimed, 1);
  EXPECT_EQ(owned, 8);  // every claim from the other location
  EXPECT_EQ(repeat, 7);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_node_claims WHERE node_id = 'RACE1'"), "1");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'node.claimed'"), "1");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM audit_log WHERE action = 'node.claimed'"), "1");
  EXPECT_EQ(JsonOf(Call(verb::get, winner, acme_)).at("nodes").as_array().size(), 1u);
}

TEST_F(PlumeNodesTest, ConcurrentClaimsAtOneLocationClaimOnce) {
  const std::string nodes = NodesPath("acme", acme_, "ACCT-00A");
  std::vector<HttpResponse> results(16);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    // Half of them claim a pack-mate: the pack (PACKA, PACKB, PACKC) is claimed once, together.
    threads.emplace_back([&, i] { results[i] = Claim(nodes, i % 2 == 0 ? "PACKA" : "PACKC"); });
  }
  for (auto& t : threads) t.join();
  size_t nodes_claimed = 0;
  for (const HttpResponse& r : results) {
    ASSERT_EQ(r.result_int(), 200u) << r.body();
    nodes_claimed += JsonOf(r).at("claimed").as_array().size();
  }
  EXPECT_EQ(nodes_claimed, 3u);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM plume_node_claims"), "3");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'node.claimed'"), "3");
}

}  // namespace
}  // namespace ispcloud::e2e
