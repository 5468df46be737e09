#pragma once
// Internal to the JOSE module: RAII owners for OpenSSL objects and error-queue handling.
// Not part of the public API; include only from src/auth/jose/*.cpp.

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <string>
#include <string_view>

namespace ispcloud::auth::jose::detail {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

// Returns `what` followed by the reasons queued by OpenSSL on this thread, and empties the queue.
// Every failure path of the module calls this (or ClearOpensslErrors) so that no stale error is
// left for unrelated code on the same thread (a TLS stream would misreport it).
std::string DrainOpensslErrors(std::string_view what);

// Empties this thread's OpenSSL error queue.
void ClearOpensslErrors();

// Big-endian unsigned bytes of a BIGNUM, without leading zeros ("0" is one zero byte).
std::string BnToBytes(const BIGNUM* bn);

// Big-endian unsigned bytes to a BIGNUM; nullptr on allocation failure.
BnPtr BytesToBn(std::string_view bytes);

inline const unsigned char* Uchars(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace ispcloud::auth::jose::detail
