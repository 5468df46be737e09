#include "api/obp/obp_support.h"

#include "api/tmf/request.h"
#include "domain/tmf/query.h"

namespace ispcloud::api::obp {

const std::vector<std::string>& GatewayBases() {
  static const std::vector<std::string> kBases = {"/api", "/api/v1"};
  return kBases;
}

domain::bss::BssContext ContextOf(const http::RequestContext& ctx, tmf::TmfCaller caller) {
  domain::bss::BssContext out;
  out.actor = std::move(caller.actor);
  out.provider = std::move(caller.provider);
  const auth::Principal& p = *ctx.principal;
  out.agent = !p.username.empty() ? p.username : (!p.subject.empty() ? p.subject : p.client_id);
  out.principal = ctx.principal.get();
  if (auto it = ctx.request.find("Transaction-Id"); it != ctx.request.end()) {
    out.correlation_id = std::string(it->value());
  }
  return out;
}

std::string_view BaseOf(const http::RequestContext& ctx) {
  return ctx.path.starts_with("/api/v1/") ? std::string_view("/api/v1") : std::string_view("/api");
}

std::string Href(const http::RequestContext& ctx, std::string_view public_url,
                 std::string_view path) {
  return std::string(public_url) + std::string(BaseOf(ctx)) + std::string(path);
}

boost::json::object WithHref(const http::RequestContext& ctx, std::string_view public_url,
                             std::string_view collection, boost::json::object doc) {
  const boost::json::value* id_value = doc.if_contains("id");
  const std::string id =
      id_value != nullptr && id_value->is_string() ? std::string(id_value->get_string()) : "";
  boost::json::object out;
  out["id"] = id;
  out["href"] = Href(ctx, public_url, std::string(collection) + "/" + id);
  for (auto& m : doc) {
    if (m.key() != "id") out[m.key()] = std::move(m.value());
  }
  return out;
}

Result<boost::json::value> JsonBody(const http::RequestContext& ctx) {
  const std::string media = tmf::MediaType(ctx);
  const bool patch = ctx.request.method() == http::Verb::patch;
  const bool json =
      media == "application/json" || (patch && media == "application/merge-patch+json");
  if (!ctx.request.body().empty() && !json) {
    return tmf::UnsupportedMedia(patch ? "application/json or application/merge-patch+json"
                                       : "application/json");
  }
  return tmf::ParseJsonBody(ctx);
}

http::Response Finish(const http::RequestContext& ctx, http::Response res) {
  tmf::EchoTransactionId(ctx, res);
  return res;
}

http::Response ListResponse(const http::RequestContext& ctx, boost::json::array items,
                            int64_t total) {
  const size_t count = items.size();
  http::Response res = http::JsonResponse(200, items);
  res.set("X-Total-Count", std::to_string(total));
  res.set("X-Result-Count", std::to_string(count));
  return Finish(ctx, std::move(res));
}

Result<std::optional<std::string>> Param(const http::RequestContext& ctx, std::string_view name) {
  return domain::tmf::FindQueryParam(ctx.query, name);
}

}  // namespace ispcloud::api::obp
