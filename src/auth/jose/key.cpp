#include "auth/jose/key.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <optional>
#include <string>

#include "auth/jose/key_internal.h"
#include "auth/jose/openssl_util.h"

namespace ispcloud::auth::jose {

using detail::BioPtr;
using detail::BnPtr;
using detail::DrainOpensslErrors;
using detail::EcdsaSigPtr;
using detail::MdCtxPtr;
using detail::PkeyCtxPtr;
using detail::PkeyPtr;
using detail::Uchars;

namespace {

constexpr size_t kEs256CoordBytes = 32;
constexpr size_t kEd25519SigBytes = 64;
constexpr size_t kMaxPemBytes = 64 * 1024;

Error Internal(std::string_view what) {
  return MakeError(ErrorCode::kInternal, DrainOpensslErrors(what));
}

// Refuses encrypted PEM instead of letting OpenSSL prompt on the terminal.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) {
  return -1;
}

Result<PkeyPtr> GenerateRaw(Alg alg) {
  const char* type = alg == Alg::kRS256 ? "RSA" : alg == Alg::kES256 ? "EC" : "ED25519";
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return Internal("key generation init failed");
  if (alg == Alg::kRS256) {
    BnPtr e(BN_new());
    if (!e || BN_set_word(e.get(), RSA_F4) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), kMinRsaBits) <= 0 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) <= 0) {
      return Internal("RSA key generation parameters refused");
    }
  } else if (alg == Alg::kES256) {
    if (EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") <= 0) {
      return Internal("EC key generation parameters refused");
    }
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) return Internal("key generation failed");
  return PkeyPtr(raw);
}

// ECDSA R||S (32 + 32 bytes) to the DER ECDSA-Sig-Value OpenSSL verifies.
std::optional<std::string> RawEcdsaToDer(std::string_view raw) {
  if (raw.size() != 2 * kEs256CoordBytes) return std::nullopt;
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BnPtr r = detail::BytesToBn(raw.substr(0, kEs256CoordBytes));
  BnPtr s = detail::BytesToBn(raw.substr(kEs256CoordBytes));
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // now owned by sig
  s.release();
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(sig.get(), &p) != len) return std::nullopt;
  return der;
}

// DER ECDSA-Sig-Value to R||S, each left-padded to 32 bytes.
std::optional<std::string> DerEcdsaToRaw(std::string_view der) {
  const auto* p = Uchars(der);
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != Uchars(der) + der.size()) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kEs256CoordBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kEs256CoordBytes) != static_cast<int>(kEs256CoordBytes) ||
      BN_bn2binpad(s, out + kEs256CoordBytes, kEs256CoordBytes) !=
          static_cast<int>(kEs256CoordBytes)) {
    return std::nullopt;
  }
  return raw;
}

// Sets up `ctx` for signing or verifying with the key's pinned algorithm.
bool InitDigest(EVP_MD_CTX* ctx, EVP_PKEY* pkey, Alg alg, bool sign) {
  const EVP_MD* md = alg == Alg::kEdDSA ? nullptr : EVP_sha256();
  EVP_PKEY_CTX* pctx = nullptr;
  int rc = sign ? EVP_DigestSignInit(ctx, &pctx, md, nullptr, pkey)
                : EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, pkey);
  if (rc != 1) return false;
  if (alg == Alg::kRS256 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) {
    return false;
  }
  return true;
}

}  // namespace

namespace detail {

Status CheckKid(std::string_view kid) {
  if (kid.empty()) return MakeError(ErrorCode::kInvalidArgument, "kid must not be empty");
  if (kid.size() > kMaxKidLength) {
    return MakeError(ErrorCode::kInvalidArgument, "kid is " + std::to_string(kid.size()) +
                                                      " characters, over the limit of " +
                                                      std::to_string(kMaxKidLength));
  }
  return Ok();
}

Status CheckKeyType(EVP_PKEY* pkey, Alg alg) {
  auto mismatch = [&](std::string_view what) {
    ClearOpensslErrors();
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(what) + " cannot be used with " + std::string(AlgName(alg)));
  };
  switch (alg) {
    case Alg::kRS256: {
      if (!EVP_PKEY_is_a(pkey, "RSA")) return mismatch("a non-RSA key");
      int bits = EVP_PKEY_get_bits(pkey);
      if (bits < kMinRsaBits || bits > kMaxRsaBits) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "RSA key of " + std::to_string(bits) + " bits is outside " +
                             std::to_string(kMinRsaBits) + ".." + std::to_string(kMaxRsaBits));
      }
      return Ok();
    }
    case Alg::kES256: {
      if (!EVP_PKEY_is_a(pkey, "EC")) return mismatch("a non-EC key");
      char group[64] = {};
      size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                         &len) != 1) {
        return mismatch("an EC key without a named curve");
      }
      std::string_view name(group, len);
      if (name != "prime256v1" && name != "P-256") {
        return mismatch("an EC key on curve " + std::string(name));
      }
      return Ok();
    }
    case Alg::kEdDSA:
      if (!EVP_PKEY_is_a(pkey, "ED25519")) return mismatch("a non-Ed25519 key");
      return Ok();
  }
  return mismatch("an unknown key");
}

}  // namespace detail

std::string_view AlgName(Alg alg) {
  switch (alg) {
    case Alg::kES256:
      return "ES256";
    case Alg::kRS256:
      return "RS256";
    case Alg::kEdDSA:
      return "EdDSA";
  }
  return "?";
}

std::optional<Alg> ParseAlg(std::string_view name) {
  if (name == "ES256") return Alg::kES256;
  if (name == "RS256") return Alg::kRS256;
  if (name == "EdDSA") return Alg::kEdDSA;
  return std::nullopt;
}

void Key::PkeyFree::operator()(EVP_PKEY* p) const {
  EVP_PKEY_free(p);
}

Key::Key(EVP_PKEY* pkey, Alg alg, std::string kid, bool has_private)
    : pkey_(pkey), kid_(std::move(kid)), alg_(alg), has_private_(has_private) {}
Key::Key(Key&&) noexcept = default;
Key& Key::operator=(Key&&) noexcept = default;
Key::~Key() = default;

Result<Key> Key::Generate(Alg alg, std::string kid) {
  if (Status st = detail::CheckKid(kid); !st) return st.error();
  Result<PkeyPtr> pkey = GenerateRaw(alg);
  if (!pkey) return pkey.error();
  return Key(pkey->release(), alg, std::move(kid), true);
}

Result<Key> Key::FromPrivatePem(std::string_view pem, Alg alg, std::string kid) {
  if (Status st = detail::CheckKid(kid); !st) return st.error();
  if (pem.size() > kMaxPemBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "PEM private key is larger than 64 KiB");
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Internal("BIO_new_mem_buf failed");
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr));
  if (!pkey) {
    return MakeError(ErrorCode::kInvalidArgument,
                     DrainOpensslErrors("not an unencrypted PEM private key"));
  }
  if (Status st = detail::CheckKeyType(pkey.get(), alg); !st) return st.error();
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     DrainOpensslErrors("PEM private key fails its consistency check"));
  }
  detail::ClearOpensslErrors();  // decoders may leave notes from the formats they tried
  return Key(pkey.release(), alg, std::move(kid), true);
}

Result<std::string> Key::PrivatePem() const {
  if (!pkey_ || !has_private_) {
    return MakeError(ErrorCode::kInternal, "key " + kid_ + " has no private part to export");
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr,
                                            nullptr) != 1) {
    return Internal("PKCS#8 export failed");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) return Internal("PKCS#8 export produced nothing");
  return std::string(data, static_cast<size_t>(len));
}

Result<std::string> Key::Sign(std::string_view signing_input) const {
  if (!pkey_ || !has_private_) {
    return MakeError(ErrorCode::kInternal, "key " + kid_ + " cannot sign: no private part");
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || !InitDigest(ctx.get(), pkey_.get(), alg_, /*sign=*/true)) {
    return Internal("signature init failed");
  }
  int max = EVP_PKEY_get_size(pkey_.get());
  if (max <= 0) return Internal("signature size unknown");
  std::string sig(static_cast<size_t>(max), '\0');
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     Uchars(signing_input), signing_input.size()) != 1) {
    return Internal("signing failed");
  }
  sig.resize(len);
  if (alg_ != Alg::kES256) return sig;
  std::optional<std::string> raw = DerEcdsaToRaw(sig);
  if (!raw) return Internal("ECDSA signature conversion failed");
  return std::move(*raw);
}

bool Key::Verify(std::string_view signing_input, std::string_view signature) const {
  if (!pkey_) return false;
  std::string der;
  switch (alg_) {
    case Alg::kES256: {
      std::optional<std::string> converted = RawEcdsaToDer(signature);
      if (!converted) {
        detail::ClearOpensslErrors();
        return false;
      }
      der = std::move(*converted);
      signature = der;
      break;
    }
    case Alg::kRS256:
      if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(pkey_.get()))) return false;
      break;
    case Alg::kEdDSA:
      if (signature.size() != kEd25519SigBytes) return false;
      break;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok = ctx && InitDigest(ctx.get(), pkey_.get(), alg_, /*sign=*/false) &&
            EVP_DigestVerify(ctx.get(), Uchars(signature), signature.size(), Uchars(signing_input),
                             signing_input.size()) == 1;
  detail::ClearOpensslErrors();
  return ok;
}

bool Key::SamePublicKey(const Key& other) const {
  if (kid_ != other.kid_ || alg_ != other.alg_) return false;
  const bool same = EVP_PKEY_eq(pkey_.get(), other.pkey_.get()) == 1;
  detail::ClearOpensslErrors();
  return same;
}

}  // namespace ispcloud::auth::jose
