#include "auth/secret_hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <memory>
#include <vector>

#include "auth/jose/base64url.h"

namespace ispcloud::auth {
namespace {

// Interactive limits (2 passes, 64 MiB): about 0.1 s per hash on the reference machine, the
// cost paid once per token request with client credentials or a password.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Result<std::string> HashSecret(std::string_view secret) {
  if (!SodiumReady()) return MakeError(ErrorCode::kInternal, "libsodium failed to initialise");
  std::vector<char> out(crypto_pwhash_STRBYTES);
  if (crypto_pwhash_str(out.data(), secret.data(), secret.size(), kOpsLimit, kMemLimit) != 0) {
    return MakeError(ErrorCode::kInternal, "Argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool VerifySecret(std::string_view hash, std::string_view secret) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);  // crypto_pwhash_str_verify wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

const std::string& UnknownAccountHash() {
  static const std::string kHash = HashSecret("ispcloud-no-such-account").value();
  return kHash;
}

std::array<uint8_t, 32> Sha256(std::string_view data) {
  static EVP_MD* const kMd = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // never freed
  struct CtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  thread_local const std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  std::array<uint8_t, 32> digest{};
  unsigned int len = 0;
  const bool ok = kMd != nullptr && ctx != nullptr &&
                  EVP_DigestInit_ex2(ctx.get(), kMd, nullptr) == 1 &&
                  EVP_DigestUpdate(ctx.get(), data.data(), data.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx.get(), digest.data(), &len) == 1 && len == digest.size();
  if (!ok) {
    // Only when the provider is broken (no SHA-256 at all): the one-shot call still works or
    // fails the same way everywhere.
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  }
  return digest;
}

std::string Sha256Hex(std::string_view data) {
  return ToHex(Sha256(data));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return ToHex(std::span<const uint8_t>(digest, length));
}

std::string GenerateSecret(Random& random) {
  uint8_t bytes[32];
  random.Fill(bytes);
  return jose::Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ispcloud::auth
