#pragma once
// Shared helpers for the JOSE unit tests (jose_*_test.cpp).

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jose/base64url.h"
#include "auth/jose/jwt.h"
#include "auth/jose/key.h"
#include "core/clock.h"

namespace ispcloud::auth::jose::test_support {

inline std::string B64(std::string_view bytes) {
  return Base64UrlEncode(bytes);
}

inline std::string Unb64(std::string_view text) {
  std::optional<std::string> bytes = Base64UrlDecode(text);
  EXPECT_TRUE(bytes.has_value()) << text;
  return bytes.value_or("");
}

inline boost::json::object Obj(std::string_view json) {
  return boost::json::parse(json).as_object();
}

// Keys are expensive to generate (RSA especially): one of each per test binary, shared.
inline const Key& TestKey(Alg alg) {
  static const std::vector<Key> kKeys = [] {
    std::vector<Key> keys;
    keys.push_back(*Key::Generate(Alg::kES256, "es-1"));
    keys.push_back(*Key::Generate(Alg::kRS256, "rs-1"));
    keys.push_back(*Key::Generate(Alg::kEdDSA, "ed-1"));
    return keys;
  }();
  return kKeys[static_cast<size_t>(alg)];
}

inline std::string Str(const boost::json::value& v) {
  return std::string(v.as_string());
}

inline std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline constexpr Alg kAllAlgs[] = {Alg::kES256, Alg::kRS256, Alg::kEdDSA};

// A PEM private key produced by OpenSSL directly (not by Key), for refusal tests.
inline std::string RawPrivatePem(EVP_PKEY* pkey, const EVP_CIPHER* cipher = nullptr,
                                 const char* pass = nullptr) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  EXPECT_EQ(1, PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey, cipher, nullptr, 0, nullptr,
                                             const_cast<char*>(pass)));
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

using PkeyOwner = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

inline PkeyOwner Rsa1024() {
  return PkeyOwner(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}), &EVP_PKEY_free);
}

// ----------------------------------------------------------------------------- JWT helpers

// A fixed "now" for every JWT test: 2026-01-01T00:00:00Z.
inline constexpr int64_t kNow = 1767225600;
inline constexpr std::string_view kIssuer = "https://id.example.test/realms/isp";
inline constexpr std::string_view kAudience = "api://default";

inline TimePoint NowTime() {
  return TimePoint(std::chrono::seconds(kNow));
}

inline VerifyOptions Options() {
  VerifyOptions options;
  options.issuer = std::string(kIssuer);
  options.audiences = {std::string(kAudience)};
  options.now = NowTime();
  return options;
}

// Claims that pass every check under Options().
inline boost::json::object GoodClaims() {
  return {{"iss", kIssuer}, {"aud", kAudience}, {"sub", "user-1"},
          {"iat", kNow},    {"nbf", kNow},      {"exp", kNow + 300}};
}

// Finds the three shared test keys by kid.
inline KeyLookup Lookup() {
  return [](std::string_view kid) -> const Key* {
    for (Alg alg : kAllAlgs) {
      if (TestKey(alg).kid() == kid) return &TestKey(alg);
    }
    return nullptr;
  };
}

// A compact JWS built by hand from exact header and payload text, signed by `signer` with the
// signer's own algorithm whatever the header claims.
inline std::string Forge(std::string_view header_json, std::string_view payload_json,
                         const Key& signer) {
  std::string input = B64(header_json) + "." + B64(payload_json);
  Result<std::string> sig = signer.Sign(input);
  EXPECT_TRUE(sig.ok());
  return input + "." + B64(sig.ok() ? *sig : std::string());
}

inline std::string Serialize(const boost::json::object& o) {
  return boost::json::serialize(o);
}

inline Result<VerifiedJwt> Verify(std::string_view token,
                                  const VerifyOptions& options = Options()) {
  return VerifyJwt(token, Lookup(), options);
}

// Asserts a refusal with api_code invalid_token whose message contains `why`.
inline void ExpectInvalid(const Result<VerifiedJwt>& r, std::string_view why) {
  ASSERT_FALSE(r.ok()) << "accepted; expected refusal for: " << why;
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(r.error().api_code, kInvalidTokenCode);
  EXPECT_NE(r.error().message.find(why), std::string::npos)
      << "message \"" << r.error().message << "\" lacks \"" << why << "\"";
}

inline void ExpectValid(const Result<VerifiedJwt>& r) {
  EXPECT_TRUE(r.ok()) << r.error().message;
}

}  // namespace ispcloud::auth::jose::test_support
