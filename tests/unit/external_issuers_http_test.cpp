// TokenVerifier against an identity provider played by the test over loopback HTTP: the test
// publishes a JWK Set on a small Beast server (127.0.0.1, port 0) and signs tokens with its own
// keys; the production BeastHttpClient fetches the keys. Covers the real fetch, key rotation,
// the audience check, the cool-down, and IdP answers that must not be trusted.
//
// (No HTTP route of the server accepts external tokens yet: userinfo and introspection only
// report tokens of this server's own issuers. Hence this integration test below the dispatcher.)

#include <gtest/gtest.h>

#include "external_idp_support.h"
#include "http/client/beast_http_client.h"
#include "http_test_server.h"

namespace ispcloud::auth {
namespace {

using namespace std::chrono_literals;
using test_support::ExpectRefused;
using test_support::IdpKey;
using test_support::JwksOf;
using test_support::Sign;
using test_support::TokenClaims;

constexpr std::string_view kCerts = "/realms/corp/protocol/openid-connect/certs";

class ExternalIssuersHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto client = http::BeastHttpClient::Create();
    ASSERT_TRUE(client.ok()) << client.error().message;
    http_ = std::move(*client);
    issuer_ = idp_.Url("/realms/corp");
    Publish({&k1_});
  }

  // Trusts the test IdP (keycloak preset, audience "account"), its JWKS at `certs`.
  std::unique_ptr<test_support::VerifierStack> Stack(std::string_view certs = kCerts,
                                                     ExternalIssuersOptions options = {}) {
    std::vector<TrustedIssuer> issuers = {{issuer_, idp_.Url(certs), "account", "keycloak"}};
    return std::make_unique<test_support::VerifierStack>(issuers, *http_, clock_, options);
  }
  void Publish(const std::vector<const jose::Key*>& keys) {
    idp_.SetRoute(std::string(kCerts), 200, "application/json", JwksOf(keys));
  }
  std::string Token(const jose::Key& key, std::string_view subject,
                    std::string_view audience = "account") {
    auto claims = TokenClaims(issuer_, audience, clock_.Now(), subject);
    claims["typ"] = "Bearer";
    claims["realm_access"] = boost::json::object{{"roles", boost::json::array{"csr"}}};
    return Sign(key, claims);
  }
  int Fetches() { return idp_.CountRequests(kCerts); }

  FakeClock clock_{SystemClock::Instance().Now()};
  http::test_support::TestHttpServer idp_;
  std::unique_ptr<http::BeastHttpClient> http_;
  std::string issuer_;
  jose::Key k1_ = IdpKey("corp-1");
  jose::Key k2_ = IdpKey("corp-2");
};

TEST_F(ExternalIssuersHttpTest, AcceptsTokensSignedWithThePublishedKey) {
  auto stack = Stack();
  auto result = stack->Verify(Token(k1_, "alice"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ((*result)->subject, "alice");
  EXPECT_EQ((*result)->issuer, issuer_);
  EXPECT_TRUE((*result)->HasRole("csr"));
  ASSERT_TRUE(stack->Verify(Token(k1_, "bob")).ok());
  EXPECT_EQ(Fetches(), 1);
  const http::Request fetched = idp_.requests().at(0).request;
  EXPECT_EQ(fetched.method(), http::beast_http::verb::get);
  EXPECT_NE(fetched[http::beast_http::field::accept].find("application/json"), std::string::npos);
}

TEST_F(ExternalIssuersHttpTest, RotatedKeyIsAcceptedAfterOneRefetch) {
  auto stack = Stack();
  ASSERT_TRUE(stack->Verify(Token(k1_, "alice")).ok());
  Publish({&k2_});  // the IdP rotates and withdraws the old key
  clock_.Advance(11s);
  auto rotated = stack->Verify(Token(k2_, "alice"));
  ASSERT_TRUE(rotated.ok()) << rotated.error().message;
  EXPECT_EQ(Fetches(), 2);
  // A new token under the withdrawn key is refused, and cannot force another fetch yet.
  ExpectRefused(stack->Verify(Token(k1_, "carol")), "no key with kid \"corp-1\"");
  EXPECT_EQ(Fetches(), 2);
}

TEST_F(ExternalIssuersHttpTest, TokenWithoutTheExpectedAudienceIsRefused) {
  auto stack = Stack();
  ExpectRefused(stack->Verify(Token(k1_, "alice", "api://default")), "accepted audience");
  ExpectRefused(stack->Verify(Token(k1_, "alice", "")), "accepted audience");
  EXPECT_EQ(Fetches(), 1);  // a claim failure never refetches
  EXPECT_TRUE(stack->Verify(Token(k1_, "alice")).ok());
}

TEST_F(ExternalIssuersHttpTest, CooldownHoldsBackTheRefetch) {
  auto stack = Stack();
  ASSERT_TRUE(stack->Verify(Token(k1_, "alice")).ok());
  Publish({&k1_, &k2_});
  clock_.Advance(9s);
  ExpectRefused(stack->Verify(Token(k2_, "alice")), "no key with kid \"corp-2\"");
  ExpectRefused(stack->Verify(Token(k2_, "bob")), "no key with kid \"corp-2\"");
  EXPECT_EQ(Fetches(), 1);
  clock_.Advance(1s);
  EXPECT_TRUE(stack->Verify(Token(k2_, "bob")).ok());
  EXPECT_EQ(Fetches(), 2);
}

TEST_F(ExternalIssuersHttpTest, UnusableAnswersAreNeverTrusted) {
  idp_.SetRoute("/error", 500, "application/json", JwksOf({&k1_}));
  idp_.SetRoute("/html", 200, "text/html", JwksOf({&k1_}));
  std::string huge = JwksOf({&k1_});
  huge.insert(huge.size() - 1, ",\"pad\":\"" + std::string(1 << 20, 'x') + "\"");
  idp_.SetRoute("/huge", 200, "application/json", huge);
  for (std::string_view path : {"/error", "/html", "/huge", "/redirect", "/status/404"}) {
    SCOPED_TRACE(path);
    auto result = Stack(path)->Verify(Token(k1_, "alice"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable) << result.error().message;
    EXPECT_EQ(idp_.CountRequests(path), 1);
  }
}

TEST_F(ExternalIssuersHttpTest, HangingIdpTimesOut) {
  ExternalIssuersOptions options;
  options.fetch_timeout = 300ms;
  auto stack = Stack("/hang", options);
  const auto started = std::chrono::steady_clock::now();
  auto result = stack->Verify(Token(k1_, "alice"));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_LT(took, 3s);
}

}  // namespace
}  // namespace ispcloud::auth
