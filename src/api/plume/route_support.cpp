#include "api/plume/route_support.h"

#include <boost/json/string.hpp>

#include "api/error_render.h"
#include "api/oauth/form.h"

namespace ispcloud::api::plume {

namespace beast_http = boost::beast::http;

http::Response Fail(const http::RequestContext& ctx, const Error& error) {
  return RenderError(http::ApiFamily::kPlume, error, ctx.request_id);
}

domain::Actor ActorOf(const http::RequestContext& ctx) {
  const auth::Principal& p = *ctx.principal;
  std::string id;
  if (p.customer_id) {
    id = "customer:" + *p.customer_id;
  } else if (p.username.empty() && !p.client_id.empty()) {
    id = "client:" + p.client_id;
  } else {
    id = "user:" + p.subject;
  }
  return domain::Actor{std::move(id), ctx.request_id, p.partner_id.value_or("")};
}

Result<Body> Admit(const http::RequestContext& ctx, auth::PlumeOperation op) {
  if (ctx.principal == nullptr) {
    return MakeError(ErrorCode::kUnauthenticated, "Authorization Required",
                     "AUTHORIZATION_REQUIRED");
  }
  if (Status allowed = auth::CheckPlumeOperation(*ctx.principal, op); !allowed) {
    return allowed.error();
  }
  return DecodeBody(ctx.request[beast_http::field::content_type], ctx.request.body());
}

Result<Body> QueryBody(const http::RequestContext& ctx) {
  auto query = oauth::ParseForm(ctx.query);
  if (!query) return MakeError(ErrorCode::kInvalidArgument, "malformed query", "BAD_REQUEST");
  Body out;
  for (auto& [name, value] : *query) out.fields[name] = boost::json::string(value);
  out.form = true;
  return out;
}

std::vector<std::string> FieldNames(const FieldReader& r) {
  std::vector<std::string> out;
  for (std::string_view n : r.Names()) out.emplace_back(n);
  return out;
}

LocationPath LocationPathOf(const http::RequestContext& ctx) {
  return LocationPath{std::string(ctx.params.Get("customerId")),
                      std::string(ctx.params.Get("locationId"))};
}

boost::json::value OptionalString(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return boost::json::string(*s);
}

}  // namespace ispcloud::api::plume
