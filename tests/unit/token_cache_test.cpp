// TokenVerifier's verified-token cache: a reused token skips the signature check, but every use
// re-checks exp and nbf against the clock and that the key which verified it is still trusted.

#include <gtest/gtest.h>

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
using test_support::UnixSeconds;

constexpr std::string_view kIdp = "https://kc.example.test/realms/corp";
constexpr std::string_view kIdpJwks = "https://kc.example.test/realms/corp/certs";
const TimePoint kStart = TimePoint(std::chrono::seconds(1767225600));  // 2026-01-01

ExternalIssuersOptions QuickRefetch() {
  ExternalIssuersOptions options;
  options.refetch_cooldown = 1s;
  options.max_age = 30s;  // the key set is refetched on the first use after 30 s
  return options;
}

class TokenCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { http_.Respond(std::string(kIdpJwks), Answer(JwksOf({&key_}))); }
  boost::json::object Claims() { return TokenClaims(kIdp, "account", clock_.Now()); }
  Result<std::shared_ptr<const Principal>> Verify(const std::string& token) {
    return stack_.Verify(token);
  }
  // An access token of this server's own Okta-style issuer, signed with its current key.
  std::string OwnToken() {
    const int64_t now = UnixSeconds(clock_.Now());
    boost::json::object claims{
        {"iss", stack_.tokens().OktaIssuer()},
        {"aud", "api://default"},
        {"sub", "client-1"},
        {"iat", now},
        {"exp", now + 600},
        {"scp", boost::json::array{"partnerId:acme", "role:partnerIdAdmin"}}};
    return Sign(stack_.OwnKeys()->signing(), claims);
  }

  FakeClock clock_{kStart};
  http::FakeHttpClient http_;
  jose::Key key_ = IdpKey("kc-1");
  test_support::VerifierStack stack_{
      {{std::string(kIdp), std::string(kIdpJwks), "account", "keycloak"}},
      http_,
      clock_,
      QuickRefetch(),
      /*cache_capacity=*/4};
};

TEST_F(TokenCacheTest, ReuseIsServedFromTheCacheUntilExpiry) {
  const std::string token = Sign(key_, Claims());  // exp = now + 300 s
  auto first = Verify(token);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(stack_.verifier().CacheSize(), 1u);
  clock_.Advance(299s);
  auto again = Verify(token);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(first->get(), again->get());  // the cached principal, no new verification
  clock_.Advance(1s);
  // At exp the cached entry is dropped; the full check then refuses the token (within its
  // 60 s leeway it would still verify, so move past it).
  clock_.Advance(61s);
  ExpectRefused(Verify(token), "expired");
  EXPECT_EQ(stack_.verifier().CacheSize(), 0u);
}

TEST_F(TokenCacheTest, NotBeforeIsCheckedOnEveryUse) {
  boost::json::object claims = Claims();
  claims["nbf"] = UnixSeconds(clock_.Now());
  const std::string token = Sign(key_, claims);
  ASSERT_TRUE(Verify(token).ok());
  // The clock is stepped back well before nbf (minus the leeway): the cached token must not be
  // accepted where a fresh verification would refuse it.
  clock_.Set(kStart - 120s);
  ExpectRefused(Verify(token), "not valid before");
  clock_.Set(kStart);
  EXPECT_TRUE(Verify(token).ok());
}

TEST_F(TokenCacheTest, AKeyRemovedFromTheIssuersKeySetDropsItsCachedTokens) {
  jose::Key next = IdpKey("kc-2");
  // The first fetch serves kc-1, the next one (after 30 s) only kc-2: kc-1 is withdrawn.
  http_.Respond(std::string(kIdpJwks), Answer(JwksOf({&next})));
  const std::string token = Sign(key_, Claims());
  ASSERT_TRUE(Verify(token).ok());
  clock_.Advance(31s);  // the key set is due for a refetch on its next use
  ExpectRefused(Verify(token), "kid");
  EXPECT_EQ(stack_.verifier().CacheSize(), 0u);
}

TEST_F(TokenCacheTest, AKeyReplacedUnderTheSameKidDropsItsCachedTokens) {
  jose::Key impostor = IdpKey("kc-1");  // a different key pair published under the same kid
  http_.Respond(std::string(kIdpJwks), Answer(JwksOf({&impostor})));  // the second fetch's
  const std::string token = Sign(key_, Claims());
  ASSERT_TRUE(Verify(token).ok());
  clock_.Advance(31s);
  ExpectRefused(Verify(token), "signature");
}

TEST_F(TokenCacheTest, ARefetchedKeySetWithTheSameKeyKeepsTheCachedPrincipal) {
  const std::string token = Sign(key_, Claims());
  auto first = Verify(token);
  ASSERT_TRUE(first.ok());
  const int fetches = http_.CallCount(kIdpJwks);
  clock_.Advance(31s);
  auto again = Verify(token);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(http_.CallCount(kIdpJwks), fetches + 1);  // the key set was fetched again...
  EXPECT_EQ(first->get(), again->get());              // ...and the cache entry survived it
}

TEST_F(TokenCacheTest, OwnTokensSurviveAReloadOfAnUnchangedKeySet) {
  const std::string token = OwnToken();
  auto first = Verify(token);
  ASSERT_TRUE(first.ok()) << first.error().message;
  clock_.Advance(31s);  // past KeyStore's reload interval: a new snapshot of the same keys
  auto again = Verify(token);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(first->get(), again->get());
}

TEST_F(TokenCacheTest, TheCacheIsBoundedAndEvictsExpiredEntriesFirst) {
  auto token = [this](int i) {
    boost::json::object claims = Claims();
    claims["jti"] = "t" + std::to_string(i);
    return Sign(key_, claims);
  };
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(Verify(token(i)).ok());
  EXPECT_EQ(stack_.verifier().CacheSize(), 4u);  // full (capacity 4 in this fixture)
  ASSERT_TRUE(Verify(token(4)).ok());            // nothing expired: the cache starts over
  EXPECT_EQ(stack_.verifier().CacheSize(), 1u);
  for (int i = 5; i < 7; ++i) ASSERT_TRUE(Verify(token(i)).ok());
  clock_.Advance(200s);
  ASSERT_TRUE(Verify(token(8)).ok());  // full again, with three entries expiring before it
  EXPECT_EQ(stack_.verifier().CacheSize(), 4u);
  clock_.Advance(101s);
  ASSERT_TRUE(Verify(token(9)).ok());  // the three expired entries make room; token(8) stays
  EXPECT_EQ(stack_.verifier().CacheSize(), 2u);
}

}  // namespace
}  // namespace ispcloud::auth
