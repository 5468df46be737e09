#include "domain/bss/errors.h"

namespace ispcloud::domain::bss {

Error InvalidSpid() {
  return MakeError(ErrorCode::kNotFound, "obp code=4,text=INVALID_SPID", "ERCRT1015");
}

Error NotFound(std::string what) {
  return MakeError(ErrorCode::kNotFound, what + " not found", "ERCRT1003");
}

Error BadField(std::string field, std::string rule, std::string message) {
  Error e = MakeError(ErrorCode::kInvalidArgument, message, "ERCRT1001");
  e.fields.push_back(FieldError{std::move(field), std::move(rule), std::move(message)});
  return e;
}

Error InvalidComposition(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "ERCRT1002");
}

Error AlreadyExists(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message), "ERCRT1004");
}

Error InsufficientBalance(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message), "ERCRT1005");
}

Error SpendLimitExceeded(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message), "ERCRT1006");
}

Error InvalidState(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message), "ERCRT1007");
}

Error HasDependants(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message), "ERCRT1008");
}

bool IsBusinessRefusal(const Error& error) {
  return error.api_code == "ERCRT1005" || error.api_code == "ERCRT1006" ||
         error.api_code == "ERCRT1007";
}

void FieldErrors::Add(std::string field, std::string rule, std::string message) {
  fields_.push_back(FieldError{std::move(field), std::move(rule), std::move(message)});
}

void FieldErrors::Add(const Error& error) {
  if (error.fields.empty()) {
    fields_.push_back(FieldError{"body", "format", error.message});
    return;
  }
  fields_.insert(fields_.end(), error.fields.begin(), error.fields.end());
}

Error FieldErrors::ToError(std::string_view context) const {
  std::string message = "invalid " + std::string(context) + ": ";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) message += "; ";
    message += fields_[i].message;
  }
  Error e = MakeError(ErrorCode::kValidation, std::move(message), "ERCRT1001");
  e.fields = fields_;
  e.context = std::string(context);
  return e;
}

}  // namespace ispcloud::domain::bss
