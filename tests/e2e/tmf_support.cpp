#include "tmf_support.h"

#include <signal.h>

namespace ispcloud::e2e {

TempDir* TmfTest::dir_ = nullptr;
ServerProcess* TmfTest::server_ = nullptr;
std::map<std::string, std::string>* TmfTest::tokens_ = nullptr;
std::atomic<int> TmfTest::next_spid_{100};

namespace {

std::string Secret(const CommandResult& r) {
  auto doc = boost::json::parse(r.out);
  return std::string(doc.at("client_secret").as_string());
}

// Client secrets by client id, and "user:<name>" for users already created.
std::map<std::string, std::string>* g_secrets = nullptr;

}  // namespace

boost::json::value J(std::string_view text) {
  return boost::json::parse(text);
}

namespace {

struct UserSpec {
  std::string role, spids;
  std::string extra_role = "";     // a second realm role, when not empty
  std::vector<std::string> attrs;  // extra key=value user attributes
};

const std::map<std::string, UserSpec>& Users() {
  static const std::map<std::string, UserSpec> kUsers = {
      {"admin", {"*:*:*", "*", "", {}}},
      {"alice", {"1:*:*", "1:HappyPhone", "", {}}},
      {"bob", {"2:*:*", "2:Other", "", {}}},
      {"reader", {"1:customer:get", "1", "", {}}},
      {"csr", {"csr-all-operations", "1", "", {}}},
      // The walkthrough's supervisor: approval in the seed's spelling (OPTIVA-API.md §5).
      {"sup", {"1:*:*", "1:HappyPhone", "1:approveAdjsutment:*", {}}},
      {"spadmin", {"1:admin", "1", "", {}}},
      {"carol",
       {"1:*:*",
        "1:HappyPhone",
        "",
        {"allowCsrToManageCreditLimit=true", "allowCsrToManageMonthlySpendLimit=True"}}}};
  return kUsers;
}

}  // namespace

void TmfTest::SetUpTestSuite() {
  dir_ = new TempDir();
  server_ = new ServerProcess();
  tokens_ = new std::map<std::string, std::string>();
  g_secrets = new std::map<std::string, std::string>();
  auto full =
      RunIspcloud({"client", "create", "--db", DbUrl(), "--realm", "obp", "--client-id",
                   "obp-apigw", "--scope", "obp-apigw:read obp-apigw:write obp-apigw:admin"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  (*g_secrets)["obp-apigw"] = Secret(full);
  CreateSpid("1", "HappyPhone");
  CreateSpid("2", "Other", "EUR");
  ASSERT_TRUE(server_->Start(dir_->path()));
}

void TmfTest::TearDownTestSuite() {
  if (server_ != nullptr) server_->Stop(SIGTERM);
  delete server_;
  delete tokens_;
  delete g_secrets;
  delete dir_;
  server_ = nullptr;
  tokens_ = nullptr;
  g_secrets = nullptr;
  dir_ = nullptr;
}

std::string TmfTest::DbUrl() {
  return DbUrlOf(dir_->path());
}

void TmfTest::CreateSpid(const std::string& spid, const std::string& name,
                         const std::string& currency) {
  auto created = RunIspcloud(
      {"sp", "create", "--db", DbUrl(), "--id", spid, "--name", name, "--currency", currency});
  ASSERT_EQ(created.exit_code, 0) << created.err;
}

std::string TmfTest::NextSpid() {
  const std::string spid = std::to_string(next_spid_++);
  CreateSpid(spid, "Test SPID " + spid);
  return spid;
}

std::string TmfTest::Token(const std::string& key) {
  auto it = tokens_->find(key);
  if (it != tokens_->end()) return it->second;
  // Users and the read-only client come into being on first use (each costs an Argon2 hash).
  const bool read_scope = key == "alice-read-scope";
  const std::string user = read_scope ? "alice" : key;
  const std::string client = read_scope ? "obp-reader" : "obp-apigw";
  if (!g_secrets->contains(client)) {
    auto created = RunIspcloud({"client", "create", "--db", DbUrl(), "--realm", "obp",
                                "--client-id", client, "--scope", "obp-apigw:read"});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    if (created.exit_code != 0) return "";
    (*g_secrets)[client] = Secret(created);
  }
  const std::string user_marker = "user:" + user;
  if (!g_secrets->contains(user_marker)) {
    const UserSpec& spec = Users().at(user);
    std::vector<std::string> args = {"user",
                                     "create",
                                     "--db",
                                     DbUrl(),
                                     "--realm",
                                     "obp",
                                     "--username",
                                     user,
                                     "--email",
                                     user + "@isp.example",
                                     "--password-stdin",
                                     "--role",
                                     spec.role,
                                     "--attr",
                                     "availableSpids=" + spec.spids};
    if (!spec.extra_role.empty()) {
      args.push_back("--role");
      args.push_back(spec.extra_role);
    }
    for (const std::string& attr : spec.attrs) {
      args.push_back("--attr");
      args.push_back(attr);
    }
    auto created = RunIspcloud(args, {}, "password-" + user + "\n");
    EXPECT_EQ(created.exit_code, 0) << created.err;
    if (created.exit_code != 0) return "";
    (*g_secrets)[user_marker] = "created";
  }
  std::string token = TokenOf(user, client);
  EXPECT_FALSE(token.empty()) << key;
  (*tokens_)[key] = token;
  return token;
}

std::string TmfTest::TokenOf(const std::string& user, const std::string& client) {
  HttpClient http(server_->port());
  auto res = http.Send(beast_http::verb::post, "/realms/obp/protocol/openid-connect/token",
                       "grant_type=password&client_id=" + client +
                           "&client_secret=" + g_secrets->at(client) + "&username=" + user +
                           "&password=password-" + user,
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (res.result_int() != 200) return "";
  return S(JsonOf(res).at("access_token"));
}

HttpResponse TmfTest::Call(beast_http::verb method, const std::string& target,
                           const std::string& token, const std::string& spid,
                           const std::string& body, const std::string& content_type) {
  std::map<std::string, std::string> headers;
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  if (!spid.empty()) headers["spid"] = spid;
  if (!body.empty()) headers["Content-Type"] = content_type;
  HttpClient http(server_->port());
  return http.Send(method, target, body, headers);
}

HttpResponse TmfTest::PostWithHeaders(const std::string& target, const boost::json::value& body,
                                      const std::string& token, const std::string& spid,
                                      std::map<std::string, std::string> headers) {
  headers["Authorization"] = "Bearer " + token;
  if (!spid.empty()) headers["spid"] = spid;
  headers["Content-Type"] = "application/json";
  HttpClient http(server_->port());
  return http.Send(beast_http::verb::post, target, boost::json::serialize(body), headers);
}

boost::json::object TmfTest::Create(const std::string& base, const boost::json::value& body,
                                    const std::string& token, const std::string& spid) {
  auto res = Post(base, body, token, spid);
  EXPECT_EQ(res.result_int(), 201u) << base << " " << res.body();
  auto doc = JsonOf(res);
  if (!doc.is_object()) return {};
  return doc.as_object();
}

boost::json::object TmfTest::ExpectError(const HttpResponse& res, int status,
                                         const std::string& code) {
  EXPECT_EQ(static_cast<int>(res.result_int()), status) << res.body();
  auto body = JsonOf(res);
  if (!body.is_object()) {
    ADD_FAILURE() << "not a JSON error body: " << res.body();
    return {};
  }
  const auto& o = body.as_object();
  EXPECT_EQ(S(o.at("code")), code) << res.body();
  EXPECT_EQ(S(o.at("status")), std::to_string(status));
  EXPECT_EQ(S(o.at("@type")), "Error");
  EXPECT_TRUE(o.contains("reason"));
  EXPECT_TRUE(o.contains("message"));
  return o;
}

bool TmfTest::NamesField(const boost::json::object& error, const std::string& field) {
  const boost::json::value* errors = error.if_contains("errors");
  if (errors == nullptr || !errors->is_array()) return false;
  for (const auto& e : errors->as_array()) {
    if (e.is_object() && e.as_object().contains("field") && S(e.at("field")) == field) return true;
  }
  return false;
}

}  // namespace ispcloud::e2e
