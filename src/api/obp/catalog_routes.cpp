#include "api/obp/catalog_routes.h"

#include <algorithm>

#include "api/obp/obp_support.h"
#include "domain/tmf/query.h"

namespace ispcloud::api::obp {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace dt = domain::tmf;

constexpr std::string_view kEntity = "productOffering";
constexpr std::string_view kCollection = "/productOffering";
constexpr std::string_view kGet = "get";
const std::vector<std::string_view> kReservedParams = {"spid"};

// List items: components only when `fields` names them; other names select as TMF630 does.
json::object ListItem(json::object item, const std::optional<std::vector<std::string>>& fields) {
  if (!fields) {
    item.erase("components");
    return item;
  }
  std::vector<std::string> rest;
  bool components = false;
  for (const std::string& f : *fields) {
    if (f == "components") {
      components = true;
    } else {
      rest.push_back(f);
    }
  }
  if (rest.empty()) {
    if (!components) item.erase("components");
    return item;
  }
  if (components) rest.push_back("components");
  return dt::SelectFields(item, rest);
}

asio::awaitable<Response> List(CatalogRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto query = dt::ParseListQuery(ctx.query, kReservedParams);
  if (!query) co_return tmf::Fail(ctx, query.error());
  const std::optional<std::vector<std::string>> fields = query->fields;
  auto page = co_await deps.catalog.List(bss, std::move(*query));
  if (!page) co_return tmf::Fail(ctx, page.error());
  json::array items;
  for (json::object& doc : page->items) {
    items.emplace_back(
        ListItem(WithHref(ctx, deps.public_url, kCollection, std::move(doc)), fields));
  }
  co_return ListResponse(ctx, std::move(items), page->total);
}

asio::awaitable<Response> Retrieve(CatalogRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto fields = dt::ParseFieldsParam(ctx.query);
  if (!fields) co_return tmf::Fail(ctx, fields.error());
  std::string id(ctx.params.Get("id"));
  auto found = co_await deps.catalog.Get(bss, std::move(id));
  if (!found) co_return tmf::Fail(ctx, found.error());
  json::object doc = WithHref(ctx, deps.public_url, kCollection, std::move(*found));
  if (*fields) doc = dt::SelectFields(doc, **fields);
  co_return Finish(ctx, http::JsonResponse(200, doc));
}

asio::awaitable<Response> AddOns(CatalogRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  auto groups = co_await deps.catalog.AddOns(bss, std::move(id));
  if (!groups) co_return tmf::Fail(ctx, groups.error());
  co_return Finish(ctx, http::JsonResponse(200, *groups));
}

// Row 94: replaces the SPID's catalogue with the body (the document of docs/bss.md).
asio::awaitable<Response> Replace(CatalogRoutesDeps& deps, RequestContext& ctx) {
  std::vector<tmf::Need> needs{{"admin", "put"}};
  auto admitted =
      co_await AdmitBss(ctx, deps.providers, std::move(needs), auth::MethodClass::kAdmin);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto body = JsonBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  auto ids = co_await deps.catalog.Import(bss.actor, bss.provider, std::move(*body));
  if (!ids) co_return tmf::Fail(ctx, ids.error());
  co_return Finish(ctx, http::JsonResponse(200, domain::bss::ImportSummary(bss.spid(), *ids)));
}

}  // namespace

void RegisterCatalogRoutes(http::Router& router, CatalogRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string offerings = base + "/productOffering";
    router.Add(Verb::get, offerings, Access::kBearer, http::BindDeps(deps, List));
    router.Add(Verb::get, offerings + "/{id}", Access::kBearer, http::BindDeps(deps, Retrieve));
    router.Add(Verb::get, offerings + "/{id}/addOn", Access::kBearer, http::BindDeps(deps, AddOns));
    router.Add(Verb::put, base + "/admin/catalog", Access::kBearer, http::BindDeps(deps, Replace));
  }
}

}  // namespace ispcloud::api::obp
