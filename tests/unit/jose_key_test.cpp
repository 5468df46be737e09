// Tests of the JOSE key layer: base64url, key generation, PEM storage and raw JWS signatures
// (including published RFC vectors).

#include <gtest/gtest.h>
#include <openssl/err.h>

#include <string>

#include "auth/jose/base64url.h"
#include "auth/jose/key.h"
#include "jose_test_support.h"

namespace ispcloud::auth::jose {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

// ---------------------------------------------------------------------------------- base64url

TEST(JoseBase64UrlTest, Rfc4648Vectors) {
  EXPECT_EQ(B64(""), "");
  EXPECT_EQ(B64("f"), "Zg");
  EXPECT_EQ(B64("fo"), "Zm8");
  EXPECT_EQ(B64("foo"), "Zm9v");
  EXPECT_EQ(B64("foob"), "Zm9vYg");
  EXPECT_EQ(B64("fooba"), "Zm9vYmE");
  EXPECT_EQ(B64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(B64("\xfb\xff\xbf"), "-_-_");  // the two URL-safe characters
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode("-_-_"), "\xfb\xff\xbf");
  EXPECT_EQ(Base64UrlDecode(""), "");
}

TEST(JoseBase64UrlTest, RoundTripsEveryLengthAndByte) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(Base64UrlDecode(B64(bytes)), bytes) << i;
    bytes.push_back(static_cast<char>((i * 151 + 7) & 0xFF));
  }
}

TEST(JoseBase64UrlTest, StrictDecodingRefusesNonCanonicalText) {
  EXPECT_FALSE(Base64UrlDecode("Zg=="));      // padding
  EXPECT_FALSE(Base64UrlDecode("Zm8="));      // padding
  EXPECT_FALSE(Base64UrlDecode("Zm9v "));     // whitespace
  EXPECT_FALSE(Base64UrlDecode("Zm\n9v"));    // line break
  EXPECT_FALSE(Base64UrlDecode("+/+/"));      // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));     // length 1 mod 4
  EXPECT_FALSE(Base64UrlDecode("Zm9vA"));     // length 1 mod 4, zero bits
  EXPECT_FALSE(Base64UrlDecode("Zh"));        // non-zero trailing bits (4 unused)
  EXPECT_FALSE(Base64UrlDecode("Zm9"));       // non-zero trailing bits (2 unused)
  EXPECT_TRUE(Base64UrlDecode("Zm8"));        // the canonical encoding of "fo"
  EXPECT_FALSE(Base64UrlDecode("Zm9v\xc3"));  // non-ASCII
  EXPECT_FALSE(Base64UrlDecode(std::string_view("Zm\0v", 4)));
}

// ------------------------------------------------------------------------------- algorithms

TEST(JoseKeyTest, AlgNamesAreExact) {
  for (Alg alg : kAllAlgs) EXPECT_EQ(ParseAlg(AlgName(alg)), alg);
  EXPECT_EQ(AlgName(Alg::kEdDSA), "EdDSA");
  for (const char* name : {"none", "None", "HS256", "RS512", "PS256", "es256", "ES256 ", ""}) {
    EXPECT_FALSE(ParseAlg(name)) << name;
  }
}

// --------------------------------------------------------------------- generation and signing

TEST(JoseKeyTest, SignVerifyRoundTripForEveryAlg) {
  for (Alg alg : kAllAlgs) {
    SCOPED_TRACE(std::string(AlgName(alg)));
    const Key& key = TestKey(alg);
    EXPECT_EQ(key.alg(), alg);
    EXPECT_TRUE(key.has_private());
    Result<std::string> sig = key.Sign("header.payload");
    ASSERT_TRUE(sig.ok()) << sig.error().message;
    EXPECT_EQ(sig->size(), alg == Alg::kRS256 ? 256u : 64u);
    EXPECT_TRUE(key.Verify("header.payload", *sig));
    EXPECT_FALSE(key.Verify("header.payloaD", *sig));
    std::string tampered = *sig;
    tampered[tampered.size() / 2] ^= 0x01;
    EXPECT_FALSE(key.Verify("header.payload", tampered));
    EXPECT_FALSE(key.Verify("header.payload", ""));
    EXPECT_FALSE(key.Verify("header.payload", sig->substr(1)));
    EXPECT_FALSE(key.Verify("header.payload", *sig + '\0'));
  }
}

TEST(JoseKeyTest, SignatureOfOneKeyDoesNotVerifyUnderAnother) {
  Result<Key> other = Key::Generate(Alg::kES256, "es-2");
  ASSERT_TRUE(other.ok());
  Result<std::string> sig = TestKey(Alg::kES256).Sign("input");
  ASSERT_TRUE(sig.ok());
  EXPECT_FALSE(other->Verify("input", *sig));
  // Same-length signatures across algorithms never cross over either.
  Result<std::string> ed_sig = TestKey(Alg::kEdDSA).Sign("input");
  ASSERT_TRUE(ed_sig.ok());
  EXPECT_FALSE(TestKey(Alg::kES256).Verify("input", *ed_sig));
}

TEST(JoseKeyTest, GenerateChecksKid) {
  EXPECT_FALSE(Key::Generate(Alg::kES256, "").ok());
  EXPECT_FALSE(Key::Generate(Alg::kES256, std::string(257, 'k')).ok());
  EXPECT_TRUE(Key::Generate(Alg::kES256, std::string(256, 'k')).ok());
}

TEST(JoseKeyTest, Es256RefusesZeroAndOutOfRangeScalars) {
  const Key& key = TestKey(Alg::kES256);
  EXPECT_FALSE(key.Verify("input", std::string(64, '\0')));  // r = s = 0 ("psychic signature")
  // r = s = n, the order of P-256, which must be refused as >= n.
  std::string n = FromHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
  ASSERT_EQ(n.size(), 32u);
  EXPECT_FALSE(key.Verify("input", n + n));
  // Truncated and padded signatures are refused before any arithmetic.
  Result<std::string> sig = key.Sign("input");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(key.Verify("input", *sig));
  EXPECT_FALSE(key.Verify("input", sig->substr(0, 63)));
  EXPECT_FALSE(key.Verify("input", *sig + '\0'));
}

TEST(JoseKeyTest, MovedFromKeyIsInert) {
  Result<Key> key = Key::Generate(Alg::kEdDSA, "moved");
  ASSERT_TRUE(key.ok());
  Key target = std::move(*key);
  Result<std::string> sig = target.Sign("x");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(target.Verify("x", *sig));
  EXPECT_FALSE(key->Verify("x", *sig));  // NOLINT(bugprone-use-after-move): intended
  EXPECT_FALSE(key->Sign("x").ok());     // NOLINT(bugprone-use-after-move): intended
}

// ------------------------------------------------------------------------------------- PEM

TEST(JoseKeyTest, PrivatePemRoundTripForEveryAlg) {
  for (Alg alg : kAllAlgs) {
    SCOPED_TRACE(std::string(AlgName(alg)));
    const Key& key = TestKey(alg);
    Result<std::string> pem = key.PrivatePem();
    ASSERT_TRUE(pem.ok()) << pem.error().message;
    EXPECT_EQ(pem->rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u) << *pem;
    Result<Key> loaded = Key::FromPrivatePem(*pem, alg, "reloaded");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loaded->kid(), "reloaded");
    EXPECT_EQ(loaded->alg(), alg);
    EXPECT_TRUE(loaded->has_private());
    Result<std::string> sig = loaded->Sign("stored");
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(key.Verify("stored", *sig));
  }
}

TEST(JoseKeyTest, PemOfTheWrongKeyTypeIsRefused) {
  const std::pair<Alg, Alg> cases[] = {
      {Alg::kRS256, Alg::kES256}, {Alg::kRS256, Alg::kEdDSA}, {Alg::kES256, Alg::kRS256},
      {Alg::kES256, Alg::kEdDSA}, {Alg::kEdDSA, Alg::kES256}, {Alg::kEdDSA, Alg::kRS256},
  };
  for (const auto& [actual, claimed] : cases) {
    SCOPED_TRACE(std::string(AlgName(actual)) + " key loaded as " + std::string(AlgName(claimed)));
    Result<Key> key = Key::FromPrivatePem(*TestKey(actual).PrivatePem(), claimed, "k");
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(key.error().message.find("cannot be used with " + std::string(AlgName(claimed))),
              std::string::npos)
        << key.error().message;
  }
  EXPECT_FALSE(Key::FromPrivatePem(*TestKey(Alg::kES256).PrivatePem(), Alg::kES256, "").ok());
}

TEST(JoseKeyTest, PemRefusesWeakRsaOtherCurvesEncryptionAndGarbage) {
  PkeyOwner rsa1024 = Rsa1024();
  ASSERT_TRUE(rsa1024);
  Result<Key> weak = Key::FromPrivatePem(RawPrivatePem(rsa1024.get()), Alg::kRS256, "k");
  ASSERT_FALSE(weak.ok());
  EXPECT_NE(weak.error().message.find("1024 bits"), std::string::npos) << weak.error().message;

  PkeyOwner p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"), &EVP_PKEY_free);
  ASSERT_TRUE(p384);
  EXPECT_FALSE(Key::FromPrivatePem(RawPrivatePem(p384.get()), Alg::kES256, "k").ok());

  // Encrypted PEM is refused outright (no passphrase prompt on the terminal).
  PkeyOwner p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  ASSERT_TRUE(p256);
  std::string encrypted = RawPrivatePem(p256.get(), EVP_aes_256_cbc(), "secret");
  ASSERT_NE(encrypted.find("ENCRYPTED"), std::string::npos);
  EXPECT_FALSE(Key::FromPrivatePem(encrypted, Alg::kES256, "k").ok());
  EXPECT_TRUE(Key::FromPrivatePem(RawPrivatePem(p256.get()), Alg::kES256, "k").ok());

  EXPECT_FALSE(Key::FromPrivatePem("", Alg::kES256, "k").ok());
  EXPECT_FALSE(Key::FromPrivatePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                                   Alg::kES256, "k")
                   .ok());
}

TEST(JoseKeyTest, PemOverSizeLimitIsRefused) {
  std::string pem = *TestKey(Alg::kES256).PrivatePem();
  EXPECT_TRUE(Key::FromPrivatePem(pem + std::string(60 * 1024, '\n'), Alg::kES256, "k").ok());
  Result<Key> big = Key::FromPrivatePem(pem + std::string(64 * 1024, '\n'), Alg::kES256, "k");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("64 KiB"), std::string::npos) << big.error().message;
}

// OpenSSL's error queue is per thread and shared with TLS: nothing may be left in it.
TEST(JoseKeyTest, LeavesNoOpensslErrorsBehind) {
  ERR_clear_error();
  auto clean = [](const char* step) {
    unsigned long e = ERR_peek_error();
    EXPECT_EQ(e, 0u) << step << " left " << ERR_error_string(e, nullptr);
    ERR_clear_error();
  };
  for (Alg alg : kAllAlgs) {
    const Key& key = TestKey(alg);
    std::string pem = *key.PrivatePem();
    clean("PrivatePem");
    EXPECT_TRUE(Key::FromPrivatePem(pem, alg, "k").ok());
    clean("FromPrivatePem");
    Alg other = alg == Alg::kES256 ? Alg::kRS256 : Alg::kES256;
    EXPECT_FALSE(Key::FromPrivatePem(pem, other, "k").ok());
    clean("FromPrivatePem wrong type");
    EXPECT_TRUE(Key::FromJwk(key.PublicJwk()).ok());
    clean("FromJwk");
    std::string sig = *key.Sign("x");
    clean("Sign");
    EXPECT_TRUE(key.Verify("x", sig));
    clean("Verify");
    EXPECT_FALSE(key.Verify("y", sig));
    clean("Verify bad");
    EXPECT_FALSE(key.Verify("x", std::string(sig.size(), '\0')));
    clean("Verify zero");
  }
  EXPECT_FALSE(Key::FromPrivatePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                                   Alg::kES256, "k")
                   .ok());
  clean("FromPrivatePem garbage");
  PkeyOwner p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  EXPECT_FALSE(
      Key::FromPrivatePem(RawPrivatePem(p256.get(), EVP_aes_256_cbc(), "pw"), Alg::kES256, "k")
          .ok());
  clean("FromPrivatePem encrypted");
  boost::json::object off = TestKey(Alg::kES256).PublicJwk();
  off["y"] = off["x"];
  EXPECT_FALSE(Key::FromJwk(off).ok());
  clean("FromJwk off curve");
}

TEST(JoseKeyTest, PublicKeyCannotSignOrExportPem) {
  Result<Key> pub = Key::FromJwk(TestKey(Alg::kES256).PublicJwk());
  ASSERT_TRUE(pub.ok());
  EXPECT_FALSE(pub->has_private());
  EXPECT_FALSE(pub->Sign("x").ok());
  EXPECT_FALSE(pub->PrivatePem().ok());
}

// ------------------------------------------------------------------- published test vectors

// RFC 7515 appendix A.2: RS256 over the "joe" claims.
TEST(JoseVectorTest, Rfc7515RsaSignatureVerifies) {
  Result<Key> key = Key::FromJwk(Obj(
      R"({"kty":"RSA","kid":"2010-12-29","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"})"));
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->alg(), Alg::kRS256);
  const std::string input =
      "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
      "LmNvbS9pc19yb290Ijp0cnVlfQ";
  const std::string sig = Unb64(
      "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
      "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb"
      "1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QO"
      "YEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw");
  EXPECT_TRUE(key->Verify(input, sig));
  EXPECT_FALSE(key->Verify(input + "x", sig));
}

// RFC 7515 appendix A.3: ES256, raw R||S (this published S happens to be "high").
TEST(JoseVectorTest, Rfc7515EcdsaSignatureVerifies) {
  Result<Key> key = Key::FromJwk(Obj(
      R"({"kty":"EC","crv":"P-256","kid":"e9bc097a","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})"));
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->alg(), Alg::kES256);
  const std::string input =
      "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
      "LmNvbS9pc19yb290Ijp0cnVlfQ";
  const std::string sig = Unb64(
      "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
  EXPECT_TRUE(key->Verify(input, sig));
  std::string flipped = sig;
  flipped[0] ^= 0x01;
  EXPECT_FALSE(key->Verify(input, flipped));
}

// RFC 8037 appendix A.4: Ed25519 is deterministic, so the signing path must reproduce it.
TEST(JoseVectorTest, Rfc8037Ed25519SignatureIsReproduced) {
  const std::string d = Unb64("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
  PkeyOwner raw(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                   reinterpret_cast<const unsigned char*>(d.data()), d.size()),
      &EVP_PKEY_free);
  ASSERT_TRUE(raw);
  Result<Key> key = Key::FromPrivatePem(RawPrivatePem(raw.get()), Alg::kEdDSA, "rfc8037");
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(Str(key->PublicJwk().at("x")), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  const std::string input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  const std::string expected =
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
  Result<std::string> sig = key->Sign(input);
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(B64(*sig), expected);
  Result<Key> pub = Key::FromJwk(key->PublicJwk());
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->Verify(input, Unb64(expected)));
}
}  // namespace
}  // namespace ispcloud::auth::jose
