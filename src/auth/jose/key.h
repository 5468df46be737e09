#pragma once
// Asymmetric JWS keys (RFC 7515/7517/7518/8037) on OpenSSL 3 EVP.
//
// A Key carries its `kid` and its algorithm, both fixed when the key is created. Verification
// always uses the key's own algorithm: a token's `alg` header can only be checked against it,
// never select it (this is what makes "alg confusion" attacks impossible). Only ES256, RS256 and
// EdDSA (Ed25519) exist here; there is no symmetric (HS*) and no "none" algorithm.
//
// Thread safety: const member functions may be called concurrently on the same Key.

#include <openssl/types.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ispcloud::auth::jose {

enum class Alg { kES256, kRS256, kEdDSA };

// The JWS name of an algorithm: "ES256", "RS256" or "EdDSA".
std::string_view AlgName(Alg alg);

// The algorithm named exactly (case-sensitive) `name`; nullopt for any other name, including
// "none", "HS256", "RS512", "PS256".
std::optional<Alg> ParseAlg(std::string_view name);

// Limits on key material accepted from outside.
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 8192;
inline constexpr size_t kMaxKidLength = 256;
inline constexpr size_t kMaxJwksKeys = 100;

class Key {
 public:
  // Generates a fresh private key with the given kid (1..256 characters): ES256 -> P-256,
  // RS256 -> 2048-bit RSA with e = 65537, EdDSA -> Ed25519.
  static Result<Key> Generate(Alg alg, std::string kid);

  // Loads a private key from PEM (PKCS#8, or a traditional RSA/EC form). Refuses encrypted PEM,
  // a key type that does not match `alg` (RSA for RS256, P-256 for ES256, Ed25519 for EdDSA),
  // RSA keys outside 2048..8192 bits, EC keys with explicit curve parameters, inconsistent key
  // pairs and PEM text over 64 KiB. The pair check costs ~30 ms for RSA (once, at load).
  static Result<Key> FromPrivatePem(std::string_view pem, Alg alg, std::string kid);

  // Imports a PUBLIC key from a JWK: kty RSA (n, e; 2048..8192 bits), EC (crv P-256, x, y; the
  // point must lie on the curve) or OKP (crv Ed25519, x). The algorithm comes from `alg` when
  // present and must agree with kty/crv; otherwise it is inferred. Refuses `oct` keys, private
  // members (d, p, q, dp, dq, qi, oth, k), `use` other than "sig", `key_ops` without "verify",
  // and a missing, empty or over-long `kid`. Errors are kInvalidArgument.
  static Result<Key> FromJwk(const boost::json::object& jwk);

  // Parses a JWK Set `{"keys":[...]}` and returns the keys usable for signature verification.
  // A key that FromJwk refuses, or whose kid repeats an earlier usable key, is skipped and, when
  // `skipped` is given, a reason is appended to it. A document that is not an object with a
  // "keys" array, or holds more than kMaxJwksKeys entries, is an error (kInvalidArgument).
  static Result<std::vector<Key>> ParseJwks(const boost::json::value& jwks,
                                            std::vector<std::string>* skipped = nullptr);

  Key(Key&&) noexcept;
  Key& operator=(Key&&) noexcept;
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  ~Key();

  // The private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), for storage.
  // Fails for a public-only key.
  Result<std::string> PrivatePem() const;

  // The public JWK: kty, crv/x/y (EC, OKP) or n/e (RSA), then kid, alg and use "sig". Never
  // contains private members. FromJwk(PublicJwk()) yields an equivalent public key.
  boost::json::object PublicJwk() const;

  const std::string& kid() const { return kid_; }
  Alg alg() const { return alg_; }
  bool has_private() const { return has_private_; }

  // The JWS signature (raw bytes, not base64url) of `signing_input` with the key's algorithm:
  // RS256 = RSASSA-PKCS1-v1_5 with SHA-256, ES256 = R||S (64 bytes), EdDSA = Ed25519 (64 bytes).
  // Fails (kInternal) for a public-only key.
  Result<std::string> Sign(std::string_view signing_input) const;

  // True only if `signature` (raw bytes) is a valid signature of `signing_input` under this key
  // and its pinned algorithm. Wrong-length signatures (ES256/EdDSA != 64 bytes, RS256 != modulus
  // size) and ECDSA R or S outside [1, n-1] are refused.
  bool Verify(std::string_view signing_input, std::string_view signature) const;

  // True when `other` has the same kid, algorithm and public key (private parts are ignored):
  // a signature that verified under one verifies under the other.
  bool SamePublicKey(const Key& other) const;

 private:
  struct PkeyFree {
    void operator()(EVP_PKEY* p) const;
  };

  Key(EVP_PKEY* pkey, Alg alg, std::string kid, bool has_private);

  std::unique_ptr<EVP_PKEY, PkeyFree> pkey_;
  std::string kid_;
  Alg alg_ = Alg::kES256;
  bool has_private_ = false;
};

}  // namespace ispcloud::auth::jose
