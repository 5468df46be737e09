#include "storage/db.h"

#include <stdexcept>

namespace ispcloud::storage {

namespace {

const char* TypeName(const Value& v) {
  switch (v.index()) {
    case 0:
      return "NULL";
    case 1:
      return "INTEGER";
    case 2:
      return "REAL";
    case 3:
      return "TEXT";
    case 4:
      return "BLOB";
  }
  return "unknown";
}

[[noreturn]] void ThrowTypeMismatch(size_t i, const Value& v, const char* wanted) {
  throw std::logic_error("column " + std::to_string(i) + " holds " + TypeName(v) + ", not " +
                         wanted);
}

}  // namespace

Error MakeDbError(DbFailure failure, std::string message) {
  switch (failure) {
    case DbFailure::kUniqueViolation:
      return MakeError(ErrorCode::kConflict, std::move(message), std::string(kDbUniqueViolation));
    case DbFailure::kForeignKeyViolation:
      return MakeError(ErrorCode::kConflict, std::move(message),
                       std::string(kDbForeignKeyViolation));
    case DbFailure::kConstraintViolation:
      return MakeError(ErrorCode::kConflict, std::move(message),
                       std::string(kDbConstraintViolation));
    case DbFailure::kBusy:
      return MakeError(ErrorCode::kUnavailable, std::move(message), std::string(kDbBusy));
    case DbFailure::kReadOnly:
      return MakeError(ErrorCode::kUnavailable, std::move(message), std::string(kDbReadOnly));
    case DbFailure::kFull:
      return MakeError(ErrorCode::kUnavailable, std::move(message), std::string(kDbFull));
    case DbFailure::kUnreachable:
      return MakeError(ErrorCode::kUnavailable, std::move(message), std::string(kDbUnavailable));
    case DbFailure::kIoError:
      return MakeError(ErrorCode::kUnavailable, std::move(message), std::string(kDbIoError));
    case DbFailure::kOther:
      break;
  }
  return MakeError(ErrorCode::kInternal, std::move(message));
}

int64_t Row::Int(size_t i, int64_t fallback) const {
  const Value& v = values.at(i);
  if (std::holds_alternative<Null>(v)) return fallback;
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  ThrowTypeMismatch(i, v, "INTEGER");
}

const std::string& Row::Text(size_t i) const {
  static const std::string kEmpty;
  const Value& v = values.at(i);
  if (std::holds_alternative<Null>(v)) return kEmpty;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  ThrowTypeMismatch(i, v, "TEXT");
}

double Row::Real(size_t i) const {
  const Value& v = values.at(i);
  if (std::holds_alternative<Null>(v)) return 0.0;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  ThrowTypeMismatch(i, v, "REAL");
}

const Blob& Row::Bytes(size_t i) const {
  static const Blob kEmpty;
  const Value& v = values.at(i);
  if (std::holds_alternative<Null>(v)) return kEmpty;
  if (const auto* b = std::get_if<Blob>(&v)) return *b;
  ThrowTypeMismatch(i, v, "BLOB");
}

}  // namespace ispcloud::storage
