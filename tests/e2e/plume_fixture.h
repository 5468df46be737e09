#pragma once
// A fixture for Plume API end-to-end tests: a fresh database with partners "acme" and "other",
// an inventory for each, one API client per partner, the server, and partner access tokens.
// Helpers send requests, register customers, create groups and logged-in operator users, run SQL
// against the server's database and check LoopBack error bodies (PLUME-API.md §1.5).

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

namespace ispcloud::e2e {

class PlumeApiTest : public ::testing::Test {
 protected:
  // Inventory of "acme": a gateway, pods, a pack of three, a node for races; of "other": one.
  static constexpr const char* kAcmeInventory =
      "serialNumber,model,packId\nGW1,PP203X,\nPOD1,PP203X,\nPOD2,PP203X,\nPOD3,PP203X,\n"
      "PACKA,PP203X,PK1\nPACKB,PP203X,PK1\nPACKC,PP203X,PK1\nRACE1,PP203X,\n";
  static constexpr const char* kOtherInventory = "serialNumber,model\nOTHER1,PP203X\n";

  void SetUp() override {
    db_ = DbUrlOf(dir_.path());
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    ASSERT_EQ(Cli({"partner", "create", "--id", "other", "--name", "Other"}).exit_code, 0);
    Import("acme", kAcmeInventory);
    Import("other", kOtherInventory);
    const auto acme = ClientOf("acme");
    const auto other = ClientOf("other");
    ASSERT_TRUE(server_.Start(dir_.path()));
    acme_ = PartnerAccessToken(server_.port(), "acme", acme.first, acme.second);
    other_ = PartnerAccessToken(server_.port(), "other", other.first, other.second);
    ASSERT_FALSE(acme_.empty());
    ASSERT_FALSE(other_.empty());
  }

  // Runs the CLI against the test database.
  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }

  void Import(const std::string& partner, const std::string& csv) {
    const std::string path = dir_.path() + "/" + partner + ".csv";
    std::ofstream(path) << csv;
    auto r = Cli({"inventory", "import", "--partner", partner, "--file", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::pair<std::string, std::string> ClientOf(const std::string& partner) {
    auto r = Cli({"client", "create", "--partner", partner});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto doc = boost::json::parse(r.out);
    return {S(doc.at("client_id")), S(doc.at("client_secret"))};
  }

  // Sends a request with `token` (none when empty) and `body` (when non-empty).
  HttpResponse Call(beast_http::verb method, const std::string& path, const std::string& token,
                    const std::string& body = "",
                    const std::string& content_type = "application/json") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (!body.empty()) headers["Content-Type"] = content_type;
    HttpClient http(server_.port());
    return http.Send(method, path, body, headers);
  }

  // Creates group `id` of `partner` (acme by default).
  void Group(const std::string& id, const std::string& partner = "acme") {
    auto r = Cli({"group", "create", "--partner", partner, "--id", id, "--name", id});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Creates a Plume operator user of acme with `role` ("groupAdmin" | "groupSupport") in
  // `groups`, logs it in (§3.4) and returns its login token ("" when refused).
  std::string OperatorToken(const std::string& username, const std::string& role,
                            const std::vector<std::string>& groups) {
    const std::string email = username + "@acme.example";
    std::vector<std::string> args = {
        "user", "create",           "--db",   db_,  "--username", username, "--email",
        email,  "--password-stdin", "--role", role, "--partner",  "acme"};
    for (const std::string& g : groups) {
      args.push_back("--group");
      args.push_back(g);
    }
    auto created = RunIspcloud(args, {}, "operator pass 1\n");
    EXPECT_EQ(created.exit_code, 0) << created.err;
    const boost::json::object body{{"email", email}, {"password", "operator pass 1"}};
    auto res =
        Call(beast_http::verb::post, "/api/Customers/login", "", boost::json::serialize(body));
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return res.result_int() == 200u ? S(JsonOf(res).at("id")) : "";
  }

  struct Registered {
    std::string customer_id;
    std::string location_id;
    std::string customer;  // /api/Customers/{customerId}
    std::string location;  // …/locations/{locationId}
  };

  // Registers a customer of `partner` (token `token`, default acme's) with `account`.
  Registered Register(const std::string& account, const std::string& partner = "acme",
                      const std::string& token = "", const std::string& name = "Ada") {
    const boost::json::object body{{"partnerId", partner}, {"accountId", account}, {"name", name}};
    auto res = Call(beast_http::verb::post, "/api/Customers/register",
                    token.empty() ? acme_ : token, boost::json::serialize(body));
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    auto doc = JsonOf(res);
    Registered r;
    r.customer_id = S(doc.at("id"));
    r.location_id = S(doc.at("locationId"));
    r.customer = "/api/Customers/" + r.customer_id;
    r.location = r.customer + "/locations/" + r.location_id;
    return r;
  }

  // Runs one SQL statement against the server's database; returns the first column of the
  // first row ("" when none).
  std::string Sql(const std::string& sql) { return SqlScalar(db_, sql); }

  TempDir dir_;
  std::string db_;
  ServerProcess server_;
  std::string acme_, other_;
};

// Asserts a LoopBack error body with `status` and `code`.
inline void ExpectError(const HttpResponse& res, unsigned status, const std::string& code) {
  EXPECT_EQ(res.result_int(), status) << res.body();
  auto body = JsonOf(res);
  ASSERT_TRUE(body.is_object()) << res.body();
  const auto& err = body.at("error");
  EXPECT_EQ(err.at("statusCode"), static_cast<int>(status)) << res.body();
  EXPECT_EQ(err.at("status"), static_cast<int>(status));
  EXPECT_EQ(S(err.at("code")), code) << res.body();
}

// The first rule reported per field of a 422 ValidationError.
inline std::map<std::string, std::string> CodesOf(const HttpResponse& res) {
  std::map<std::string, std::string> out;
  auto body = JsonOf(res);
  if (!body.is_object()) return out;
  const auto& err = body.at("error");
  EXPECT_EQ(S(err.at("name")), "ValidationError");
  for (const auto& [field, rules] : err.at("details").at("codes").as_object()) {
    out[std::string(field)] = S(rules.as_array().at(0));
  }
  return out;
}

}  // namespace ispcloud::e2e
