// Tests of JWK and JWKS import and export.

#include <gtest/gtest.h>

#include <string>

#include "auth/jose/base64url.h"
#include "auth/jose/key.h"
#include "jose_test_support.h"

namespace ispcloud::auth::jose {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

// ------------------------------------------------------------------------------------- JWK

TEST(JoseJwkTest, PublicJwkShapeAndRoundTripForEveryAlg) {
  for (Alg alg : kAllAlgs) {
    SCOPED_TRACE(std::string(AlgName(alg)));
    const Key& key = TestKey(alg);
    boost::json::object jwk = key.PublicJwk();
    EXPECT_EQ(Str(jwk.at("kid")), key.kid());
    EXPECT_EQ(Str(jwk.at("alg")), AlgName(alg));
    EXPECT_EQ(Str(jwk.at("use")), "sig");
    for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
      EXPECT_FALSE(jwk.contains(secret)) << secret;
    }
    switch (alg) {
      case Alg::kRS256:
        EXPECT_EQ(Str(jwk.at("kty")), "RSA");
        EXPECT_EQ(Str(jwk.at("e")), "AQAB");
        EXPECT_EQ(Unb64(jwk.at("n").as_string()).size(), 256u);
        break;
      case Alg::kES256:
        EXPECT_EQ(Str(jwk.at("kty")), "EC");
        EXPECT_EQ(Str(jwk.at("crv")), "P-256");
        EXPECT_EQ(Unb64(jwk.at("x").as_string()).size(), 32u);
        EXPECT_EQ(Unb64(jwk.at("y").as_string()).size(), 32u);
        break;
      case Alg::kEdDSA:
        EXPECT_EQ(Str(jwk.at("kty")), "OKP");
        EXPECT_EQ(Str(jwk.at("crv")), "Ed25519");
        EXPECT_EQ(Unb64(jwk.at("x").as_string()).size(), 32u);
        break;
    }
    Result<Key> imported = Key::FromJwk(jwk);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_EQ(imported->kid(), key.kid());
    EXPECT_EQ(imported->alg(), alg);
    EXPECT_FALSE(imported->has_private());
    EXPECT_EQ(imported->PublicJwk(), jwk);
    Result<std::string> sig = key.Sign("round trip");
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(imported->Verify("round trip", *sig));
  }
}

TEST(JoseJwkTest, AlgIsInferredWhenAbsent) {
  for (Alg alg : kAllAlgs) {
    boost::json::object jwk = TestKey(alg).PublicJwk();
    jwk.erase("alg");
    jwk.erase("use");
    Result<Key> imported = Key::FromJwk(jwk);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_EQ(imported->alg(), alg);
  }
}

void ExpectRefused(const boost::json::object& jwk, std::string_view why) {
  Result<Key> key = Key::FromJwk(jwk);
  ASSERT_FALSE(key.ok()) << "accepted " << boost::json::serialize(jwk);
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(key.error().message.find(why), std::string::npos)
      << "message \"" << key.error().message << "\" lacks \"" << why << "\"";
}

TEST(JoseJwkTest, RefusesSymmetricAndMismatchedAlgorithms) {
  ExpectRefused(Obj(R"({"kty":"oct","kid":"h","k":"c2VjcmV0","alg":"HS256"})"), "private member");
  ExpectRefused(Obj(R"({"kty":"oct","kid":"h","alg":"HS256"})"), "symmetric");
  boost::json::object rsa = TestKey(Alg::kRS256).PublicJwk();
  for (const char* alg : {"HS256", "none", "RS512", "PS256", "ES256", "EdDSA", "rs256"}) {
    boost::json::object jwk = rsa;
    jwk["alg"] = alg;
    ExpectRefused(jwk, "is not accepted");
  }
  boost::json::object ec = TestKey(Alg::kES256).PublicJwk();
  ec["alg"] = "RS256";
  ExpectRefused(ec, "is not accepted");
  boost::json::object ed = TestKey(Alg::kEdDSA).PublicJwk();
  ed["alg"] = "ES256";
  ExpectRefused(ed, "is not accepted");
  ed["alg"] = 256;
  ExpectRefused(ed, "not a string");
}

TEST(JoseJwkTest, RefusesWeakOrBrokenRsa) {
  PkeyOwner rsa1024 = Rsa1024();
  ASSERT_TRUE(rsa1024);
  BIGNUM* n = nullptr;
  ASSERT_EQ(1, EVP_PKEY_get_bn_param(rsa1024.get(), "n", &n));
  std::string n_bytes(static_cast<size_t>(BN_num_bytes(n)), '\0');
  BN_bn2bin(n, reinterpret_cast<unsigned char*>(n_bytes.data()));
  BN_free(n);
  boost::json::object jwk{{"kty", "RSA"}, {"kid", "weak"}, {"n", B64(n_bytes)}, {"e", "AQAB"}};
  ExpectRefused(jwk, "1024 bits");

  boost::json::object good = TestKey(Alg::kRS256).PublicJwk();
  boost::json::object e1 = good;
  e1["e"] = B64("\x01");
  ExpectRefused(e1, "exponent");
  boost::json::object even = good;
  even["e"] = B64(std::string("\x01\x00\x00", 3));
  ExpectRefused(even, "exponent");
  boost::json::object no_n = good;
  no_n.erase("n");
  ExpectRefused(no_n, "\"n\" is missing");
  boost::json::object padded = good;
  padded["n"] = std::string(padded["n"].as_string()) + "==";
  ExpectRefused(padded, "base64url");
}

TEST(JoseJwkTest, RefusesEcPointOffTheCurveAndWrongSizes) {
  boost::json::object jwk = TestKey(Alg::kES256).PublicJwk();
  std::string y = Unb64(jwk.at("y").as_string());
  y[31] ^= 0x01;
  boost::json::object off = jwk;
  off["y"] = B64(y);
  ExpectRefused(off, "not a valid");
  boost::json::object short_x = jwk;
  short_x["x"] = B64(Unb64(jwk.at("x").as_string()).substr(1));
  ExpectRefused(short_x, "expected 32");
  boost::json::object p384 = jwk;
  p384["crv"] = "P-384";
  ExpectRefused(p384, "P-384");
  boost::json::object no_crv = jwk;
  no_crv.erase("crv");
  ExpectRefused(no_crv, "without crv");
  // The all-zero "point" (and the SEC1 encoding of infinity it stands for) is refused.
  boost::json::object zero = jwk;
  zero["x"] = B64(std::string(32, '\0'));
  zero["y"] = B64(std::string(32, '\0'));
  ExpectRefused(zero, "not a valid");
}

TEST(JoseJwkTest, RefusesOtherOkpCurves) {
  boost::json::object jwk = TestKey(Alg::kEdDSA).PublicJwk();
  jwk.erase("alg");
  for (const char* crv : {"X25519", "Ed448", "X448"}) {
    jwk["crv"] = crv;
    ExpectRefused(jwk, crv);
  }
}

TEST(JoseJwkTest, RefusesPrivateMembers) {
  for (Alg alg : kAllAlgs) {
    for (const char* member : {"d", "p", "q", "dp", "dq", "qi", "oth"}) {
      boost::json::object jwk = TestKey(alg).PublicJwk();
      jwk[member] = "AQAB";
      ExpectRefused(jwk, "private member");
    }
  }
}

TEST(JoseJwkTest, RefusesNonSignatureUseAndBadKid) {
  boost::json::object jwk = TestKey(Alg::kES256).PublicJwk();
  boost::json::object enc = jwk;
  enc["use"] = "enc";
  ExpectRefused(enc, "use \"enc\"");
  boost::json::object ops = jwk;
  ops["key_ops"] = boost::json::array{"encrypt", "wrapKey"};
  ExpectRefused(ops, "key_ops");
  ops["key_ops"] = boost::json::array{"verify"};
  EXPECT_TRUE(Key::FromJwk(ops).ok());
  boost::json::object no_kid = jwk;
  no_kid.erase("kid");
  ExpectRefused(no_kid, "without kid");
  boost::json::object empty_kid = jwk;
  empty_kid["kid"] = "";
  ExpectRefused(empty_kid, "kid must not be empty");
  boost::json::object long_kid = jwk;
  long_kid["kid"] = std::string(257, 'k');
  ExpectRefused(long_kid, "over the limit");
  boost::json::object numeric_kid = jwk;
  numeric_kid["kid"] = 7;
  ExpectRefused(numeric_kid, "not a string");
  boost::json::object no_kty = jwk;
  no_kty.erase("kty");
  ExpectRefused(no_kty, "without kty");
}

// ------------------------------------------------------------------------------------ JWKS

TEST(JoseJwksTest, SkipsUnusableKeysAndKeepsTheRest) {
  boost::json::object enc = TestKey(Alg::kRS256).PublicJwk();
  enc["use"] = "enc";
  enc["kid"] = "enc-1";
  boost::json::object hs = TestKey(Alg::kRS256).PublicJwk();
  hs["alg"] = "RS512";
  hs["kid"] = "rs512";
  boost::json::object p384 = TestKey(Alg::kES256).PublicJwk();
  p384["crv"] = "P-384";
  p384.erase("alg");
  p384["kid"] = "p384";
  boost::json::object duplicate = TestKey(Alg::kEdDSA).PublicJwk();
  duplicate["kid"] = "es-1";
  boost::json::array keys{TestKey(Alg::kES256).PublicJwk(),
                          enc,
                          Obj(R"({"kty":"oct","kid":"h","k":"c2VjcmV0"})"),
                          hs,
                          TestKey(Alg::kRS256).PublicJwk(),
                          42,
                          duplicate,
                          p384,
                          TestKey(Alg::kEdDSA).PublicJwk()};
  std::vector<std::string> skipped;
  Result<std::vector<Key>> parsed = Key::ParseJwks(boost::json::object{{"keys", keys}}, &skipped);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0].kid(), "es-1");
  EXPECT_EQ((*parsed)[0].alg(), Alg::kES256);
  EXPECT_EQ((*parsed)[1].kid(), "rs-1");
  EXPECT_EQ((*parsed)[2].kid(), "ed-1");
  ASSERT_EQ(skipped.size(), 6u);
  EXPECT_EQ(skipped[0].rfind("keys[1]: ", 0), 0u) << skipped[0];
  EXPECT_NE(skipped[4].find("repeats"), std::string::npos) << skipped[4];
  EXPECT_TRUE(Key::ParseJwks(boost::json::object{{"keys", keys}}).ok());  // no out-param
}

TEST(JoseJwksTest, MalformedDocumentIsAnError) {
  EXPECT_FALSE(Key::ParseJwks(boost::json::parse("[]")).ok());
  EXPECT_FALSE(Key::ParseJwks(boost::json::parse("{}")).ok());
  EXPECT_FALSE(Key::ParseJwks(boost::json::parse(R"({"keys":{}})")).ok());
  EXPECT_FALSE(Key::ParseJwks(boost::json::parse(R"("keys")")).ok());
  Result<std::vector<Key>> empty = Key::ParseJwks(boost::json::parse(R"({"keys":[]})"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  boost::json::array many(kMaxJwksKeys + 1, boost::json::object{});
  EXPECT_FALSE(Key::ParseJwks(boost::json::object{{"keys", many}}).ok());
}

}  // namespace
}  // namespace ispcloud::auth::jose
