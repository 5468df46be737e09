#include "api/error_render.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <utility>

#include "core/log.h"
#include "storage/db.h"

namespace ispcloud::api {
namespace {

using http::ApiFamily;

std::string_view PlumeDefaultCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "BAD_REQUEST";
    case ErrorCode::kValidation:
      return "VALIDATION_ERROR";
    case ErrorCode::kUnauthenticated:
      return "AUTHORIZATION_REQUIRED";
    case ErrorCode::kPermissionDenied:
      return "FORBIDDEN";
    case ErrorCode::kNotFound:
      return "NOT_FOUND";
    case ErrorCode::kMethodNotAllowed:
      return "NOT_FOUND";
    case ErrorCode::kConflict:
      return "CONFLICT";
    case ErrorCode::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorCode::kUnsupportedMedia:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorCode::kUnprocessable:
      return "UNPROCESSABLE_ENTITY";
    case ErrorCode::kLocked:
      return "LOCKED";
    case ErrorCode::kRateLimited:
      return "RATE_LIMITED";
    case ErrorCode::kHeaderTooLarge:
      return "HEADER_TOO_LARGE";
    case ErrorCode::kInternal:
      return "INTERNAL_ERROR";
    case ErrorCode::kUnavailable:
      return "SERVICE_UNAVAILABLE";
  }
  return "INTERNAL_ERROR";
}

struct TmfCode {
  std::string_view code;
  std::string_view reason;
};

// Optiva gateway catalogue (OPTIVA-API.md §4.2) for the generic codes.
TmfCode TmfDefaultCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return {"ERCRT1001", "Bad Request"};
    case ErrorCode::kValidation:
      return {"ERCRT1001", "Bad Request"};
    case ErrorCode::kUnauthenticated:
      return {"ERCRT1401", "Unauthorized"};
    case ErrorCode::kPermissionDenied:
      return {"ERCRT1403", "Forbidden"};
    case ErrorCode::kNotFound:
      return {"ERCRT1003", "Not Found"};
    case ErrorCode::kMethodNotAllowed:
      return {"ERCRT1016", "Method Not Allowed"};
    case ErrorCode::kConflict:
      return {"ERCRT1004", "Already exists"};
    case ErrorCode::kPayloadTooLarge:
      return {"ERCRT1018", "Payload Too Large"};
    case ErrorCode::kUnsupportedMedia:
      return {"ERCRT1017", "Unsupported Media Type"};
    case ErrorCode::kUnprocessable:
      return {"ERCRT1007", "Invalid state"};
    case ErrorCode::kLocked:
      return {"ERCRT1007", "Invalid state"};
    case ErrorCode::kRateLimited:
      return {"ERCRT1429", "Too Many Requests"};
    case ErrorCode::kHeaderTooLarge:
      return {"ERCRT1001", "Request Header Fields Too Large"};
    case ErrorCode::kInternal:
      return {"ERCRT1500", "Internal Server Error"};
    case ErrorCode::kUnavailable:
      return {"ERCRT1503", "Service Unavailable"};
  }
  return {"ERCRT1500", "Internal Server Error"};
}

// The reason of a specific gateway code (§4.2) when it differs from its ErrorCode's default.
std::string_view TmfReasonOf(std::string_view api_code, std::string_view fallback) {
  static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
      {"ERCRT1002", "Invalid product composition"},
      {"ERCRT1004", "Already exists"},
      {"ERCRT1005", "Insufficient balance"},
      {"ERCRT1006", "Monthly spend limit exceeded"},
      {"ERCRT1007", "Invalid state"},
      {"ERCRT1008", "Has dependants"},
      {"ERCRT1009", "Idempotency conflict"},
      {"ERCRT1010", "Invalid voucher"},
      {"ERCRT1011", "Voucher already used"},
      {"ERCRT1012", "Voucher not usable"},
      {"ERCRT1013", "PIN incorrect"},
      {"ERCRT1014", "PIN locked"},
      {"ERCRT1015", "Invalid SPID"},
  };
  for (const auto& [code, reason] : kReasons) {
    if (code == api_code) return reason;
  }
  return fallback;
}

std::string_view OAuthDefaultCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnauthenticated:
      return "invalid_client";
    case ErrorCode::kPermissionDenied:
      return "access_denied";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kMethodNotAllowed:
      return "invalid_request";
    case ErrorCode::kRateLimited:
      return "slow_down";
    case ErrorCode::kInternal:
      return "server_error";
    case ErrorCode::kUnavailable:
      return "temporarily_unavailable";
    default:
      return "invalid_request";
  }
}

// "invalid_token" marks a rejected bearer token: it goes in the WWW-Authenticate header, while
// the body keeps the family's own code for 401.
bool IsBadToken(const Error& e) {
  return e.api_code == "invalid_token";
}

// The family-specific code of `e`, or "" to use the family default.
// A storage failure the client may retry (database full, read-only or busy): answered 503 with a
// generic text; the driver's message (which may quote SQL) is only logged.
bool IsStorageUnavailable(const Error& e) {
  return e.code == ErrorCode::kUnavailable && e.api_code.starts_with("DB_");
}

std::string_view StorageProblem(const Error& e) {
  if (e.api_code == storage::kDbFull) return "the database is full";
  if (e.api_code == storage::kDbReadOnly) return "the database is read-only";
  if (e.api_code == storage::kDbUnavailable) return "the database is unreachable";
  if (e.api_code == storage::kDbIoError) return "the database storage failed";
  return "the database is busy";
}

std::string_view ApiCode(const Error& e) {
  return IsBadToken(e) || IsStorageUnavailable(e) ? std::string_view() : e.api_code;
}

// The message a client may see: internal failures are replaced by a generic text.
std::string PublicMessage(const Error& error, std::string_view request_id) {
  if (error.code == ErrorCode::kInternal) {
    return "internal error (request id " + std::string(request_id) + ")";
  }
  if (IsStorageUnavailable(error)) {
    return "service unavailable: " + std::string(StorageProblem(error)) +
           "; retry later (request id " + std::string(request_id) + ")";
  }
  return error.message;
}

// LoopBack's error name: ValidationError (422 details), SyntaxError (malformed JSON), Error.
std::string_view PlumeErrorName(const Error& e) {
  if (e.code == ErrorCode::kValidation) return "ValidationError";
  if (e.api_code == "INVALID_JSON") return "SyntaxError";
  return "Error";
}

boost::json::value PlumeBody(const Error& e, int status, std::string_view request_id) {
  boost::json::object err{{"statusCode", status},
                          {"status", status},
                          {"name", PlumeErrorName(e)},
                          {"message", PublicMessage(e, request_id)},
                          {"code", ApiCode(e).empty() ? PlumeDefaultCode(e.code) : ApiCode(e)}};
  if (e.code == ErrorCode::kValidation) {
    boost::json::object codes, messages;
    for (const FieldError& f : e.fields) {
      codes[f.field].emplace_array().push_back(boost::json::string(f.rule));
      messages[f.field].emplace_array().push_back(boost::json::string(f.message));
    }
    err["details"] = boost::json::object{
        {"context", e.context}, {"codes", std::move(codes)}, {"messages", std::move(messages)}};
  }
  return boost::json::object{{"error", std::move(err)}};
}

boost::json::value TmfBody(const Error& e, int status, std::string_view request_id) {
  TmfCode def = TmfDefaultCode(e.code);
  boost::json::object body{{"code", ApiCode(e).empty() ? def.code : ApiCode(e)},
                           {"reason", TmfReasonOf(ApiCode(e), def.reason)},
                           {"message", PublicMessage(e, request_id)},
                           {"status", std::to_string(status)},
                           {"@type", "Error"}};
  if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable) {
    body["detail"] = request_id;
  }
  if (e.code == ErrorCode::kNotFound && e.api_code.empty()) body["detail"] = "page not found";
  if (!e.fields.empty()) {
    boost::json::array errors;
    for (const FieldError& f : e.fields) {
      errors.push_back(
          boost::json::object{{"field", f.field}, {"issue", f.rule}, {"message", f.message}});
    }
    body["errors"] = std::move(errors);
  }
  return body;
}

}  // namespace

int StatusFor(ApiFamily family, const Error& error) {
  if (family == ApiFamily::kPlume) {
    if (error.code == ErrorCode::kValidation) return 422;
    if (error.code == ErrorCode::kMethodNotAllowed) return 404;  // LoopBack behaviour
  }
  return HttpStatus(error.code);
}

http::Response RenderError(ApiFamily family, const Error& error, std::string_view request_id) {
  const int status = StatusFor(family, error);
  if (error.code == ErrorCode::kInternal) {
    LogError("internal_error", {{"request_id", request_id}, {"message", error.message}});
  } else if (IsStorageUnavailable(error)) {
    LogError("database_unavailable", {{"request_id", request_id},
                                      {"reason", StorageProblem(error)},
                                      {"message", error.message}});
  }
  boost::json::value body;
  switch (family) {
    case ApiFamily::kPlume:
      body = PlumeBody(error, status, request_id);
      break;
    case ApiFamily::kTmf:
      body = TmfBody(error, status, request_id);
      break;
    case ApiFamily::kOAuth: {
      // Storage codes (DB_...) stay internal here too: a storage failure is
      // "temporarily_unavailable".
      const bool own_code = !error.api_code.empty() && !IsStorageUnavailable(error);
      body = boost::json::object{
          {"error", own_code ? std::string_view(error.api_code) : OAuthDefaultCode(error.code)},
          {"error_description", PublicMessage(error, request_id)}};
      break;
    }
    case ApiFamily::kSystem:
      body = boost::json::object{{"code", ToString(error.code)},
                                 {"message", PublicMessage(error, request_id)},
                                 {"status", status},
                                 {"requestId", request_id}};
      break;
  }
  http::Response res = http::JsonResponse(status, body);
  if (status == 401) {
    res.set(boost::beast::http::field::www_authenticate,
            IsBadToken(error) ? "Bearer error=\"invalid_token\"" : "Bearer");
  }
  if (status == 503) res.set(boost::beast::http::field::retry_after, "1");
  if (family == ApiFamily::kOAuth) res.set(boost::beast::http::field::cache_control, "no-store");
  return res;
}

}  // namespace ispcloud::api
