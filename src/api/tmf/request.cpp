#include "api/tmf/request.h"

#include <boost/json/parse.hpp>

#include "core/strings.h"

namespace ispcloud::api::tmf {

using http::RequestContext;
namespace json = boost::json;
namespace beast_http = boost::beast::http;

std::string MediaType(const RequestContext& ctx) {
  std::string_view ct = ctx.request[beast_http::field::content_type];
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  while (!ct.empty() && ct.front() == ' ') ct.remove_prefix(1);
  return AsciiLower(ct);
}

Error UnsupportedMedia(std::string_view allowed) {
  return MakeError(ErrorCode::kUnsupportedMedia, "Content-Type must be " + std::string(allowed));
}

void EchoTransactionId(const RequestContext& ctx, http::Response& res) {
  if (auto it = ctx.request.find("Transaction-Id"); it != ctx.request.end()) {
    res.set("Transaction-Id", it->value());
  }
}

Result<json::value> ParseJsonBody(const RequestContext& ctx) {
  if (ctx.request.body().empty()) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "a JSON request body is required");
    e.fields.push_back(FieldError{"body", "presence", e.message});
    return e;
  }
  boost::system::error_code ec;
  json::value v = json::parse(ctx.request.body(), ec);
  if (ec) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "the request body is not valid JSON");
    e.fields.push_back(FieldError{"body", "format", e.message});
    return e;
  }
  return v;
}

}  // namespace ispcloud::api::tmf
