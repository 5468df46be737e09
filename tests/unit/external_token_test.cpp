// TokenVerifier with trusted external issuers (JWKS served by a FakeHttpClient): which tokens are
// accepted, which are refused (forgeries, alg confusion, wrong audience or issuer, non-access
// tokens), what refetches they cause, and how the presets map claims onto a Principal.

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/serialize.hpp>

#include "auth/jose/base64url.h"
#include "external_idp_support.h"
#include "http/client/fake_http_client.h"

namespace ispcloud::auth {
namespace {

using namespace std::chrono_literals;
using test_support::Answer;
using test_support::ExpectRefused;
using test_support::IdpKey;
using test_support::JwksOf;
using test_support::Sign;
using test_support::TokenClaims;

constexpr std::string_view kKeycloak = "https://kc.example.test/realms/corp";
constexpr std::string_view kKeycloakJwks = "https://kc.example.test/realms/corp/certs";
constexpr std::string_view kOkta = "https://corp.okta.example.test/oauth2/default";
constexpr std::string_view kOktaJwks = "https://corp.okta.example.test/oauth2/default/v1/keys";
const TimePoint kStart = TimePoint(std::chrono::seconds(1767225600));  // 2026-01-01

std::vector<TrustedIssuer> Issuers() {
  return {{std::string(kKeycloak), std::string(kKeycloakJwks), "account", "keycloak"},
          {std::string(kOkta), std::string(kOktaJwks), "api://corp", "okta"}};
}

std::string B64(std::string_view bytes) {
  return jose::Base64UrlEncode(bytes);
}

class ExternalTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http_.Respond(std::string(kKeycloakJwks), Answer(JwksOf({&kc_key_})));
    http_.Respond(std::string(kOktaJwks), Answer(JwksOf({&okta_key_})));
  }
  boost::json::object KeycloakClaims() { return TokenClaims(kKeycloak, "account", clock_.Now()); }
  boost::json::object OktaClaims() { return TokenClaims(kOkta, "api://corp", clock_.Now()); }
  Result<std::shared_ptr<const Principal>> Verify(const std::string& token) {
    return stack_.Verify(token);
  }
  int Fetches(std::string_view url) { return http_.CallCount(url); }

  FakeClock clock_{kStart};
  http::FakeHttpClient http_;
  jose::Key kc_key_ = IdpKey("kc-1");
  jose::Key okta_key_ = IdpKey("okta-1");
  test_support::VerifierStack stack_{Issuers(), http_, clock_};
};

TEST_F(ExternalTokenTest, ValidTokenIsAcceptedAndCached) {
  const std::string token = Sign(kc_key_, KeycloakClaims());
  auto first = Verify(token);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ((*first)->issuer, kKeycloak);
  EXPECT_EQ((*first)->subject, "user-1");
  EXPECT_EQ((*first)->preset, ClaimPreset::kKeycloak);
  auto again = Verify(token);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get());  // served from the verified-token cache
  EXPECT_EQ(Fetches(kKeycloakJwks), 1);
  EXPECT_EQ(Fetches(kOktaJwks), 0);  // each issuer's keys are fetched on its own first use
}

TEST_F(ExternalTokenTest, RotatedKeyIsAcceptedAfterOneRefetch) {
  jose::Key rotated = IdpKey("kc-2");
  http_.Respond(std::string(kKeycloakJwks), Answer(JwksOf({&kc_key_, &rotated})));
  ASSERT_TRUE(Verify(Sign(kc_key_, KeycloakClaims())).ok());
  clock_.Advance(11s);
  auto result = Verify(Sign(rotated, KeycloakClaims()));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(Fetches(kKeycloakJwks), 2);
}

TEST_F(ExternalTokenTest, FailedRefetchKeepsOldKeysAndRefusesTheUnknownKid) {
  http_.Fail(std::string(kKeycloakJwks), MakeError(ErrorCode::kUnavailable, "refused"));
  ASSERT_TRUE(Verify(Sign(kc_key_, KeycloakClaims(), "at+jwt")).ok());
  clock_.Advance(11s);
  ExpectRefused(Verify(Sign(IdpKey("kc-9"), KeycloakClaims())), "no key with kid \"kc-9\"");
  EXPECT_EQ(Fetches(kKeycloakJwks), 2);
  auto claims = KeycloakClaims();
  claims["sub"] = "user-2";  // a token not in the cache
  EXPECT_TRUE(Verify(Sign(kc_key_, claims)).ok());
}

TEST_F(ExternalTokenTest, UnreachableIdpIs503WithoutDetails) {
  http::FakeHttpClient down;
  down.Respond(std::string(kKeycloakJwks), Answer("<html>maintenance</html>", 502, "text/html"));
  test_support::VerifierStack stack(Issuers(), down, clock_);
  auto result = stack.Verify(Sign(kc_key_, KeycloakClaims()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message.find("kc.example.test"), std::string::npos)
      << "the JWKS URL must not reach clients: " << result.error().message;
}

TEST_F(ExternalTokenTest, AlgorithmConfusionIsRefusedWithoutRefetch) {
  ASSERT_TRUE(Verify(Sign(kc_key_, KeycloakClaims())).ok());
  clock_.Advance(11s);  // a refetch would be allowed: none must happen
  const std::string payload = B64(boost::json::serialize(KeycloakClaims()));
  auto header = [](std::string_view alg) {
    return B64(std::string("{\"alg\":\"") + std::string(alg) + "\",\"kid\":\"kc-1\"}");
  };
  ExpectRefused(Verify(header("none") + "." + payload + "."), "");
  ExpectRefused(Verify(header("none") + "." + payload + "." + B64("x")), "alg");
  // HS256 keyed with the public key the IdP publishes (the classic confusion attack).
  const std::string secret = boost::json::serialize(kc_key_.PublicJwk());
  const std::string input = header("HS256") + "." + payload;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_len);
  const std::string hs256 = input + "." + B64(std::string(reinterpret_cast<char*>(mac), mac_len));
  ExpectRefused(Verify(hs256), "alg");
  // RS256 claimed for the EC key, signed with an attacker's RSA key.
  jose::Key rsa = jose::Key::Generate(jose::Alg::kRS256, "kc-1").value();
  ExpectRefused(Verify(Sign(rsa, KeycloakClaims())), "does not match key");
  // The right kid and algorithm, but another key: the signature fails.
  ExpectRefused(Verify(Sign(IdpKey("kc-1"), KeycloakClaims())), "signature does not verify");
  // An embedded key never chooses the verification key.
  const std::string embedded = B64("{\"alg\":\"ES256\",\"kid\":\"kc-1\",\"jwk\":" +
                                   boost::json::serialize(kc_key_.PublicJwk()) + "}");
  ExpectRefused(Verify(embedded + "." + payload + "." + B64(std::string(64, 'x'))), "jwk");
  EXPECT_EQ(Fetches(kKeycloakJwks), 1);
}

TEST_F(ExternalTokenTest, WrongAudienceOrIssuerIsRefused) {
  auto claims = KeycloakClaims();
  claims["aud"] = "api://corp";  // the other issuer's audience
  ExpectRefused(Verify(Sign(kc_key_, claims)), "accepted audience");
  claims = KeycloakClaims();
  claims.erase("aud");
  ExpectRefused(Verify(Sign(kc_key_, claims)), "aud");
  claims = KeycloakClaims();
  claims["iss"] = std::string(kKeycloak) + "/";  // issuers match exactly
  ExpectRefused(Verify(Sign(kc_key_, claims)), "untrusted issuer");
  // One trusted IdP's key cannot vouch for another trusted issuer.
  claims = OktaClaims();
  ExpectRefused(Verify(Sign(kc_key_, claims)), "no key with kid \"kc-1\"");
  EXPECT_EQ(Fetches(kOktaJwks), 1);  // first use; the refetch is within its cool-down
  claims["exp"] = test_support::UnixSeconds(clock_.Now()) - 61;
  ExpectRefused(Verify(Sign(okta_key_, claims)), "exp");
}

TEST_F(ExternalTokenTest, OwnIssuerIsNeverDelegatedToATrustedIdp) {
  const std::string own = std::string(test_support::kOwnBase) + "/oauth2/default";
  http::FakeHttpClient http;
  http.Respond("https://evil.example.test/keys", Answer(JwksOf({&kc_key_})));
  std::vector<TrustedIssuer> issuers = {
      {own, "https://evil.example.test/keys", "api://default", "okta"}};
  test_support::VerifierStack stack(issuers, http, clock_);
  auto claims = TokenClaims(own, "api://default", clock_.Now());
  claims["scp"] = boost::json::array{"partnerId:acme", "role:partnerIdAdmin"};
  ExpectRefused(stack.Verify(Sign(kc_key_, claims)), "no key with kid \"kc-1\"");
  EXPECT_EQ(http.CallCount("https://evil.example.test/keys"), 0);
  EXPECT_TRUE(stack.Verify(Sign(stack.OwnKeys()->signing(), claims)).ok());
}

TEST_F(ExternalTokenTest, KeycloakRefreshAndIdTokensAreRefused) {
  auto claims = KeycloakClaims();
  claims["typ"] = "Refresh";
  ExpectRefused(Verify(Sign(kc_key_, claims)), "typ");
  claims["typ"] = "ID";
  ExpectRefused(Verify(Sign(kc_key_, claims)), "typ");
  claims["typ"] = "Logout";
  ExpectRefused(Verify(Sign(kc_key_, claims)), "typ");
  // Access-token values admitted by DESIGN.md.
  for (const char* typ : {"Bearer", "JWT", "at+jwt"}) {
    claims["typ"] = typ;
    EXPECT_TRUE(Verify(Sign(kc_key_, claims)).ok()) << typ;
  }
}

TEST_F(ExternalTokenTest, KeycloakPresetMapsRolesSpidsAndAttributes) {
  auto claims = KeycloakClaims();
  claims["typ"] = "Bearer";
  claims["azp"] = "crm";
  claims["preferred_username"] = "csr1";
  claims["scope"] = "openid obp-apigw:read";
  using boost::json::array;
  using boost::json::object;
  claims["realm_access"] = object{{"roles", array{"csr", "1:admin"}}};
  claims["resource_access"] = object{{"obp-apigw", object{{"roles", array{"reader"}}}},
                                     {"account", object{{"roles", array{"manage-account"}}}}};
  claims["availableSpids"] = array{"1:HappyPhone", "22:Other"};
  claims["allowCsrToManageCreditLimit"] = "True";
  claims["allowCsrToManageMonthlySpendLimit"] = "false";
  auto result = Verify(Sign(kc_key_, claims));
  ASSERT_TRUE(result.ok()) << result.error().message;
  const Principal& p = **result;
  EXPECT_EQ(p.client_id, "crm");
  EXPECT_EQ(p.username, "csr1");
  EXPECT_EQ(p.roles, (std::vector<std::string>{"csr", "1:admin", "reader", "manage-account"}));
  EXPECT_EQ(p.scopes, (std::vector<std::string>{"openid", "obp-apigw:read"}));
  EXPECT_EQ(p.spids, (std::vector<std::string>{"1", "22"}));
  EXPECT_TRUE(p.allow_csr_manage_credit_limit);
  EXPECT_FALSE(p.allow_csr_manage_monthly_spend_limit);
  EXPECT_EQ(p.expires_at, test_support::UnixSeconds(clock_.Now()) + 300);
}

TEST_F(ExternalTokenTest, OktaPresetMapsScpArrayAndScopeString) {
  auto claims = OktaClaims();
  claims["cid"] = "plume-partner";
  claims["scp"] = boost::json::array{"partnerId:acme", "role:partnerIdAdmin"};
  auto from_scp = Verify(Sign(okta_key_, claims));
  ASSERT_TRUE(from_scp.ok()) << from_scp.error().message;
  EXPECT_EQ((*from_scp)->partner_id, "acme");
  EXPECT_TRUE((*from_scp)->partner_admin);
  EXPECT_EQ((*from_scp)->client_id, "plume-partner");
  EXPECT_EQ((*from_scp)->preset, ClaimPreset::kOkta);

  claims = OktaClaims();
  claims["scope"] = "partnerId:globex role:partnerIdAdmin";
  // Keycloak role claims mean nothing under the okta preset.
  claims["realm_access"] = boost::json::object{{"roles", boost::json::array{"admin"}}};
  auto from_scope = Verify(Sign(okta_key_, claims));
  ASSERT_TRUE(from_scope.ok()) << from_scope.error().message;
  EXPECT_EQ((*from_scope)->partner_id, "globex");
  EXPECT_TRUE((*from_scope)->partner_admin);
  EXPECT_TRUE((*from_scope)->roles.empty());
}

// An external Okta token without a partnerId scope is a valid token (the Plume routes answer
// 422 PARTNER_MISSING_IN_TOKEN later); this server's own Okta tokens must carry one.
TEST_F(ExternalTokenTest, PartnerScopeIsRequiredOnlyOfOwnOktaTokens) {
  auto claims = OktaClaims();
  claims["scp"] = boost::json::array{"role:partnerIdAdmin"};
  auto external = Verify(Sign(okta_key_, claims));
  ASSERT_TRUE(external.ok()) << external.error().message;
  EXPECT_FALSE((*external)->partner_id.has_value());
  EXPECT_TRUE((*external)->partner_admin);

  const std::string own = stack_.tokens().OktaIssuer();
  auto own_claims = TokenClaims(own, "api://default", clock_.Now());
  own_claims["scp"] = boost::json::array{"role:partnerIdAdmin"};
  ExpectRefused(Verify(Sign(stack_.OwnKeys()->signing(), own_claims)), "partnerId");
}

}  // namespace
}  // namespace ispcloud::auth
