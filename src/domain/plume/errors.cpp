#include "domain/plume/errors.h"

#include <algorithm>
#include <string>

namespace ispcloud::domain::plume {

Error MissingArgument(std::string_view field) {
  return MakeError(ErrorCode::kInvalidArgument, std::string(field) + " is required",
                   "MISSING_REQUIRED_ARGUMENT");
}

Error InvalidFields(std::string_view context, std::vector<FieldError> fields) {
  Error e = MakeError(ErrorCode::kValidation,
                      "The `" + std::string(context) + "` instance is not valid.");
  e.context = std::string(context);
  e.fields = std::move(fields);
  return e;
}

Error ModelNotFound(std::string_view model) {
  return MakeError(ErrorCode::kNotFound, "Unknown \"" + std::string(model) + "\" id",
                   "MODEL_NOT_FOUND");
}

Error AuthorizationRequired() {
  return MakeError(ErrorCode::kUnauthenticated, "Authorization Required", "AUTHORIZATION_REQUIRED");
}

bool HasFieldError(const std::vector<FieldError>& errors, std::string_view field) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field; });
}

}  // namespace ispcloud::domain::plume
