#pragma once
// Internal to the JOSE module: checks shared by key.cpp and jwk.cpp.

#include <openssl/types.h>

#include <string_view>

#include "auth/jose/key.h"
#include "core/result.h"

namespace ispcloud::auth::jose::detail {

// kid must be 1..kMaxKidLength characters.
Status CheckKid(std::string_view kid);

// The key's type (and size or curve) is the one `alg` requires.
Status CheckKeyType(EVP_PKEY* pkey, Alg alg);

}  // namespace ispcloud::auth::jose::detail
