#pragma once
// Base64url (RFC 4648 §5) without padding, as JOSE uses it (RFC 7515 §2).

#include <optional>
#include <string>
#include <string_view>

namespace ispcloud::auth::jose {

// Encodes arbitrary bytes with the URL-safe alphabet and no '=' padding.
std::string Base64UrlEncode(std::string_view bytes);

// Decodes unpadded base64url. Strict: only A-Z a-z 0-9 '-' '_' are accepted (no '=', no
// whitespace, no standard-alphabet '+' '/'), a length of 1 mod 4 is refused, and the unused low
// bits of the last character must be zero, so every byte string has exactly one accepted
// encoding. Returns nullopt on any violation. An empty input decodes to an empty string.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace ispcloud::auth::jose
