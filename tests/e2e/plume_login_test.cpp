// End-to-end tests of the legacy Plume login (PLUME-API.md §3.4, §3.5): customers and operator
// users (group admin / group support) log in with email and password, use the opaque token in
// the three LoopBack forms, and log out; every error code of both sections; the roles of §2.2
// for the tokens obtained.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class PlumeLoginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = DbUrlOf(dir_.path());
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    ASSERT_EQ(
        Cli({"group", "create", "--partner", "acme", "--id", "noc", "--name", "NOC"}).exit_code, 0);
    ASSERT_EQ(User("admin1", "noc-admin@acme.example", "groupAdmin"), 0);
    ASSERT_EQ(User("support1", "noc-support@acme.example", "groupSupport"), 0);
    auto client = json::parse(Cli({"client", "create", "--partner", "acme"}).out);
    ASSERT_TRUE(server_.Start(dir_.path()));
    partner_ = PartnerAccessToken(server_.port(), "acme", S(client.at("client_id")),
                                  S(client.at("client_secret")));
    ASSERT_FALSE(partner_.empty());
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }

  int User(const std::string& username, const std::string& email, const std::string& role) {
    auto r =
        RunIspcloud({"user", "create", "--db", db_, "--username", username, "--email", email,
                     "--password-stdin", "--role", role, "--partner", "acme", "--group", "noc"},
                    {}, "operator pass 1\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code;
  }

  HttpResponse Call(verb method, const std::string& path, const std::string& authorization,
                    const std::string& body = "") {
    std::map<std::string, std::string> headers;
    if (!authorization.empty()) headers["Authorization"] = authorization;
    if (!body.empty()) headers["Content-Type"] = "application/json";
    HttpClient http(server_.port());
    return http.Send(method, path, body, headers);
  }

  HttpResponse Login(const std::string& body, const std::string& query = "") {
    return Call(verb::post, "/api/Customers/login" + query, "", body);
  }

  // Registers a customer with a password through the partner admin; returns its id.
  std::string RegisterCustomer(const std::string& email, bool verified) {
    json::object body{{"partnerId", "acme"},
                      {"accountId", email},
                      {"name", "Ada"},
                      {"email", email},
                      {"password", "Str0ng-Passw0rd"}};
    auto res =
        Call(verb::post, "/api/Customers/register", "Bearer " + partner_, json::serialize(body));
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    std::string id = S(JsonOf(res).at("id"));
    if (verified) {
      auto patched = Call(verb::patch, "/api/Customers/" + id, "Bearer " + partner_,
                          R"({"emailVerified":true})");
      EXPECT_EQ(patched.result_int(), 200u) << patched.body();
    }
    return id;
  }

  std::string LoginToken(const std::string& email, const std::string& password) {
    json::object body{{"email", email}, {"password", password}};
    auto res = Login(json::serialize(body));
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return res.result_int() == 200u ? S(JsonOf(res).at("id")) : "";
  }

  static std::string CodeOf(const HttpResponse& res) {
    auto body = JsonOf(res);
    if (!body.is_object() || !body.as_object().contains("error")) return "";
    return S(body.at("error").at("code"));
  }

  TempDir dir_;
  std::string db_;
  ServerProcess server_;
  std::string partner_;
};

TEST_F(PlumeLoginTest, CustomerLogsInAndUsesTheTokenInEveryLoopBackForm) {
  std::string id = RegisterCustomer("ada@example.org", true);
  auto res = Login(R"({"email":"ADA@example.org","password":"Str0ng-Passw0rd"})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto body = JsonOf(res).as_object();
  std::string token = S(body.at("id"));
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(body.at("ttl").as_int64(), 1209600);
  EXPECT_EQ(S(body.at("userId")), id);
  EXPECT_EQ(S(body.at("created")).size(), 24u);  // 2024-09-21T21:02:32.777Z
  EXPECT_FALSE(body.contains("user"));

  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id, "Bearer " + token).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id, token).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id + "?access_token=" + token, "").result_int(),
            200u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id + "/locations", token).result_int(), 200u);
}

TEST_F(PlumeLoginTest, UsernameIsMatchedAgainstTheEmailAndIncludeUserAddsTheCustomer) {
  std::string id = RegisterCustomer("bob@example.org", true);
  auto res =
      Login(R"({"username":"bob@example.org","password":"Str0ng-Passw0rd"})", "?include=user");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto user = JsonOf(res).at("user").as_object();
  EXPECT_EQ(S(user.at("id")), id);
  EXPECT_EQ(S(user.at("email")), "bob@example.org");
  EXPECT_FALSE(user.contains("password"));
}

TEST_F(PlumeLoginTest, FormBodyIsAccepted) {
  RegisterCustomer("form@example.org", true);
  HttpClient http(server_.port());
  auto res = http.Send(verb::post, "/api/Customers/login",
                       "email=form%40example.org&password=Str0ng-Passw0rd",
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(res.result_int(), 200u) << res.body();
}

TEST_F(PlumeLoginTest, LoginErrors) {
  RegisterCustomer("carol@example.org", true);
  RegisterCustomer("unverified@example.org", false);

  auto missing = Login(R"({"email":"carol@example.org"})");
  EXPECT_EQ(missing.result_int(), 400u);
  EXPECT_EQ(CodeOf(missing), "LOGIN_FIELDS_REQUIRED");
  EXPECT_EQ(CodeOf(Login(R"({"password":"x"})")), "LOGIN_FIELDS_REQUIRED");
  EXPECT_EQ(CodeOf(Login(R"({"email":42,"password":"Str0ng-Passw0rd"})")), "LOGIN_FIELDS_REQUIRED");
  EXPECT_EQ(CodeOf(Login("")), "LOGIN_FIELDS_REQUIRED");

  auto wrong = Login(R"({"email":"carol@example.org","password":"not-it"})");
  EXPECT_EQ(wrong.result_int(), 401u);
  EXPECT_EQ(CodeOf(wrong), "LOGIN_FAILED");
  auto unknown = Login(R"({"email":"nobody@example.org","password":"Str0ng-Passw0rd"})");
  EXPECT_EQ(unknown.result_int(), 401u);
  EXPECT_EQ(CodeOf(unknown), "LOGIN_FAILED");
  EXPECT_EQ(JsonOf(unknown).at("error").at("message"), JsonOf(wrong).at("error").at("message"));

  auto unverified = Login(R"({"email":"unverified@example.org","password":"Str0ng-Passw0rd"})");
  EXPECT_EQ(unverified.result_int(), 401u);
  EXPECT_EQ(CodeOf(unverified), "LOGIN_FAILED_EMAIL_NOT_VERIFIED");
  // A wrong password never reveals that the email is unverified.
  EXPECT_EQ(CodeOf(Login(R"({"email":"unverified@example.org","password":"nope"})")),
            "LOGIN_FAILED");

  auto bad_json = Login("{not json");
  EXPECT_EQ(bad_json.result_int(), 400u);
  EXPECT_EQ(CodeOf(bad_json), "INVALID_JSON");
}

TEST_F(PlumeLoginTest, RepeatedFailuresAreRateLimitedPerLoginName) {
  RegisterCustomer("dave@example.org", true);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(CodeOf(Login(R"({"email":"dave@example.org","password":"guess"})")), "LOGIN_FAILED");
  }
  auto limited = Login(R"({"email":"dave@example.org","password":"Str0ng-Passw0rd"})");
  EXPECT_EQ(limited.result_int(), 403u);
  EXPECT_EQ(CodeOf(limited), "RATE_LIMITED");
  // Another account is not affected.
  RegisterCustomer("erin@example.org", true);
  EXPECT_FALSE(LoginToken("erin@example.org", "Str0ng-Passw0rd").empty());
}

TEST_F(PlumeLoginTest, CustomerTokenReachesOnlyItsOwnCustomerWithCustomerRights) {
  std::string mine = RegisterCustomer("frank@example.org", true);
  std::string other = RegisterCustomer("grace@example.org", true);
  std::string token = LoginToken("frank@example.org", "Str0ng-Passw0rd");

  auto foreign = Call(verb::get, "/api/Customers/" + other, token);
  EXPECT_EQ(foreign.result_int(), 403u);
  EXPECT_EQ(CodeOf(foreign), "FORBIDDEN");
  auto name = Call(verb::patch, "/api/Customers/" + mine, token, R"({"name":"Frank F"})");
  EXPECT_EQ(name.result_int(), 200u) << name.body();
  auto account = Call(verb::patch, "/api/Customers/" + mine, token, R"({"accountId":"X"})");
  EXPECT_EQ(account.result_int(), 401u);
  EXPECT_EQ(CodeOf(account), "AUTHORIZATION_REQUIRED");
  auto del = Call(verb::delete_, "/api/Customers/" + mine, token);
  EXPECT_EQ(del.result_int(), 401u);  // §2.2: customers may not delete themselves
  auto reg = Call(verb::post, "/api/Customers/register", token,
                  R"({"partnerId":"acme","accountId":"z","name":"Z"})");
  EXPECT_EQ(reg.result_int(), 401u);
}

TEST_F(PlumeLoginTest, LogoutRevokesTheTokenAndOnlyThatToken) {
  std::string id = RegisterCustomer("heidi@example.org", true);
  std::string first = LoginToken("heidi@example.org", "Str0ng-Passw0rd");
  std::string second = LoginToken("heidi@example.org", "Str0ng-Passw0rd");
  ASSERT_NE(first, second);

  EXPECT_EQ(Call(verb::post, "/api/Customers/logout", "Bearer " + first).result_int(), 204u);
  auto after = Call(verb::get, "/api/Customers/" + id, "Bearer " + first);
  EXPECT_EQ(after.result_int(), 401u);
  EXPECT_EQ(CodeOf(after), "AUTHORIZATION_REQUIRED");
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id, second).result_int(), 200u);

  // A revoked or unknown token, or none at all: 401.
  EXPECT_EQ(Call(verb::post, "/api/Customers/logout", first).result_int(), 401u);
  EXPECT_EQ(Call(verb::post, "/api/Customers/logout", std::string(64, 'A')).result_int(), 401u);
  EXPECT_EQ(Call(verb::post, "/api/Customers/logout", "").result_int(), 401u);
  // With a JWT there is nothing to revoke: 204, and the JWT still works.
  EXPECT_EQ(Call(verb::post, "/api/Customers/logout", "Bearer " + partner_).result_int(), 204u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id, "Bearer " + partner_).result_int(), 200u);
}

TEST_F(PlumeLoginTest, DeletedCustomerTokenStopsWorking) {
  std::string id = RegisterCustomer("ivan@example.org", true);
  std::string token = LoginToken("ivan@example.org", "Str0ng-Passw0rd");
  ASSERT_EQ(Call(verb::delete_, "/api/Customers/" + id, "Bearer " + partner_).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + id, token).result_int(), 401u);
}

TEST_F(PlumeLoginTest, TokenIsStoredOnlyAsAHash) {
  RegisterCustomer("judy@example.org", true);
  std::string token = LoginToken("judy@example.org", "Str0ng-Passw0rd");
  auto rows = SqlRows(db_, "SELECT token_hash FROM plume_login_tokens");
  for (const auto& row : rows) {
    EXPECT_NE(row.at(0), token);
    EXPECT_EQ(row.at(0).size(), 64u);  // hex SHA-256
  }
  EXPECT_EQ(rows.size(), 1u);
}

TEST_F(PlumeLoginTest, GroupAdminAndGroupSupportLogInWithTheirRoles) {
  std::string admin = LoginToken("noc-admin@acme.example", "operator pass 1");
  std::string support = LoginToken("NOC-Support@acme.example", "operator pass 1");
  ASSERT_FALSE(admin.empty());
  ASSERT_FALSE(support.empty());

  // The group admin registers a customer: it lands in the admin's group.
  auto reg = Call(verb::post, "/api/Customers/register", "Bearer " + admin,
                  R"({"partnerId":"acme","accountId":"noc-0001","name":"Noc Customer"})");
  ASSERT_EQ(reg.result_int(), 200u) << reg.body();
  std::string in_group = S(JsonOf(reg).at("id"));
  // A customer of the partner's default group is outside both operators' scope.
  std::string outside = RegisterCustomer("kim@example.org", false);

  EXPECT_EQ(Call(verb::get, "/api/Customers/" + in_group, admin).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + in_group, support).result_int(), 200u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + outside, admin).result_int(), 403u);
  EXPECT_EQ(Call(verb::get, "/api/Customers/" + outside, support).result_int(), 403u);

  EXPECT_EQ(Call(verb::patch, "/api/Customers/" + in_group, admin, R"({"name":"N2"})").result_int(),
            200u);
  auto support_write = Call(verb::patch, "/api/Customers/" + in_group, support, R"({"name":"N3"})");
  EXPECT_EQ(support_write.result_int(), 401u);  // §2.2: support is read-only
  EXPECT_EQ(CodeOf(support_write), "AUTHORIZATION_REQUIRED");
}

TEST_F(PlumeLoginTest, DisabledOperatorCannotLogInAndItsTokensStopWorking) {
  std::string admin = LoginToken("noc-admin@acme.example", "operator pass 1");
  ASSERT_FALSE(admin.empty());
  ASSERT_EQ(Cli({"user", "disable", "--username", "admin1"}).exit_code, 0);
  auto reg = Call(verb::post, "/api/Customers/register", admin,
                  R"({"partnerId":"acme","accountId":"noc-2","name":"N"})");
  EXPECT_EQ(reg.result_int(), 401u);
  auto again = Login(R"({"email":"noc-admin@acme.example","password":"operator pass 1"})");
  EXPECT_EQ(again.result_int(), 401u);
  EXPECT_EQ(CodeOf(again), "LOGIN_FAILED");
}

TEST_F(PlumeLoginTest, LoginTokensAreNotAcceptedOutsideThePlumeApi) {
  RegisterCustomer("leo@example.org", true);
  std::string token = LoginToken("leo@example.org", "Str0ng-Passw0rd");
  auto res = Call(verb::get, "/realms/default/protocol/openid-connect/userinfo", "Bearer " + token);
  EXPECT_EQ(res.result_int(), 401u);
}

}  // namespace
}  // namespace ispcloud::e2e
