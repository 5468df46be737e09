#pragma once
// Decoding of OAuth token requests: application/x-www-form-urlencoded bodies and HTTP Basic
// client authentication (RFC 6749 §2.3.1).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ispcloud::api::oauth {

// Form fields by name. A field given twice is an invalid_request error, as RFC 6749 requires.
using FormFields = std::map<std::string, std::string, std::less<>>;

// Parses a form body. Errors: kInvalidArgument + "invalid_request" (bad encoding, duplicates).
Result<FormFields> ParseForm(std::string_view body);

// True when the Content-Type is application/x-www-form-urlencoded (parameters ignored).
bool IsFormContentType(std::string_view content_type);

struct BasicCredentials {
  std::string client_id;
  std::string client_secret;
};

// Decodes "Basic base64(urlencode(id):urlencode(secret))". nullopt when the header is not a
// Basic one; an error when it is malformed.
Result<std::optional<BasicCredentials>> ParseBasicAuthorization(std::string_view header);

}  // namespace ispcloud::api::oauth
