#pragma once
// Error model shared by every layer. Domain code returns Result<T>; each API family renders an
// Error once, in its own wire format (see api/*/errors). The ErrorCode set is deliberately small;
// `api_code` carries the family-specific machine code when a rule needs one (e.g.
// "NODE_ALREADY_OWNED" or "ERCRT1005").

#include <string>
#include <string_view>
#include <vector>

namespace ispcloud {

enum class ErrorCode {
  kInvalidArgument,   // 400: malformed input
  kValidation,        // field-level validation failures (Plume 422, TMF 400)
  kUnauthenticated,   // 401
  kPermissionDenied,  // 403
  kNotFound,          // 404
  kMethodNotAllowed,  // 405
  kConflict,          // 409
  kPayloadTooLarge,   // 413
  kUnsupportedMedia,  // 415
  kUnprocessable,     // 422: well-formed but breaks a business rule
  kLocked,            // 423
  kRateLimited,       // 429
  kHeaderTooLarge,    // 431
  kInternal,          // 500: message is never sent to clients
  kUnavailable,       // 503: database down, shutting down, overloaded
};

// One invalid field of a request, reported together with all others.
struct FieldError {
  std::string field;    // dotted path, e.g. "engagedParty.id"
  std::string rule;     // presence | type | format | length.min | length.max | inclusion | ...
  std::string message;  // human-readable
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;             // human text (internal errors: logged, never sent)
  std::string api_code;            // optional family-specific code overriding the default
  std::vector<FieldError> fields;  // for kValidation
  std::string context;             // model name for validation details (e.g. "Customer")
};

// Default HTTP status of a code (families may override, e.g. Plume renders kValidation as 422).
int HttpStatus(ErrorCode code);
std::string_view ToString(ErrorCode code);

inline Error MakeError(ErrorCode code, std::string message, std::string api_code = {}) {
  return Error{code, std::move(message), std::move(api_code), {}, {}};
}

}  // namespace ispcloud
