#pragma once
// Argon2id hashing of client secrets and user passwords (libsodium crypto_pwhash_str), and
// generation of random secrets. Verification is constant-time in the secret.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace ispcloud::auth {

// Argon2id hash in the PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
// Errors: kInternal when libsodium fails (out of memory).
Result<std::string> HashSecret(std::string_view secret);

// True when `secret` matches `hash` (a string produced by HashSecret). Any malformed hash is
// simply no match.
bool VerifySecret(std::string_view hash, std::string_view secret);

// A real Argon2id hash that matches no secret a client can send, to verify against when the
// named account does not exist, so an unknown name costs the same time as a wrong password.
const std::string& UnknownAccountHash();

// Lower-case hex SHA-256 of `data` (token fingerprints stored instead of tokens).
std::string Sha256Hex(std::string_view data);

// The 32-byte SHA-256 digest of `data`. Fast path for per-request use: the digest algorithm is
// fetched from the OpenSSL provider once per process (OpenSSL 3's one-shot SHA256() fetches it
// on every call) and each thread reuses one digest context. Thread-safe.
std::array<uint8_t, 32> Sha256(std::string_view data);

// Lower-case hex HMAC-SHA-256 of `data` under `key` (keyed fingerprints, e.g. voucher numbers).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// A new secret of 32 random bytes, base64url without padding (43 characters).
std::string GenerateSecret(Random& random);

// Constant-time equality of two byte strings (length may leak, content does not).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ispcloud::auth
