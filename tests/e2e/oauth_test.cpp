// End-to-end tests of the built-in token server: Okta-style partner tokens, Keycloak-style
// realm tokens, JWKS and discovery, and the error cases of RFC 6749 the references list.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/jose/base64url.h"
#include "harness.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;

const std::map<std::string, std::string> kForm = {
    {"Content-Type", "application/x-www-form-urlencoded"}};

std::string Basic(const std::string& id, const std::string& secret) {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string in = id + ":" + secret, out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out.push_back(kB64[(n >> s) & 63]);
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += {kB64[(n >> 18) & 63], kB64[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += {kB64[(n >> 18) & 63], kB64[(n >> 12) & 63], kB64[(n >> 6) & 63], '='};
  }
  return "Basic " + out;
}

// Decodes the claims of a JWT without verifying it.
boost::json::object ClaimsOf(const std::string& jwt) {
  size_t a = jwt.find('.'), b = jwt.find('.', a + 1);
  auto payload = auth::jose::Base64UrlDecode(jwt.substr(a + 1, b - a - 1));
  return boost::json::parse(payload.value()).as_object();
}

boost::json::object HeaderOf(const std::string& jwt) {
  auto header = auth::jose::Base64UrlDecode(jwt.substr(0, jwt.find('.')));
  return boost::json::parse(header.value()).as_object();
}

class OAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = DbUrlOf(dir_.path());
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    ASSERT_EQ(Cli({"partner", "create", "--id", "other", "--name", "Other"}).exit_code, 0);
    auto client = Cli({"client", "create", "--partner", "acme", "--ttl-minutes", "15"});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto doc = boost::json::parse(client.out);
    partner_id_ = std::string(doc.at("client_id").as_string());
    partner_secret_ = std::string(doc.at("client_secret").as_string());
    EXPECT_EQ(doc.at("scope"), "partnerId:acme role:partnerIdAdmin");
    EXPECT_NE(doc.at("token_url").as_string().find("/oauth2/default/v1/token"), std::string::npos);

    auto realm_client =
        Cli({"client", "create", "--realm", "optiva", "--client-id", "obp-apigw", "--scope",
             "obp-apigw:read obp-apigw:write", "--service-account-role", "1:customer:get"});
    ASSERT_EQ(realm_client.exit_code, 0) << realm_client.err;
    realm_secret_ =
        std::string(boost::json::parse(realm_client.out).at("client_secret").as_string());
    auto user =
        RunIspcloud({"user", "create", "--db", db_, "--realm", "optiva", "--username", "csr1",
                     "--email", "csr1@isp.example", "--password-stdin", "--role",
                     "csr-all-operations", "--attr", "availableSpids=1:HappyPhone", "--attr",
                     "availableSpids=2:Other", "--attr", "allowCsrToManageCreditLimit=True"},
                    {}, "correct horse\n");
    ASSERT_EQ(user.exit_code, 0) << user.err;
    ASSERT_TRUE(server_.Start(dir_.path()));
  }
  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }
  HttpResponse Token(const std::string& path, const std::string& body,
                     std::map<std::string, std::string> headers = kForm) {
    HttpClient c(server_.port());
    return c.Send(verb::post, path, body, headers);
  }
  HttpResponse OktaToken(const std::string& body) {
    auto h = kForm;
    h["Authorization"] = Basic(partner_id_, partner_secret_);
    return Token("/oauth2/default/v1/token", body, h);
  }
  std::string RealmPath(const std::string& prefix = "") {
    return prefix + "/realms/optiva/protocol/openid-connect/token";
  }

  TempDir dir_;
  std::string db_;
  ServerProcess server_;
  std::string partner_id_, partner_secret_, realm_secret_;
};

TEST_F(OAuthTest, OktaClientCredentialsIssuesPartnerToken) {
  auto res =
      OktaToken("grant_type=client_credentials&scope=partnerId%3Aacme+role%3ApartnerIdAdmin");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(res["Cache-Control"], "no-store");
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("token_type"), "Bearer");
  EXPECT_EQ(body.at("expires_in"), 900);
  EXPECT_EQ(body.at("scope"), "partnerId:acme role:partnerIdAdmin");
  std::string jwt(body.at("access_token").as_string());
  auto claims = ClaimsOf(jwt);
  EXPECT_EQ(S(claims.at("iss")),
            "http://127.0.0.1:" + std::to_string(server_.port()) + "/oauth2/default");
  EXPECT_EQ(claims.at("aud"), "api://default");
  EXPECT_EQ(S(claims.at("cid")), partner_id_);
  EXPECT_EQ(S(claims.at("sub")), partner_id_);
  EXPECT_EQ(claims.at("ver"), 1);
  EXPECT_EQ(claims.at("scp").as_array().size(), 2u);
  EXPECT_EQ(claims.at("exp").to_number<int64_t>() - claims.at("iat").to_number<int64_t>(), 900);
  EXPECT_EQ(S(claims.at("jti")).substr(0, 3), "AT.");
  auto header = HeaderOf(jwt);
  EXPECT_EQ(header.at("alg"), "ES256");
  // The signing key is published.
  HttpClient c(server_.port());
  auto jwks = JsonOf(c.Get("/oauth2/default/v1/keys"));
  bool found = false;
  for (auto& k : jwks.at("keys").as_array()) found |= k.at("kid") == header.at("kid");
  EXPECT_TRUE(found);
}

TEST_F(OAuthTest, OktaAcceptsFormCredentialsAndScopeInAnyOrder) {
  auto res =
      Token("/oauth2/default/v1/token", "grant_type=client_credentials&client_id=" + partner_id_ +
                                            "&client_secret=" + partner_secret_ +
                                            "&scope=role:partnerIdAdmin%20partnerId:acme");
  EXPECT_EQ(res.result_int(), 200u) << res.body();
}

TEST_F(OAuthTest, OktaErrors) {
  struct Case {
    std::string body;
    bool basic;
    unsigned status;
    std::string error;
  };
  const std::string good_scope = "&scope=partnerId:acme%20role:partnerIdAdmin";
  std::vector<Case> cases = {
      {"scope=partnerId:acme", true, 400, "invalid_request"},  // no grant_type
      {"grant_type=password" + good_scope, true, 400, "unsupported_grant_type"},
      {"grant_type=client_credentials", true, 400, "invalid_scope"},  // no scope
      {"grant_type=client_credentials&scope=partnerId:other%20role:partnerIdAdmin", true, 400,
       "invalid_scope"},  // other partner
      {"grant_type=client_credentials&scope=partnerId:acme", true, 400, "invalid_scope"},
      {"grant_type=client_credentials" + good_scope + "%20extra", true, 400, "invalid_scope"},
      {"grant_type=client_credentials&grant_type=client_credentials" + good_scope, true, 400,
       "invalid_request"},  // duplicate
      {"grant_type=client_credentials" + good_scope + "&client_secret=x", true, 400,
       "invalid_request"},                                                            // both
      {"grant_type=client_credentials" + good_scope, false, 400, "invalid_request"},  // none
  };
  for (const Case& c : cases) {
    auto h = kForm;
    if (c.basic) h["Authorization"] = Basic(partner_id_, partner_secret_);
    auto res = Token("/oauth2/default/v1/token", c.body, h);
    EXPECT_EQ(res.result_int(), c.status) << c.body << " -> " << res.body();
    EXPECT_EQ(S(JsonOf(res).at("error")), c.error) << c.body;
    EXPECT_EQ(res["Cache-Control"], "no-store");
  }
  auto wrong = kForm;
  wrong["Authorization"] = Basic(partner_id_, "not-the-secret");
  auto res = Token("/oauth2/default/v1/token", "grant_type=client_credentials" + good_scope, wrong);
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(JsonOf(res).at("error"), "invalid_client");
  EXPECT_NE(res["WWW-Authenticate"].find("Basic"), std::string::npos);

  auto json = Token("/oauth2/default/v1/token", "{\"grant_type\":\"client_credentials\"}",
                    {{"Content-Type", "application/json"},
                     {"Authorization", Basic(partner_id_, partner_secret_)}});
  EXPECT_EQ(json.result_int(), 400u);
  EXPECT_EQ(JsonOf(json).at("error"), "invalid_request");

  auto unknown_server = Token("/oauth2/other/v1/token", "grant_type=client_credentials");
  EXPECT_EQ(unknown_server.result_int(), 404u);
  EXPECT_EQ(S(JsonOf(unknown_server).at("error")), "not_found");
}

TEST_F(OAuthTest, RepeatedClientAuthFailuresAreRateLimited) {
  auto h = kForm;
  h["Authorization"] = Basic(partner_id_, "wrong");
  unsigned last = 0;
  for (int i = 0; i < 12; ++i) {
    last = Token("/oauth2/default/v1/token", "grant_type=client_credentials", h).result_int();
  }
  EXPECT_EQ(last, 429u);
  // Even the right secret is refused during the window.
  auto res = OktaToken("grant_type=client_credentials&scope=partnerId:acme%20role:partnerIdAdmin");
  EXPECT_EQ(res.result_int(), 429u);
}

TEST_F(OAuthTest, RevokedClientGetsNoToken) {
  ASSERT_EQ(Cli({"client", "revoke", "--client-id", partner_id_}).exit_code, 0);
  auto res = OktaToken("grant_type=client_credentials&scope=partnerId:acme%20role:partnerIdAdmin");
  EXPECT_EQ(res.result_int(), 401u);
}

TEST_F(OAuthTest, KeycloakPasswordGrantCarriesRolesAndAttributes) {
  for (std::string prefix : {"", "/auth"}) {
    auto res = Token(RealmPath(prefix),
                     "grant_type=password&client_id=obp-apigw&client_secret=" + realm_secret_ +
                         "&username=csr1&password=correct%20horse");
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    EXPECT_EQ(res["Cache-Control"], "no-store");
    auto body = JsonOf(res);
    EXPECT_EQ(body.at("expires_in"), 3600);
    EXPECT_EQ(body.at("refresh_expires_in"), 1800);
    EXPECT_EQ(body.at("token_type"), "Bearer");
    EXPECT_NE(body.at("scope").as_string().find("obp-apigw:write"), std::string::npos);
    auto claims = ClaimsOf(std::string(body.at("access_token").as_string()));
    EXPECT_EQ(S(claims.at("iss")),
              "http://127.0.0.1:" + std::to_string(server_.port()) + "/realms/optiva");
    EXPECT_EQ(claims.at("typ"), "Bearer");
    EXPECT_EQ(claims.at("azp"), "obp-apigw");
    EXPECT_EQ(claims.at("preferred_username"), "csr1");
    EXPECT_EQ(claims.at("realm_access").at("roles").at(0), "csr-all-operations");
    EXPECT_EQ(claims.at("availableSpids").as_array().size(), 2u);
    EXPECT_EQ(claims.at("allowCsrToManageCreditLimit"), "True");
  }
}

TEST_F(OAuthTest, KeycloakRefreshTokenGrant) {
  auto first = JsonOf(
      Token(RealmPath(), "grant_type=password&client_id=obp-apigw&client_secret=" + realm_secret_ +
                             "&username=csr1&password=correct%20horse"));
  std::string refresh(first.at("refresh_token").as_string());
  EXPECT_EQ(ClaimsOf(refresh).at("typ"), "Refresh");
  auto again = Token(RealmPath(), "grant_type=refresh_token&client_id=obp-apigw&client_secret=" +
                                      realm_secret_ + "&refresh_token=" + refresh);
  ASSERT_EQ(again.result_int(), 200u) << again.body();
  EXPECT_EQ(ClaimsOf(std::string(JsonOf(again).at("access_token").as_string())).at("sub"),
            ClaimsOf(refresh).at("sub"));
  // An access token is not a refresh token.
  std::string access(first.at("access_token").as_string());
  auto misuse = Token(RealmPath(), "grant_type=refresh_token&client_id=obp-apigw&client_secret=" +
                                       realm_secret_ + "&refresh_token=" + access);
  EXPECT_EQ(misuse.result_int(), 400u);
  EXPECT_EQ(JsonOf(misuse).at("error"), "invalid_grant");
  // A disabled user's session ends.
  ASSERT_EQ(Cli({"user", "disable", "--realm", "optiva", "--username", "csr1"}).exit_code, 0);
  auto ended = Token(RealmPath(), "grant_type=refresh_token&client_id=obp-apigw&client_secret=" +
                                      realm_secret_ + "&refresh_token=" + refresh);
  EXPECT_EQ(ended.result_int(), 400u);
}

TEST_F(OAuthTest, KeycloakClientCredentialsIsAServiceAccount) {
  auto res = Token(RealmPath(), "grant_type=client_credentials",
                   {{"Content-Type", "application/x-www-form-urlencoded"},
                    {"Authorization", Basic("obp-apigw", realm_secret_)}});
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto body = JsonOf(res);
  EXPECT_FALSE(body.as_object().contains("refresh_token"));
  auto claims = ClaimsOf(std::string(body.at("access_token").as_string()));
  EXPECT_EQ(claims.at("preferred_username"), "service-account-obp-apigw");
  EXPECT_EQ(claims.at("realm_access").at("roles").at(0), "1:customer:get");
}

TEST_F(OAuthTest, KeycloakErrors) {
  auto bad_password =
      Token(RealmPath(), "grant_type=password&client_id=obp-apigw&client_secret=" + realm_secret_ +
                             "&username=csr1&password=nope");
  EXPECT_EQ(bad_password.result_int(), 401u);
  EXPECT_EQ(JsonOf(bad_password).at("error"), "invalid_grant");
  auto unknown_user =
      Token(RealmPath(), "grant_type=password&client_id=obp-apigw&client_secret=" + realm_secret_ +
                             "&username=ghost&password=nope");
  EXPECT_EQ(unknown_user.result_int(), 401u);
  EXPECT_EQ(JsonOf(unknown_user).at("error"), "invalid_grant");
  auto bad_client = Token(RealmPath(),
                          "grant_type=password&client_id=obp-apigw&client_secret=x"
                          "&username=csr1&password=correct%20horse");
  EXPECT_EQ(bad_client.result_int(), 401u);
  EXPECT_EQ(JsonOf(bad_client).at("error"), "invalid_client");
  auto no_secret = Token(RealmPath(),
                         "grant_type=password&client_id=obp-apigw"
                         "&username=csr1&password=correct%20horse");
  EXPECT_EQ(no_secret.result_int(), 401u);  // not a public client
  auto grant =
      Token(RealmPath(), "grant_type=implicit&client_id=obp-apigw&client_secret=" + realm_secret_);
  EXPECT_EQ(grant.result_int(), 400u);
  EXPECT_EQ(JsonOf(grant).at("error"), "unsupported_grant_type");
  auto realm =
      Token("/realms/nope/protocol/openid-connect/token",
            "grant_type=client_credentials&client_id=obp-apigw&client_secret=" + realm_secret_);
  EXPECT_EQ(realm.result_int(), 404u);
  // A partner client cannot use a Keycloak realm, nor a realm client the Okta endpoint.
  auto cross = Token("/oauth2/default/v1/token",
                     "grant_type=client_credentials&scope=partnerId:acme%20role:partnerIdAdmin",
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Authorization", Basic("obp-apigw", realm_secret_)}});
  EXPECT_EQ(cross.result_int(), 401u);
}

TEST_F(OAuthTest, DiscoveryDocuments) {
  HttpClient c(server_.port());
  const std::string base = "http://127.0.0.1:" + std::to_string(server_.port());
  for (std::string path : {"/oauth2/default/.well-known/openid-configuration",
                           "/oauth2/default/.well-known/oauth-authorization-server"}) {
    auto doc = JsonOf(c.Get(path));
    EXPECT_EQ(S(doc.at("issuer")), base + "/oauth2/default") << path;
    EXPECT_EQ(S(doc.at("token_endpoint")), base + "/oauth2/default/v1/token");
    EXPECT_EQ(S(doc.at("jwks_uri")), base + "/oauth2/default/v1/keys");
  }
  for (std::string prefix : {"", "/auth"}) {
    auto doc = JsonOf(c.Get(prefix + "/realms/optiva/.well-known/openid-configuration"));
    EXPECT_EQ(S(doc.at("issuer")), base + "/realms/optiva");
    EXPECT_EQ(S(doc.at("jwks_uri")), base + "/realms/optiva/protocol/openid-connect/certs");
    auto certs = JsonOf(c.Get(prefix + "/realms/optiva/protocol/openid-connect/certs"));
    EXPECT_FALSE(certs.at("keys").as_array().empty());
  }
  EXPECT_EQ(c.Get("/realms/nope/.well-known/openid-configuration").result_int(), 404u);
}

TEST_F(OAuthTest, RotationKeepsOldKeyPublished) {
  HttpClient c(server_.port());
  auto before = JsonOf(c.Get("/oauth2/default/v1/keys")).at("keys").as_array();
  ASSERT_EQ(before.size(), 1u);
  auto rotated = Cli({"keys", "rotate"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  std::string new_kid(boost::json::parse(rotated.out).at("kid").as_string());
  auto list = boost::json::parse(Cli({"keys", "list"}).out).as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(S(list[0].at("kid")), new_kid);
  EXPECT_TRUE(list[1].at("retiredAt").is_string());
  EXPECT_EQ(list[0].as_object().count("private_key"), 0u);
  // The running server picks the new key up (reload interval) after a restart at the latest.
  ASSERT_EQ(server_.Stop(SIGTERM), 0) << [&] {
    std::string all;
    for (auto& l : server_.Lines()) all += l + "\n";
    return all;
  }();
  ASSERT_TRUE(server_.Start(dir_.path()));
  HttpClient c2(server_.port());
  auto after = JsonOf(c2.Get("/oauth2/default/v1/keys")).at("keys").as_array();
  EXPECT_EQ(after.size(), 2u);
  auto res = OktaToken("grant_type=client_credentials&scope=partnerId:acme%20role:partnerIdAdmin");
  EXPECT_EQ(S(HeaderOf(std::string(JsonOf(res).at("access_token").as_string())).at("kid")),
            new_kid);
}

TEST(OAuthKeysTest, EncryptedKeysNeedThePassphrase) {
  TempDir dir;
  const std::string db = DbUrlOf(dir.path());  // the harness default
  auto rotated = RunIspcloud({"keys", "rotate", "--db", db},
                             {{"ISPCLOUD_KEY_ENCRYPTION_KEY", "s3cret-passphrase"}});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  auto list = boost::json::parse(RunIspcloud({"keys", "list", "--db", db}).out).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("encrypted"), true);
  // Without the passphrase the server refuses to start rather than mint new keys.
  auto no_key = RunIspcloud({"serve", "--listen", "127.0.0.1:0", "--db", db});
  EXPECT_EQ(no_key.exit_code, 1);
  EXPECT_NE(no_key.err.find("key_encryption_key"), std::string::npos) << no_key.err;
  auto wrong = RunIspcloud({"serve", "--listen", "127.0.0.1:0", "--db", db},
                           {{"ISPCLOUD_KEY_ENCRYPTION_KEY", "wrong"}});
  EXPECT_EQ(wrong.exit_code, 1);
  ServerProcess server;
  ASSERT_TRUE(server.Start(dir.path(), {}, {{"ISPCLOUD_KEY_ENCRYPTION_KEY", "s3cret-passphrase"}}));
  HttpClient c(server.port());
  EXPECT_EQ(JsonOf(c.Get("/oauth2/default/v1/keys")).at("keys").as_array().size(), 1u);
}

TEST(OAuthCliTest, ClientCreateValidation) {
  TempDir dir;
  const std::string db = DbUrlOf(dir.path());
  EXPECT_EQ(RunIspcloud({"client", "create", "--db", db, "--partner", "ghost"}).exit_code, 1);
  ASSERT_EQ(RunIspcloud({"partner", "create", "--db", db, "--id", "p", "--name", "P"}).exit_code,
            0);
  EXPECT_EQ(RunIspcloud({"client", "create", "--db", db, "--partner", "p", "--ttl-minutes", "4"})
                .exit_code,
            2);
  EXPECT_EQ(RunIspcloud({"client", "create", "--db", db, "--partner", "p", "--ttl-minutes", "1441"})
                .exit_code,
            2);
  EXPECT_EQ(RunIspcloud({"client", "create", "--db", db}).exit_code, 2);
  ASSERT_EQ(
      RunIspcloud({"client", "create", "--db", db, "--realm", "r", "--client-id", "c"}).exit_code,
      0);
  EXPECT_EQ(
      RunIspcloud({"client", "create", "--db", db, "--realm", "r", "--client-id", "c"}).exit_code,
      1);  // duplicate
  auto list = RunIspcloud({"client", "list", "--db", db});
  EXPECT_EQ(list.out.find("secret"), std::string::npos) << list.out;
  EXPECT_EQ(
      RunIspcloud({"user", "create", "--db", db, "--username", "u", "--email", "u@x.io"}).exit_code,
      2);  // --password-stdin missing
  EXPECT_EQ(RunIspcloud({"user", "create", "--db", db, "--username", "u", "--email", "u@x.io",
                         "--password-stdin"},
                        {}, "short\n")
                .exit_code,
            2);
}

}  // namespace
}  // namespace ispcloud::e2e

namespace ispcloud::e2e {
namespace {

TEST(OAuthCliTest, TokenIssueMintsTokensTheServerAccepts) {
  TempDir dir;
  const std::string db = DbUrlOf(dir.path());
  ASSERT_EQ(RunIspcloud({"partner", "create", "--db", db, "--id", "p", "--name", "P"}).exit_code,
            0);
  auto client =
      boost::json::parse(RunIspcloud({"client", "create", "--db", db, "--partner", "p"}).out);
  std::string client_id(client.at("client_id").as_string());
  ASSERT_EQ(
      RunIspcloud({"client", "create", "--db", db, "--realm", "r", "--client-id", "svc"}).exit_code,
      0);
  ServerProcess server;
  ASSERT_TRUE(server.Start(dir.path()));
  // The CLI must name the same public URL as the server for the issuer to match.
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  auto issued = RunIspcloud({"token", "issue", "--db", db, "--client-id", "svc"},
                            {{"ISPCLOUD_PUBLIC_URL", url}});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  std::string token(boost::json::parse(issued.out).at("access_token").as_string());
  HttpClient c(server.port());
  auto res = c.Send(beast_http::verb::get, "/realms/r/protocol/openid-connect/userinfo", "",
                    {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("preferred_username"), "service-account-svc");

  auto partner = RunIspcloud({"token", "issue", "--db", db, "--client-id", client_id},
                             {{"ISPCLOUD_PUBLIC_URL", url}});
  ASSERT_EQ(partner.exit_code, 0) << partner.err;
  EXPECT_EQ(boost::json::parse(partner.out).at("scope"), "partnerId:p role:partnerIdAdmin");

  EXPECT_EQ(RunIspcloud({"token", "issue", "--db", db, "--client-id", "ghost"}).exit_code, 1);
  ASSERT_EQ(RunIspcloud({"client", "revoke", "--db", db, "--client-id", "svc"}).exit_code, 0);
  EXPECT_EQ(RunIspcloud({"token", "issue", "--db", db, "--client-id", "svc"}).exit_code, 1);
}

}  // namespace
}  // namespace ispcloud::e2e
