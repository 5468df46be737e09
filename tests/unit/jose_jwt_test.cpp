// Tests of JWT signing and of VerifyJwt's form and header checks (alg pinning, alg confusion,
// forbidden headers, malformed tokens). Claim checks are in jose_jwt_claims_test.cpp.

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <string>

#include "auth/jose/jwt.h"
#include "jose_test_support.h"

namespace ispcloud::auth::jose {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

const std::string kGoodPayload = Serialize(GoodClaims());

// The RSA test key's public half as SubjectPublicKeyInfo PEM and DER: what an attacker can fetch.
std::pair<std::string, std::string> RsaPublicPemAndDer() {
  std::string pem = *TestKey(Alg::kRS256).PrivatePem();
  std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(pem.data(), -1), &BIO_free);
  PkeyOwner pkey(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
  EXPECT_EQ(1, PEM_write_bio_PUBKEY(out.get(), pkey.get()));
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  std::string public_pem(data, static_cast<size_t>(len));
  unsigned char* der = nullptr;
  int der_len = i2d_PUBKEY(pkey.get(), &der);
  std::string public_der(reinterpret_cast<char*>(der), static_cast<size_t>(der_len));
  OPENSSL_free(der);
  return {public_pem, public_der};
}

std::string HmacSha256(std::string_view secret, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

std::string Part(std::string_view token, int index) {
  for (int i = 0; i < index; ++i) token.remove_prefix(token.find('.') + 1);
  return std::string(token.substr(0, token.find('.')));
}

// ------------------------------------------------------------------------------- round trips

TEST(JoseJwtTest, SignAndVerifyRoundTripForEveryAlg) {
  for (Alg alg : kAllAlgs) {
    SCOPED_TRACE(std::string(AlgName(alg)));
    Result<std::string> token = SignJwt(TestKey(alg), GoodClaims());
    ASSERT_TRUE(token.ok()) << token.error().message;
    Result<VerifiedJwt> verified = Verify(*token);
    ASSERT_TRUE(verified.ok()) << verified.error().message;
    EXPECT_EQ(verified->claims, GoodClaims());
    EXPECT_EQ(verified->kid, TestKey(alg).kid());
    EXPECT_EQ(Str(verified->header.at("alg")), AlgName(alg));
    EXPECT_EQ(Str(verified->header.at("typ")), "JWT");
  }
}

TEST(JoseJwtTest, SignJwtWritesTheExactHeaderAndTyp) {
  Result<std::string> token = SignJwt(TestKey(Alg::kES256), GoodClaims(), "at+jwt");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(Part(*token, 0), B64(R"({"alg":"ES256","kid":"es-1","typ":"at+jwt"})"));
  EXPECT_EQ(Part(*token, 1), B64(kGoodPayload));
  Result<std::string> untyped = SignJwt(TestKey(Alg::kEdDSA), GoodClaims(), "");
  ASSERT_TRUE(untyped.ok());
  EXPECT_EQ(Part(*untyped, 0), B64(R"({"alg":"EdDSA","kid":"ed-1"})"));
  ExpectValid(Verify(*untyped));
  Result<Key> public_only = Key::FromJwk(TestKey(Alg::kES256).PublicJwk());
  ASSERT_TRUE(public_only.ok());
  EXPECT_FALSE(SignJwt(*public_only, GoodClaims()).ok());
}

// Tokens assembled by hand (not by SignJwt) check the encoding paths independently.
TEST(JoseJwtTest, HandBuiltTokensVerify) {
  const std::string payload =
      R"({"iss":"https://id.example.test/realms/isp","aud":["other","api://default"],)"
      R"("exp":1767225900,"sub":"svc"})";
  ExpectValid(
      Verify(Forge(R"({"alg":"RS256","kid":"rs-1","typ":"JWT"})", payload, TestKey(Alg::kRS256))));
  ExpectValid(Verify(
      Forge(R"({"typ":"at+jwt","kid":"es-1","alg":"ES256"})", payload, TestKey(Alg::kES256))));
  ExpectValid(Verify(Forge(R"({"alg":"EdDSA","kid":"ed-1"})", payload, TestKey(Alg::kEdDSA))));
}

TEST(JoseJwtTest, VerifiesWithKeysImportedFromAJwks) {
  boost::json::array keys;
  for (Alg alg : kAllAlgs) keys.push_back(TestKey(alg).PublicJwk());
  Result<std::vector<Key>> jwks = Key::ParseJwks(boost::json::object{{"keys", keys}});
  ASSERT_TRUE(jwks.ok());
  KeyLookup lookup = [&](std::string_view kid) -> const Key* {
    for (const Key& k : *jwks) {
      if (k.kid() == kid) return &k;
    }
    return nullptr;
  };
  for (Alg alg : kAllAlgs) {
    Result<std::string> token = SignJwt(TestKey(alg), GoodClaims());
    ASSERT_TRUE(token.ok());
    Result<VerifiedJwt> verified = VerifyJwt(*token, lookup, Options());
    EXPECT_TRUE(verified.ok()) << verified.error().message;
  }
}

// ----------------------------------------------------------------------------- alg attacks

TEST(JoseJwtTest, AlgNoneIsRefusedWithEmptyOrNonEmptySignature) {
  std::string unsigned_token =
      B64(R"({"alg":"none","kid":"es-1","typ":"JWT"})") + "." + B64(kGoodPayload) + ".";
  ExpectInvalid(Verify(unsigned_token), "signature is empty");
  for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
    std::string header = std::string(R"({"alg":")") + alg + R"(","kid":"es-1"})";
    ExpectInvalid(Verify(Forge(header, kGoodPayload, TestKey(Alg::kES256))),
                  std::string("alg \"") + alg + "\" is not accepted");
  }
}

// The classic confusion: HS256 keyed with the RSA public key, which the attacker knows.
TEST(JoseJwtTest, HmacKeyedWithTheRsaPublicKeyIsRefused) {
  auto [pem, der] = RsaPublicPemAndDer();
  ASSERT_EQ(pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  const std::string jwk_n = Str(TestKey(Alg::kRS256).PublicJwk().at("n"));
  for (const std::string& secret : {pem, der, jwk_n}) {
    for (const char* alg : {"HS256", "HS384", "HS512"}) {
      std::string input = B64(std::string(R"({"alg":")") + alg + R"(","kid":"rs-1","typ":"JWT"})") +
                          "." + B64(kGoodPayload);
      std::string token = input + "." + B64(HmacSha256(secret, input));
      ExpectInvalid(Verify(token), std::string("alg \"") + alg + "\" is not accepted");
    }
  }
}

TEST(JoseJwtTest, HeaderAlgNeverOverridesThePinnedAlg) {
  // ES256 header on the RS256 kid, signed with an ES256 key.
  ExpectInvalid(
      Verify(Forge(R"({"alg":"ES256","kid":"rs-1"})", kGoodPayload, TestKey(Alg::kES256))),
      "does not match key \"rs-1\", pinned to RS256");
  // An RS256 token presented for the EdDSA kid.
  ExpectInvalid(
      Verify(Forge(R"({"alg":"RS256","kid":"ed-1"})", kGoodPayload, TestKey(Alg::kRS256))),
      "pinned to EdDSA");
  // EdDSA header on the ES256 kid, signed by the Ed25519 key (both signatures are 64 bytes).
  ExpectInvalid(
      Verify(Forge(R"({"alg":"EdDSA","kid":"es-1"})", kGoodPayload, TestKey(Alg::kEdDSA))),
      "pinned to ES256");
  // Right alg name, wrong key material behind it: the signature check catches it.
  ExpectInvalid(Verify(Forge(R"({"alg":"RS256","kid":"rs-1"})", kGoodPayload,
                             *Key::Generate(Alg::kRS256, "rs-1"))),
                "signature does not verify");
}

TEST(JoseJwtTest, HeadersPointingAtOutsideKeysAreRefused) {
  const std::string jwk = Serialize(TestKey(Alg::kES256).PublicJwk());
  const std::pair<const char*, std::string> cases[] = {
      {"jku", R"("https://attacker.example/jwks.json")"},
      {"x5u", R"("https://attacker.example/cert.pem")"},
      {"jwk", jwk},
      {"x5c", R"(["MIIB"])"},
  };
  for (const auto& [name, value] : cases) {
    SCOPED_TRACE(name);
    std::string header =
        std::string(R"({"alg":"ES256","kid":"es-1",")") + name + "\":" + value + "}";
    ExpectInvalid(Verify(Forge(header, kGoodPayload, TestKey(Alg::kES256))),
                  std::string("carries \"") + name + "\"");
    // Refused before the key lookup: an unknown kid does not turn into a JWKS refetch.
    std::string unknown =
        std::string(R"({"alg":"ES256","kid":"nope",")") + name + "\":" + value + "}";
    ExpectInvalid(Verify(Forge(unknown, kGoodPayload, TestKey(Alg::kES256))), name);
  }
}

TEST(JoseJwtTest, CritIsRefused) {
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":"es-1","crit":["exp"],"exp":1})", kGoodPayload,
                             TestKey(Alg::kES256))),
                "crit");
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":"es-1","crit":[]})", kGoodPayload,
                             TestKey(Alg::kES256))),
                "crit");
}

TEST(JoseJwtTest, KidMustBePresentAndKnown) {
  const Key& es = TestKey(Alg::kES256);
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256"})", kGoodPayload, es)), "no kid");
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":""})", kGoodPayload, es)), "kid");
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":7})", kGoodPayload, es)), "kid");
  ExpectInvalid(Verify(Forge(R"({"kid":"es-1"})", kGoodPayload, es)), "no alg");
  ExpectInvalid(Verify(Forge(R"({"alg":["ES256"],"kid":"es-1"})", kGoodPayload, es)),
                "alg is not a string");

  Result<VerifiedJwt> unknown = Verify(Forge(R"({"alg":"ES256","kid":"es-9"})", kGoodPayload, es));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().api_code, kUnknownKidCode);
  EXPECT_NE(unknown.error().message.find("es-9"), std::string::npos);
  Result<VerifiedJwt> no_lookup = VerifyJwt(*SignJwt(es, GoodClaims()), KeyLookup(), Options());
  ASSERT_FALSE(no_lookup.ok());
  EXPECT_EQ(no_lookup.error().api_code, kUnknownKidCode);
  // A refused alg with an unknown kid is invalid_token, never unknown_kid (no refetch).
  ExpectInvalid(Verify(Forge(R"({"alg":"HS256","kid":"es-9"})", kGoodPayload, es)), "HS256");
}

// ------------------------------------------------------------------------------ form checks

TEST(JoseJwtTest, MalformedBase64IsRefused) {
  std::string token = *SignJwt(TestKey(Alg::kES256), GoodClaims());
  std::string h = Part(token, 0), p = Part(token, 1), s = Part(token, 2);
  ExpectValid(Verify(h + "." + p + "." + s));
  ExpectInvalid(Verify(h + "=." + p + "." + s), "header is not strict");
  ExpectInvalid(Verify(h + "." + p + "==." + s), "payload is not strict");
  ExpectInvalid(Verify(h + "." + p + "." + s + "="), "signature is not strict");
  ExpectInvalid(Verify(h + "." + p + "+." + s), "payload is not strict");
  ExpectInvalid(Verify(h + "." + p + "." + s.substr(0, 10) + "/" + s.substr(11)), "signature");
  ExpectInvalid(Verify(h + "." + p + "." + s + "\n"), "signature is not strict");
  ExpectInvalid(Verify(" " + h + "." + p + "." + s), "header is not strict");
  ASSERT_EQ(s.size() % 4, 2u);                                                      // 64 bytes
  ExpectInvalid(Verify(h + "." + p + "." + s + "AAA"), "signature is not strict");  // 1 mod 4
}

TEST(JoseJwtTest, HeaderAndPayloadMustBeJsonObjects) {
  const Key& es = TestKey(Alg::kES256);
  ExpectInvalid(Verify(Forge("not json", kGoodPayload, es)), "header is not valid JSON");
  ExpectInvalid(Verify(Forge(R"(["ES256","es-1"])", kGoodPayload, es)),
                "header is not a JSON object");
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":"es-1"} x)", kGoodPayload, es)),
                "header is not valid JSON");
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":"es-1",})", kGoodPayload, es)),
                "header is not valid JSON");  // trailing comma
  const std::string header = R"({"alg":"ES256","kid":"es-1"})";
  ExpectInvalid(Verify(Forge(header, "not json", es)), "payload is not valid JSON");
  ExpectInvalid(Verify(Forge(header, "[" + kGoodPayload + "]", es)),
                "payload is not a JSON object");
  ExpectInvalid(Verify(Forge(header, "\"claims\"", es)), "payload is not a JSON object");
}

TEST(JoseJwtTest, TokenMustHaveExactlyThreeNonEmptyParts) {
  std::string token = *SignJwt(TestKey(Alg::kES256), GoodClaims());
  std::string h = Part(token, 0), p = Part(token, 1), s = Part(token, 2);
  ExpectInvalid(Verify(""), "empty");
  ExpectInvalid(Verify(h), "three");
  ExpectInvalid(Verify(h + "." + p), "three");
  ExpectInvalid(Verify(token + "." + s), "three");
  ExpectInvalid(Verify(h + "." + p + "." + s + "." + s + "." + s), "three");  // JWE shape
  ExpectInvalid(Verify(".."), "header is empty");
  ExpectInvalid(Verify(h + ".." + s), "payload is empty");
  ExpectInvalid(Verify("." + p + "." + s), "header is empty");
  ExpectInvalid(Verify(h + "." + p + "."), "signature is empty");
}

TEST(JoseJwtTest, SizeLimitIsEnforcedFirst) {
  std::string token = *SignJwt(TestKey(Alg::kES256), GoodClaims());
  VerifyOptions options = Options();
  options.max_token_bytes = token.size();
  ExpectValid(Verify(token, options));
  options.max_token_bytes = token.size() - 1;
  ExpectInvalid(Verify(token, options), "over the limit");
  boost::json::object big = GoodClaims();
  big["pad"] = std::string(16 * 1024, 'x');
  ExpectInvalid(Verify(*SignJwt(TestKey(Alg::kES256), big)), "over the limit of 16384");
  ExpectInvalid(Verify(std::string(20000, '.')), "over the limit");
}

TEST(JoseJwtTest, TamperedPayloadOrSignatureIsRefused) {
  boost::json::object admin = GoodClaims();
  admin["sub"] = "admin";
  for (Alg alg : kAllAlgs) {
    SCOPED_TRACE(std::string(AlgName(alg)));
    std::string token = *SignJwt(TestKey(alg), GoodClaims());
    std::string h = Part(token, 0), p = Part(token, 1), s = Part(token, 2);
    ExpectInvalid(Verify(h + "." + B64(Serialize(admin)) + "." + s), "signature does not verify");
    std::string sig = Unb64(s);
    sig[sig.size() - 1] ^= 0x01;
    ExpectInvalid(Verify(h + "." + p + "." + B64(sig)), "signature does not verify");
  }
}

TEST(JoseJwtTest, Es256SignatureOfWrongLengthIsRefused) {
  std::string token = *SignJwt(TestKey(Alg::kES256), GoodClaims());
  std::string input = Part(token, 0) + "." + Part(token, 1);
  std::string sig = Unb64(Part(token, 2));
  ASSERT_EQ(sig.size(), 64u);
  ExpectInvalid(Verify(input + "." + B64(sig.substr(0, 63))), "signature does not verify");
  ExpectInvalid(Verify(input + "." + B64(sig + '\0')), "signature does not verify");
  ExpectInvalid(Verify(input + "." + B64(std::string(64, '\0'))), "signature does not verify");
}

TEST(JoseJwtTest, TypHeaderIsChecked) {
  const Key& es = TestKey(Alg::kES256);
  for (const char* typ : {"refresh", "Refresh", "ID", "JWS", "id+jwt", "", "application/jwt/x"}) {
    std::string header = std::string(R"({"alg":"ES256","kid":"es-1","typ":")") + typ + "\"}";
    ExpectInvalid(Verify(Forge(header, kGoodPayload, es)), "typ");
  }
  for (const char* typ : {"JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt", "Bearer"}) {
    std::string header = std::string(R"({"alg":"ES256","kid":"es-1","typ":")") + typ + "\"}";
    ExpectValid(Verify(Forge(header, kGoodPayload, es)));
  }
  ExpectInvalid(Verify(Forge(R"({"alg":"ES256","kid":"es-1","typ":1})", kGoodPayload, es)),
                "typ is not a string");
  std::string untyped = Forge(R"({"alg":"ES256","kid":"es-1"})", kGoodPayload, es);
  ExpectValid(Verify(untyped));
  VerifyOptions options = Options();
  options.typ_required = true;
  ExpectInvalid(Verify(untyped, options), "no typ");
  options.allowed_typ = {"at+jwt"};
  ExpectInvalid(Verify(*SignJwt(es, GoodClaims(), "JWT"), options), "typ \"JWT\"");
  ExpectValid(Verify(*SignJwt(es, GoodClaims(), "at+jwt"), options));
}

TEST(JoseJwtTest, UnusableOptionsRefuseEverything) {
  std::string token = *SignJwt(TestKey(Alg::kES256), GoodClaims());
  VerifyOptions options = Options();
  options.audiences.clear();
  ExpectInvalid(Verify(token, options), "audiences is empty");
  options = Options();
  options.issuer.clear();
  ExpectInvalid(Verify(token, options), "issuer is empty");
  options = Options();
  options.leeway = std::chrono::seconds(61);
  ExpectInvalid(Verify(token, options), "leeway");
  options.leeway = std::chrono::seconds(-1);
  ExpectInvalid(Verify(token, options), "leeway");
  options = Options();
  options.now = TimePoint();
  ExpectInvalid(Verify(token, options), "now is unset");
}

// ------------------------------------------------------------------------------------ peek

TEST(JosePeekTest, PeekDecodesWithoutVerifyingButChecksForm) {
  std::string token = *SignJwt(TestKey(Alg::kES256), GoodClaims());
  std::string forged = Part(token, 0) + "." + Part(token, 1) + "." + B64("not a signature");
  Result<boost::json::object> claims = PeekJwtClaims(forged, 16 * 1024);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(Str(claims->at("iss")), kIssuer);
  Result<boost::json::object> header = PeekJwtHeader(forged, 16 * 1024);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(Str(header->at("kid")), "es-1");

  Result<boost::json::object> too_big = PeekJwtClaims(token, token.size() - 1);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().api_code, kInvalidTokenCode);
  EXPECT_FALSE(PeekJwtHeader(token, token.size() - 1).ok());
  EXPECT_FALSE(PeekJwtClaims(Part(token, 0) + "." + Part(token, 1), 16 * 1024).ok());
  EXPECT_FALSE(PeekJwtClaims(Part(token, 0) + "." + Part(token, 1) + ".", 16 * 1024).ok());
  EXPECT_FALSE(
      PeekJwtClaims(Forge(R"({"alg":"ES256"})", "[]", TestKey(Alg::kES256)), 16 * 1024).ok());
  EXPECT_FALSE(PeekJwtHeader(Forge("[]", kGoodPayload, TestKey(Alg::kES256)), 16 * 1024).ok());
}

}  // namespace
}  // namespace ispcloud::auth::jose
