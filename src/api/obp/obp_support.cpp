#include "api/obp/obp_support.h"

#include <charconv>

#include "api/tmf/request.h"
#include "domain/bss/errors.h"
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

asio::awaitable<BssAdmission> AdmitBss(const http::RequestContext& ctx,
                                       domain::bss::ServiceProviderService& providers,
                                       std::string_view entity, std::string_view verb) {
  tmf::Admission admitted = co_await tmf::Admit(ctx, providers, entity, verb);
  if (auto* refusal = std::get_if<http::Response>(&admitted)) co_return std::move(*refusal);
  co_return ContextOf(ctx, std::get<tmf::TmfCaller>(std::move(admitted)));
}

asio::awaitable<BssAdmission> AdmitBss(const http::RequestContext& ctx,
                                       domain::bss::ServiceProviderService& providers,
                                       std::vector<tmf::Need> needs,
                                       auth::MethodClass method_class) {
  tmf::Admission admitted = co_await tmf::Admit(ctx, providers, std::move(needs), method_class);
  if (auto* refusal = std::get_if<http::Response>(&admitted)) co_return std::move(*refusal);
  co_return ContextOf(ctx, std::get<tmf::TmfCaller>(std::move(admitted)));
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

Result<std::optional<std::string>> QueryParam(const http::RequestContext& ctx,
                                              std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    auto v = Param(ctx, name);
    if (!v) return v.error();
    if (*v) return std::move(*v);
  }
  return std::optional<std::string>();
}

Result<std::optional<int64_t>> IntParam(const http::RequestContext& ctx, std::string_view name) {
  auto v = Param(ctx, name);
  if (!v) return v.error();
  if (!*v) return std::optional<int64_t>();
  int64_t out = 0;
  const std::string& text = **v;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return domain::bss::BadField(std::string(name), "type",
                                 std::string(name) + " must be an integer");
  }
  return std::optional<int64_t>(out);
}

Result<std::optional<std::string>> DateTimeParam(const http::RequestContext& ctx,
                                                 std::string_view name) {
  auto v = Param(ctx, name);
  if (!v || !*v) return v;
  std::string text = **v;
  if (text.size() == 23 && text[10] == 'T' && text[19] == ':') text[19] = '.';
  std::optional<int64_t> micros = ParseIso8601Micros(text);
  if (!micros) {
    return domain::bss::BadField(std::string(name), "format",
                                 std::string(name) + " must be a date or date-time");
  }
  const TimePoint at{std::chrono::microseconds(*micros)};
  return std::optional<std::string>(FormatIso8601Millis(at));
}

Result<Paging> PagingOf(const http::RequestContext& ctx) {
  auto o = IntParam(ctx, "offset");
  if (!o) return o.error();
  auto l = IntParam(ctx, "limit");
  if (!l) return l.error();
  if (*o && **o < 0) {
    return domain::bss::BadField("offset", "range", "offset must not be negative");
  }
  if (*l && (**l < 0 || **l > domain::tmf::kMaxLimit)) {
    return domain::bss::BadField(
        "limit", "range",
        "The input limit is " + std::to_string(**l) +
            ", but the CRM Service Provider defined maximum allowed limit size is 500");
  }
  return Paging{o->value_or(0), l->value_or(domain::tmf::kDefaultLimit)};
}

}  // namespace ispcloud::api::obp
