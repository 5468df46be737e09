#include "api/obp/provider_routes.h"

#include "api/obp/money_request.h"
#include "api/obp/obp_support.h"
#include "domain/bss/errors.h"

namespace ispcloud::api::obp {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace bss = domain::bss;

constexpr std::string_view kEntity = "serviceProvider";

// The record of row 87.
json::object ProviderJson(const bss::ServiceProvider& p) {
  const json::value* zone = p.settings.if_contains("timeZone");
  return json::object{{"id", p.spid},
                      {"name", p.name},
                      {"currency", p.currency},
                      {"timeZone", zone != nullptr ? *zone : json::value("UTC")},
                      {"settings", p.settings}};
}

asio::awaitable<Response> List(ProviderRoutesDeps& deps, RequestContext& ctx) {
  const tmf::Need need{kEntity, "get"};
  auto admitted = co_await tmf::AdmitEverySpid(ctx, deps.providers, need);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  json::array items;
  for (const tmf::TmfCaller& caller : std::get<std::vector<tmf::TmfCaller>>(admitted)) {
    items.push_back(ProviderJson(caller.provider));
  }
  const auto total = static_cast<int64_t>(items.size());
  co_return ListResponse(ctx, std::move(items), total);
}

asio::awaitable<Response> Patch(ProviderRoutesDeps& deps, RequestContext& ctx) {
  std::vector<tmf::Need> needs{tmf::Need{kEntity, "patch"}};
  auto admitted =
      co_await AdmitBss(ctx, deps.providers, std::move(needs), auth::MethodClass::kAdmin);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  if (ctx.params.Get("id") != caller.provider.SpidText()) {
    co_return tmf::Fail(ctx, bss::BadField("id", "reference",
                                           "the path id must be the request SPID " +
                                               caller.provider.SpidText()));
  }
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  // The settings themselves, or {"settings": {...}} as the record shows them.
  json::object patch = std::move(body->fields);
  if (patch.size() == 1 && patch.contains("settings") && patch.at("settings").is_object()) {
    json::object inner = std::move(patch.at("settings").get_object());
    patch = std::move(inner);
  }
  auto updated =
      co_await deps.providers.UpdateSettings(caller.actor, caller.spid(), std::move(patch));
  if (!updated) co_return tmf::Fail(ctx, updated.error());
  co_return JsonReply(ctx, 200, ProviderJson(*updated));
}

}  // namespace

void RegisterProviderRoutes(http::Router& router, ProviderRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string path = base + "/serviceProvider";
    router.Add(Verb::get, path, Access::kBearer, http::BindDeps(deps, List));
    router.Add(Verb::patch, path + "/{id}", Access::kBearer, http::BindDeps(deps, Patch));
  }
}

}  // namespace ispcloud::api::obp
