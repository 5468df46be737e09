// JWK / JWKS import and export for Key (RFC 7517, RFC 7518 §6, RFC 8037).

#include <openssl/core_names.h>

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/jose/base64url.h"
#include "auth/jose/key.h"
#include "auth/jose/key_internal.h"
#include "auth/jose/openssl_util.h"

namespace ispcloud::auth::jose {

using detail::BnPtr;
using detail::DrainOpensslErrors;
using detail::PkeyCtxPtr;
using detail::PkeyPtr;

namespace {

constexpr size_t kP256CoordBytes = 32;
constexpr size_t kEd25519KeyBytes = 32;
constexpr int kMaxRsaExponentBits = 33;
// Members that only a private (or symmetric) JWK carries.
constexpr std::array<std::string_view, 8> kPrivateMembers = {"d",  "p",  "q",   "dp",
                                                             "dq", "qi", "oth", "k"};

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// The string member `name`: nullopt if absent, an error if present but not a string.
Result<std::optional<std::string_view>> OptionalString(const boost::json::object& jwk,
                                                       std::string_view name) {
  const boost::json::value* v = jwk.if_contains(name);
  if (v == nullptr) return std::optional<std::string_view>();
  if (!v->is_string()) return Invalid("JWK member \"" + std::string(name) + "\" is not a string");
  const boost::json::string& s = v->get_string();
  return std::optional<std::string_view>(std::string_view(s.data(), s.size()));
}

// A required base64url member, decoded. `exact_len` (when non-zero) is the required byte length.
Result<std::string> RequiredBytes(const boost::json::object& jwk, std::string_view name,
                                  size_t exact_len, size_t max_len) {
  Result<std::optional<std::string_view>> text = OptionalString(jwk, name);
  if (!text) return text.error();
  if (!*text) return Invalid("JWK member \"" + std::string(name) + "\" is missing");
  std::optional<std::string> bytes = Base64UrlDecode(**text);
  if (!bytes || bytes->empty()) {
    return Invalid("JWK member \"" + std::string(name) + "\" is not non-empty base64url");
  }
  if (exact_len != 0 && bytes->size() != exact_len) {
    return Invalid("JWK member \"" + std::string(name) + "\" is " + std::to_string(bytes->size()) +
                   " bytes, expected " + std::to_string(exact_len));
  }
  if (bytes->size() > max_len) {
    return Invalid("JWK member \"" + std::string(name) + "\" is too long");
  }
  return std::move(*bytes);
}

Result<PkeyPtr> FromData(const char* type, OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    return Invalid(DrainOpensslErrors(std::string("JWK is not a valid ") + type + " public key"));
  }
  return PkeyPtr(raw);
}

Result<PkeyPtr> RsaFromJwk(const boost::json::object& jwk) {
  Result<std::string> n = RequiredBytes(jwk, "n", 0, kMaxRsaBits / 8 + 1);
  if (!n) return n.error();
  Result<std::string> e = RequiredBytes(jwk, "e", 0, 8);
  if (!e) return e.error();
  BnPtr nb = detail::BytesToBn(*n);
  BnPtr eb = detail::BytesToBn(*e);
  if (!nb || !eb) return Invalid(DrainOpensslErrors("RSA JWK: out of memory"));
  int bits = BN_num_bits(nb.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits) {
    return Invalid("RSA JWK modulus of " + std::to_string(bits) + " bits is outside " +
                   std::to_string(kMinRsaBits) + ".." + std::to_string(kMaxRsaBits));
  }
  if (!BN_is_odd(nb.get())) return Invalid("RSA JWK modulus is even");
  if (!BN_is_odd(eb.get()) || BN_num_bits(eb.get()) < 2 ||
      BN_num_bits(eb.get()) > kMaxRsaExponentBits) {
    return Invalid("RSA JWK exponent must be odd, at least 3 and at most 2^32+1");
  }
  detail::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, nb.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, eb.get()) != 1) {
    return Invalid(DrainOpensslErrors("RSA JWK: parameter build failed"));
  }
  detail::ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return Invalid(DrainOpensslErrors("RSA JWK: parameter build failed"));
  return FromData("RSA", params.get());
}

Result<PkeyPtr> EcFromJwk(const boost::json::object& jwk) {
  Result<std::string> x = RequiredBytes(jwk, "x", kP256CoordBytes, kP256CoordBytes);
  if (!x) return x.error();
  Result<std::string> y = RequiredBytes(jwk, "y", kP256CoordBytes, kP256CoordBytes);
  if (!y) return y.error();
  std::string point = "\x04" + *x + *y;  // SEC 1 uncompressed point
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  Result<PkeyPtr> pkey = FromData("EC", params);
  if (!pkey) return pkey.error();
  // Import already decodes the point onto the curve; the full public check also refuses the
  // point at infinity and confirms the point's order.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey->get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    return Invalid(DrainOpensslErrors("EC JWK point is not a valid P-256 public key"));
  }
  return pkey;
}

Result<PkeyPtr> Ed25519FromJwk(const boost::json::object& jwk) {
  Result<std::string> x = RequiredBytes(jwk, "x", kEd25519KeyBytes, kEd25519KeyBytes);
  if (!x) return x.error();
  EVP_PKEY* raw =
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, detail::Uchars(*x), x->size());
  if (raw == nullptr) return Invalid(DrainOpensslErrors("OKP JWK is not an Ed25519 public key"));
  return PkeyPtr(raw);
}

// The algorithm a key type implies: RSA -> RS256, EC P-256 -> ES256, OKP Ed25519 -> EdDSA.
Result<Alg> AlgForKeyType(std::string_view kty, std::optional<std::string_view> crv) {
  if (kty == "oct") return Invalid("symmetric (oct) JWKs are not accepted");
  if (kty == "RSA") return Alg::kRS256;
  if (kty == "EC") {
    if (!crv) return Invalid("EC JWK without crv");
    if (*crv != "P-256") return Invalid("EC curve \"" + std::string(*crv) + "\" is not supported");
    return Alg::kES256;
  }
  if (kty == "OKP") {
    if (!crv) return Invalid("OKP JWK without crv");
    if (*crv != "Ed25519") {
      return Invalid("OKP curve \"" + std::string(*crv) + "\" is not supported");
    }
    return Alg::kEdDSA;
  }
  return Invalid("JWK kty \"" + std::string(kty) + "\" is not supported");
}

}  // namespace

Result<Key> Key::FromJwk(const boost::json::object& jwk) {
  Result<std::optional<std::string_view>> kty = OptionalString(jwk, "kty");
  if (!kty) return kty.error();
  if (!*kty) return Invalid("JWK without kty");
  for (std::string_view member : kPrivateMembers) {
    if (jwk.contains(member)) {
      return Invalid("JWK carries private member \"" + std::string(member) +
                     "\"; only public keys are imported");
    }
  }
  Result<std::optional<std::string_view>> crv = OptionalString(jwk, "crv");
  if (!crv) return crv.error();
  Result<Alg> alg = AlgForKeyType(**kty, *crv);
  if (!alg) return alg.error();

  Result<std::optional<std::string_view>> kid = OptionalString(jwk, "kid");
  if (!kid) return kid.error();
  if (!*kid) return Invalid("JWK without kid");
  if (Status st = detail::CheckKid(**kid); !st) return Invalid("JWK " + st.error().message);

  Result<std::optional<std::string_view>> use = OptionalString(jwk, "use");
  if (!use) return use.error();
  if (*use && **use != "sig") {
    return Invalid("JWK use \"" + std::string(**use) + "\" is not \"sig\"");
  }
  if (const boost::json::value* ops = jwk.if_contains("key_ops")) {
    bool verify = false;
    if (ops->is_array()) {
      for (const boost::json::value& op : ops->get_array()) {
        if (op.is_string() && op.get_string() == "verify") verify = true;
      }
    }
    if (!verify) return Invalid("JWK key_ops does not allow \"verify\"");
  }
  Result<std::optional<std::string_view>> alg_name = OptionalString(jwk, "alg");
  if (!alg_name) return alg_name.error();
  if (*alg_name && ParseAlg(**alg_name) != *alg) {
    return Invalid("JWK alg \"" + std::string(**alg_name) + "\" is not accepted for kty " +
                   std::string(**kty) + (*crv ? " crv " + std::string(**crv) : std::string()) +
                   " (expected " + std::string(AlgName(*alg)) + ")");
  }

  Result<PkeyPtr> pkey = *alg == Alg::kRS256   ? RsaFromJwk(jwk)
                         : *alg == Alg::kES256 ? EcFromJwk(jwk)
                                               : Ed25519FromJwk(jwk);
  if (!pkey) return pkey.error();
  if (Status st = detail::CheckKeyType(pkey->get(), *alg); !st) return st.error();
  detail::ClearOpensslErrors();
  return Key(pkey->release(), *alg, std::string(**kid), false);
}

boost::json::object Key::PublicJwk() const {
  boost::json::object jwk;
  if (!pkey_) return jwk;
  switch (alg_) {
    case Alg::kRS256: {
      BIGNUM* n = nullptr;
      BIGNUM* e = nullptr;
      EVP_PKEY_get_bn_param(pkey_.get(), OSSL_PKEY_PARAM_RSA_N, &n);
      EVP_PKEY_get_bn_param(pkey_.get(), OSSL_PKEY_PARAM_RSA_E, &e);
      BnPtr n_owner(n);
      BnPtr e_owner(e);
      jwk["kty"] = "RSA";
      if (n != nullptr && e != nullptr) {
        jwk["n"] = Base64UrlEncode(detail::BnToBytes(n));
        jwk["e"] = Base64UrlEncode(detail::BnToBytes(e));
      }
      break;
    }
    case Alg::kES256: {
      BIGNUM* x = nullptr;
      BIGNUM* y = nullptr;
      EVP_PKEY_get_bn_param(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_X, &x);
      EVP_PKEY_get_bn_param(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &y);
      BnPtr x_owner(x);
      BnPtr y_owner(y);
      jwk["kty"] = "EC";
      jwk["crv"] = "P-256";
      std::string xb(kP256CoordBytes, '\0');
      std::string yb(kP256CoordBytes, '\0');
      if (x != nullptr && y != nullptr &&
          BN_bn2binpad(x, reinterpret_cast<unsigned char*>(xb.data()), kP256CoordBytes) > 0 &&
          BN_bn2binpad(y, reinterpret_cast<unsigned char*>(yb.data()), kP256CoordBytes) > 0) {
        jwk["x"] = Base64UrlEncode(xb);
        jwk["y"] = Base64UrlEncode(yb);
      }
      break;
    }
    case Alg::kEdDSA: {
      std::string x(kEd25519KeyBytes, '\0');
      size_t len = x.size();
      jwk["kty"] = "OKP";
      jwk["crv"] = "Ed25519";
      if (EVP_PKEY_get_raw_public_key(pkey_.get(), reinterpret_cast<unsigned char*>(x.data()),
                                      &len) == 1 &&
          len == kEd25519KeyBytes) {
        jwk["x"] = Base64UrlEncode(x);
      }
      break;
    }
  }
  detail::ClearOpensslErrors();
  jwk["kid"] = kid_;
  jwk["alg"] = AlgName(alg_);
  jwk["use"] = "sig";
  return jwk;
}

Result<std::vector<Key>> Key::ParseJwks(const boost::json::value& jwks,
                                        std::vector<std::string>* skipped) {
  if (!jwks.is_object()) return Invalid("JWKS is not a JSON object");
  const boost::json::value* keys = jwks.get_object().if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return Invalid("JWKS has no \"keys\" array");
  const boost::json::array& entries = keys->get_array();
  if (entries.size() > kMaxJwksKeys) {
    return Invalid("JWKS holds " + std::to_string(entries.size()) + " keys, over the limit of " +
                   std::to_string(kMaxJwksKeys));
  }
  std::vector<Key> out;
  std::set<std::string, std::less<>> kids;
  for (size_t i = 0; i < entries.size(); ++i) {
    auto skip = [&](const std::string& why) {
      if (skipped != nullptr) skipped->push_back("keys[" + std::to_string(i) + "]: " + why);
    };
    if (!entries[i].is_object()) {
      skip("not a JSON object");
      continue;
    }
    Result<Key> key = FromJwk(entries[i].get_object());
    if (!key) {
      skip(key.error().message);
      continue;
    }
    if (!kids.insert(key->kid()).second) {
      skip("kid \"" + key->kid() + "\" repeats an earlier key");
      continue;
    }
    out.push_back(std::move(*key));
  }
  return out;
}

}  // namespace ispcloud::auth::jose
