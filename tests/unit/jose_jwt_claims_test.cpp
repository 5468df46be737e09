// Tests of VerifyJwt's claim checks: exp, nbf, iat (with leeway), iss, aud and the typ claim.

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "auth/jose/jwt.h"
#include "jose_test_support.h"

namespace ispcloud::auth::jose {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

// A JSON string value from any string-like text.
boost::json::value J(std::string_view text) {
  return boost::json::string(text);
}

// GoodClaims() with `name` set to `value`, signed and verified.
Result<VerifiedJwt> VerifyWith(std::string_view name, boost::json::value value,
                               const VerifyOptions& options = Options()) {
  boost::json::object claims = GoodClaims();
  claims[name] = std::move(value);
  return Verify(*SignJwt(TestKey(Alg::kES256), claims), options);
}

Result<VerifiedJwt> VerifyWithout(std::string_view name) {
  boost::json::object claims = GoodClaims();
  claims.erase(name);
  return Verify(*SignJwt(TestKey(Alg::kES256), claims));
}

// ------------------------------------------------------------------------------------- exp

TEST(JoseJwtClaimsTest, ExpiredBeyondLeewayIsRefusedWithinLeewayAccepted) {
  ExpectInvalid(VerifyWith("exp", kNow - 61),
                "token expired at 2025-12-31T23:58:59.000Z (now 2026-01-01T00:00:00.000Z, "
                "leeway 60 s)");
  ExpectInvalid(VerifyWith("exp", kNow - 60), "expired");  // now < exp + leeway is strict
  ExpectValid(VerifyWith("exp", kNow - 59));
  ExpectValid(VerifyWith("exp", kNow + 1));
  VerifyOptions strict = Options();
  strict.leeway = std::chrono::seconds(0);
  ExpectInvalid(VerifyWith("exp", kNow, strict), "expired");
  ExpectValid(VerifyWith("exp", kNow + 1, strict));
  ExpectInvalid(VerifyWith("exp", kNow - 60.5), "expired");  // fractional seconds
  ExpectValid(VerifyWith("exp", kNow - 59.5));
  ExpectValid(VerifyWith("exp", kNow + 300.25));
}

TEST(JoseJwtClaimsTest, ExpIsRequiredAndNumeric) {
  ExpectInvalid(VerifyWithout("exp"), "exp is missing");
  ExpectInvalid(VerifyWith("exp", J(std::to_string(kNow + 300))), "exp is not a number");
  ExpectInvalid(VerifyWith("exp", true), "exp is not a number");
  ExpectInvalid(VerifyWith("exp", nullptr), "exp is not a number");
  ExpectInvalid(VerifyWith("exp", boost::json::array{kNow + 300}), "exp is not a number");
  ExpectValid(VerifyWith("exp", static_cast<uint64_t>(kNow + 300)));
}

TEST(JoseJwtClaimsTest, ExtremeTimesAreHandledWithoutOverflow) {
  ExpectInvalid(VerifyWith("exp", -1e300), "expired at epoch second -1e+300");
  ExpectInvalid(VerifyWith("exp", std::numeric_limits<int64_t>::min()), "expired");
  ExpectInvalid(VerifyWith("iat", 1e300), "issued in the future");
  ExpectInvalid(VerifyWith("nbf", std::numeric_limits<uint64_t>::max()), "not valid before");
  // A far-future exp is still a valid exp; bounding token lifetime is the issuer's policy.
  ExpectValid(VerifyWith("exp", 1e300));
}

// ------------------------------------------------------------------------------ nbf and iat

TEST(JoseJwtClaimsTest, NbfInTheFutureIsRefused) {
  ExpectInvalid(VerifyWith("nbf", kNow + 61), "token not valid before 2026-01-01T00:01:01.000Z");
  ExpectValid(VerifyWith("nbf", kNow + 60));
  ExpectValid(VerifyWithout("nbf"));
  ExpectInvalid(VerifyWith("nbf", "soon"), "nbf is not a number");
}

TEST(JoseJwtClaimsTest, IatInTheFutureIsRefused) {
  ExpectInvalid(VerifyWith("iat", kNow + 61), "issued in the future at 2026-01-01T00:01:01.000Z");
  ExpectValid(VerifyWith("iat", kNow + 60));
  ExpectValid(VerifyWith("iat", kNow - 86400));
  ExpectValid(VerifyWithout("iat"));
  ExpectInvalid(VerifyWith("iat", J(std::to_string(kNow))), "iat is not a number");
}

// ------------------------------------------------------------------------------------- iss

TEST(JoseJwtClaimsTest, IssuerMustMatchExactly) {
  ExpectInvalid(VerifyWith("iss", "https://evil.example/realms/isp"), "claim iss");
  ExpectInvalid(VerifyWith("iss", "HTTPS://id.example.test/realms/isp"), "claim iss");
  ExpectInvalid(VerifyWith("iss", J(std::string(kIssuer) + "/")), "claim iss");
  ExpectInvalid(VerifyWith("iss", boost::json::array{kIssuer}), "iss is not a string");
  ExpectInvalid(VerifyWithout("iss"), "iss is missing");
}

// ------------------------------------------------------------------------------------- aud

TEST(JoseJwtClaimsTest, AudienceStringOrArrayMustContainAnAcceptedOne) {
  ExpectInvalid(VerifyWith("aud", "api://other"), "claim aud \"api://other\"");
  ExpectInvalid(VerifyWith("aud", boost::json::array{"api://other", "account"}),
                "has no accepted audience");
  ExpectInvalid(VerifyWith("aud", boost::json::array{}), "has no accepted audience");
  ExpectValid(VerifyWith("aud", boost::json::array{"account", kAudience}));
  ExpectInvalid(VerifyWith("aud", boost::json::array{kAudience, 7}), "non-string");
  ExpectInvalid(VerifyWith("aud", 7), "neither a string nor an array");
  ExpectInvalid(VerifyWithout("aud"), "aud is missing");
  ExpectInvalid(VerifyWith("aud", "API://DEFAULT"), "claim aud");

  VerifyOptions two = Options();
  two.audiences = {"api://first", std::string(kAudience)};
  ExpectValid(VerifyWith("aud", J(kAudience), two));
  ExpectValid(VerifyWith("aud", boost::json::array{"x", "api://first"}, two));
}

// ------------------------------------------------------------------------------- typ claim

// Keycloak marks its tokens in a `typ` claim: "Bearer" (access), "Refresh", "ID".
TEST(JoseJwtClaimsTest, TypClaimMustBeAnAccessTokenType) {
  ExpectValid(VerifyWith("typ", "Bearer"));
  ExpectInvalid(VerifyWith("typ", "Refresh"), "claim typ \"Refresh\"");
  ExpectInvalid(VerifyWith("typ", "ID"), "claim typ \"ID\"");
  ExpectInvalid(VerifyWith("typ", "Offline"), "claim typ");
  ExpectInvalid(VerifyWith("typ", 1), "typ is not a string");
}

TEST(JoseJwtClaimsTest, ClaimsAreCheckedOnlyAfterTheSignature) {
  boost::json::object expired = GoodClaims();
  expired["exp"] = kNow - 3600;
  std::string token = *SignJwt(TestKey(Alg::kES256), expired);
  std::string forged = token.substr(0, token.rfind('.') + 1) + B64(std::string(64, '\x01'));
  ExpectInvalid(Verify(forged), "signature does not verify");
}

}  // namespace
}  // namespace ispcloud::auth::jose
