// End-to-end tests of bearer-token verification on resource endpoints (Keycloak userinfo and
// Okta introspection): every rejection case of the auth issue, with tokens forged by the test.
// Forgeries that must fail on claims alone are signed with the server's REAL key (read from
// its database), so only the claim checks can refuse them.

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "auth/jose/base64url.h"
#include "auth/jose/jwt.h"
#include "auth/jose/key.h"
#include "harness.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace jose = auth::jose;

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class TokenVerificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = DbUrlOf(dir_.path());
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    auto pc = boost::json::parse(Cli({"client", "create", "--partner", "acme"}).out);
    partner_client_ = std::string(pc.at("client_id").as_string());
    partner_secret_ = std::string(pc.at("client_secret").as_string());
    auto rc = Cli({"client", "create", "--realm", "optiva", "--client-id", "obp-apigw"});
    ASSERT_EQ(rc.exit_code, 0) << rc.err;
    realm_secret_ = std::string(boost::json::parse(rc.out).at("client_secret").as_string());
    auto user = RunIspcloud({"user", "create", "--db", db_, "--realm", "optiva", "--username",
                             "csr1", "--email", "csr1@isp.example", "--password-stdin"},
                            {}, "correct horse\n");
    ASSERT_EQ(user.exit_code, 0) << user.err;
    ASSERT_TRUE(server_.Start(dir_.path()));
    base_ = "http://127.0.0.1:" + std::to_string(server_.port());
    LoadServerKey();
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }

  // Reads the server's signing key from its database (stored in clear in this test).
  void LoadServerKey() {
    auto rows = SqlRows(db_, "SELECT kid, alg, private_key FROM signing_keys");
    ASSERT_FALSE(rows.empty());
    const std::string& kid = rows[0].at(0);
    const std::string& alg = rows[0].at(1);
    const std::string& pem = rows[0].at(2);
    auto key = jose::Key::FromPrivatePem(pem, jose::ParseAlg(alg).value(), kid);
    ASSERT_TRUE(key.ok()) << key.error().message;
    server_key_ = std::make_unique<jose::Key>(std::move(*key));
  }

  std::string RealmToken() {
    HttpClient c(server_.port());
    auto res = c.Send(verb::post, "/realms/optiva/protocol/openid-connect/token",
                      "grant_type=password&client_id=obp-apigw&client_secret=" + realm_secret_ +
                          "&username=csr1&password=correct%20horse",
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
    auto body = JsonOf(res);
    return std::string(body.at("access_token").as_string());
  }

  boost::json::object ValidRealmClaims() {
    return boost::json::object{{"iss", base_ + "/realms/optiva"},
                               {"aud", "account"},
                               {"sub", "someone"},
                               {"typ", "Bearer"},
                               {"azp", "obp-apigw"},
                               {"iat", Now()},
                               {"exp", Now() + 300}};
  }

  HttpResponse Userinfo(const std::string& authorization, const std::string& query = "") {
    HttpClient c(server_.port());
    std::map<std::string, std::string> h;
    if (!authorization.empty()) h["Authorization"] = authorization;
    return c.Send(verb::get, "/realms/optiva/protocol/openid-connect/userinfo" + query, "", h);
  }

  void ExpectRejected(const std::string& token, const std::string& why) {
    auto res = Userinfo("Bearer " + token);
    EXPECT_EQ(res.result_int(), 401u) << why << ": " << res.body();
    EXPECT_EQ(res["WWW-Authenticate"], "Bearer error=\"invalid_token\"") << why;
  }

  TempDir dir_;
  std::string db_, base_;
  ServerProcess server_;
  std::string partner_client_, partner_secret_, realm_secret_;
  std::unique_ptr<jose::Key> server_key_;
};

TEST_F(TokenVerificationTest, ValidRealmTokenIsAccepted) {
  auto res = Userinfo("Bearer " + RealmToken());
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("preferred_username"), "csr1");
  // A token forged with the real key and valid claims is, by construction, valid: this proves
  // the forgeries below fail only because of what they change.
  auto forged = jose::SignJwt(*server_key_, ValidRealmClaims(), "JWT");
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(Userinfo("Bearer " + *forged).result_int(), 200u);
}

TEST_F(TokenVerificationTest, MissingTokenIs401WithPlainChallenge) {
  auto res = Userinfo("");
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(res["WWW-Authenticate"], "Bearer");
  // Tokens are never taken from the query string.
  auto query = Userinfo("", "?access_token=" + RealmToken());
  EXPECT_EQ(query.result_int(), 401u);
  auto basic = Userinfo("Basic b2JwLWFwaWd3OnNlY3JldA==");
  EXPECT_EQ(basic.result_int(), 401u);
  EXPECT_EQ(basic["WWW-Authenticate"], "Bearer error=\"invalid_token\"");
}

TEST_F(TokenVerificationTest, ClaimChecks) {
  auto sign = [&](boost::json::object claims) {
    return jose::SignJwt(*server_key_, claims, "JWT").value();
  };
  auto c = ValidRealmClaims();
  c["exp"] = Now() - 120;
  ExpectRejected(sign(c), "expired beyond leeway");
  c = ValidRealmClaims();
  c.erase("exp");
  ExpectRejected(sign(c), "no exp");
  c = ValidRealmClaims();
  c["nbf"] = Now() + 600;
  ExpectRejected(sign(c), "not yet valid");
  c = ValidRealmClaims();
  c["iat"] = Now() + 600;
  ExpectRejected(sign(c), "issued in the future");
  c = ValidRealmClaims();
  c["aud"] = "someone-else";
  ExpectRejected(sign(c), "wrong audience");
  c = ValidRealmClaims();
  c["iss"] = base_ + "/realms/other";
  ExpectRejected(sign(c), "unknown realm");
  c = ValidRealmClaims();
  c["iss"] = "https://evil.example/realms/optiva";
  ExpectRejected(sign(c), "foreign issuer");
  c = ValidRealmClaims();
  c["typ"] = "Refresh";
  ExpectRejected(sign(c), "refresh token");
  c = ValidRealmClaims();
  c["typ"] = "ID";
  ExpectRejected(sign(c), "id token");
}

TEST_F(TokenVerificationTest, SignatureAndHeaderChecks) {
  std::string good = RealmToken();
  size_t dot1 = good.find('.'), dot2 = good.rfind('.');
  std::string header = good.substr(0, dot1);
  std::string payload = good.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string signature = good.substr(dot2 + 1);

  // Tampered payload, kept signature.
  auto claims = boost::json::parse(jose::Base64UrlDecode(payload).value()).as_object();
  claims["preferred_username"] = "admin";
  std::string evil_payload = jose::Base64UrlEncode(boost::json::serialize(claims));
  ExpectRejected(header + "." + evil_payload + "." + signature, "tampered payload");
  // Tampered signature.
  std::string bad_sig = signature;
  bad_sig[5] = bad_sig[5] == 'A' ? 'B' : 'A';
  ExpectRejected(header + "." + payload + "." + bad_sig, "tampered signature");
  // alg none.
  auto hdr = boost::json::parse(jose::Base64UrlDecode(header).value()).as_object();
  hdr["alg"] = "none";
  std::string none_header = jose::Base64UrlEncode(boost::json::serialize(hdr));
  ExpectRejected(none_header + "." + payload + ".", "alg none, empty signature");
  ExpectRejected(none_header + "." + payload + "." + signature, "alg none");
  // HS256 keyed with the public key (classic algorithm confusion).
  hdr["alg"] = "HS256";
  std::string hs_header = jose::Base64UrlEncode(boost::json::serialize(hdr));
  std::string secret = boost::json::serialize(server_key_->PublicJwk());
  std::string input = hs_header + "." + payload;
  unsigned char mac[32];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_len);
  ExpectRejected(
      input + "." + jose::Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), mac_len)),
      "HS256 with the public key as secret");
  // A key the server does not know, with the server's kid.
  auto stranger = jose::Key::Generate(jose::Alg::kES256, server_key_->kid()).value();
  ExpectRejected(jose::SignJwt(stranger, ValidRealmClaims(), "JWT").value(), "foreign key");
  // Embedded key and key-URL headers.
  for (const char* h : {"jku", "x5u", "jwk"}) {
    auto with = boost::json::parse(jose::Base64UrlDecode(header).value()).as_object();
    with[h] = "https://evil.example/keys";
    std::string hh = jose::Base64UrlEncode(boost::json::serialize(with));
    std::string in = hh + "." + payload;
    ExpectRejected(in + "." + jose::Base64UrlEncode(server_key_->Sign(in).value()), h);
  }
  // Garbage.
  ExpectRejected("not-a-jwt", "one part");
  ExpectRejected("a.b.c", "bad base64 json");
  ExpectRejected(std::string(12000, 'a'), "long garbage");
  EXPECT_EQ(Userinfo("Bearer " + std::string(20000, 'a')).result_int(), 431u);
}

TEST_F(TokenVerificationTest, PartnerTokenIsNotARealmToken) {
  HttpClient c(server_.port());
  auto res = c.Send(verb::post, "/oauth2/default/v1/token",
                    "grant_type=client_credentials&client_id=" + partner_client_ +
                        "&client_secret=" + partner_secret_ +
                        "&scope=partnerId:acme%20role:partnerIdAdmin",
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  std::string partner_token(JsonOf(res).at("access_token").as_string());
  ExpectRejected(partner_token, "okta token at a realm endpoint");
}

TEST_F(TokenVerificationTest, OktaIntrospection) {
  HttpClient c(server_.port());
  const std::map<std::string, std::string> form = {
      {"Content-Type", "application/x-www-form-urlencoded"}};
  const std::string creds = "client_id=" + partner_client_ + "&client_secret=" + partner_secret_;
  auto issued = c.Send(
      verb::post, "/oauth2/default/v1/token",
      "grant_type=client_credentials&" + creds + "&scope=partnerId:acme%20role:partnerIdAdmin",
      form);
  std::string token(JsonOf(issued).at("access_token").as_string());
  auto active =
      JsonOf(c.Send(verb::post, "/oauth2/default/v1/introspect", creds + "&token=" + token, form));
  EXPECT_EQ(active.at("active"), true);
  EXPECT_EQ(active.at("scope"), "partnerId:acme role:partnerIdAdmin");
  EXPECT_EQ(active.at("client_id").as_string(), partner_client_);
  auto garbage =
      JsonOf(c.Send(verb::post, "/oauth2/default/v1/introspect", creds + "&token=garbage", form));
  EXPECT_EQ(garbage.at("active"), false);
  EXPECT_EQ(garbage.as_object().size(), 1u);
  auto realm_token = JsonOf(
      c.Send(verb::post, "/oauth2/default/v1/introspect", creds + "&token=" + RealmToken(), form));
  EXPECT_EQ(realm_token.at("active"), false);
  auto unauthenticated =
      c.Send(verb::post, "/oauth2/default/v1/introspect", "token=" + token, form);
  EXPECT_EQ(unauthenticated.result_int(), 400u);
  auto wrong_secret =
      c.Send(verb::post, "/oauth2/default/v1/introspect",
             "client_id=" + partner_client_ + "&client_secret=x&token=" + token, form);
  EXPECT_EQ(wrong_secret.result_int(), 401u);
}

}  // namespace
}  // namespace ispcloud::e2e
