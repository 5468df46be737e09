#include "api/obp/account_routes.h"

#include "api/obp/obp_support.h"
#include "domain/tmf/query.h"

namespace ispcloud::api::obp {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace beast_http = boost::beast::http;
namespace dt = domain::tmf;

constexpr std::string_view kEntity = "billingAccount";
constexpr std::string_view kCollection = "/billingAccount";
constexpr std::string_view kGet = "get";
constexpr std::string_view kPost = "post";
constexpr std::string_view kPatch = "patch";
constexpr std::string_view kDelete = "delete";

const std::vector<std::string_view> kReservedParams = {"spid"};

json::object QuickJson(const RequestContext& ctx, const AccountRoutesDeps& deps,
                       domain::bss::QuickAccount quick) {
  json::object out = WithHref(ctx, deps.public_url, kCollection, std::move(quick.account));
  out["customer"] =
      json::object{{"id", quick.customer_id},
                   {"href", Href(ctx, deps.public_url, "/customer/" + quick.customer_id)}};
  if (quick.individual_id.empty()) {
    out["individual"] = nullptr;
  } else {
    out["individual"] =
        json::object{{"id", quick.individual_id},
                     {"href", Href(ctx, deps.public_url, "/individual/" + quick.individual_id)}};
  }
  return out;
}

Response Created(const RequestContext& ctx, json::object body) {
  const std::string location = std::string(body.at("href").as_string());
  Response res = http::JsonResponse(201, body);
  res.set(beast_http::field::location, location);
  return Finish(ctx, std::move(res));
}

asio::awaitable<Response> List(AccountRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto query = dt::ParseListQuery(ctx.query, kReservedParams);
  if (!query) co_return tmf::Fail(ctx, query.error());
  const std::optional<std::vector<std::string>> fields = query->fields;
  auto page = co_await deps.accounts.List(bss, std::move(*query));
  if (!page) co_return tmf::Fail(ctx, page.error());
  json::array items;
  for (json::object& doc : page->items) {
    json::object item = WithHref(ctx, deps.public_url, kCollection, std::move(doc));
    items.emplace_back(fields ? dt::SelectFields(item, *fields) : std::move(item));
  }
  co_return ListResponse(ctx, std::move(items), page->total);
}

asio::awaitable<Response> Create(AccountRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kPost);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto body = JsonBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  auto created = co_await deps.accounts.Create(bss, std::move(*body));
  if (!created) co_return tmf::Fail(ctx, created.error());
  co_return Created(ctx, WithHref(ctx, deps.public_url, kCollection, std::move(*created)));
}

asio::awaitable<Response> Retrieve(AccountRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto fields = dt::ParseFieldsParam(ctx.query);
  if (!fields) co_return tmf::Fail(ctx, fields.error());
  std::string id(ctx.params.Get("id"));
  auto found = co_await deps.accounts.Get(bss, std::move(id));
  if (!found) co_return tmf::Fail(ctx, found.error());
  json::object doc = WithHref(ctx, deps.public_url, kCollection, std::move(*found));
  if (*fields) doc = dt::SelectFields(doc, **fields);
  co_return Finish(ctx, http::JsonResponse(200, doc));
}

asio::awaitable<Response> Patch(AccountRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kPatch);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto body = JsonBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  std::string id(ctx.params.Get("id"));
  auto patched = co_await deps.accounts.Patch(bss, std::move(id), std::move(*body));
  if (!patched) co_return tmf::Fail(ctx, patched.error());
  co_return Finish(ctx, http::JsonResponse(
                            200, WithHref(ctx, deps.public_url, kCollection, std::move(*patched))));
}

asio::awaitable<Response> Delete(AccountRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kDelete);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  Status deleted = co_await deps.accounts.Delete(bss, std::move(id));
  if (!deleted) co_return tmf::Fail(ctx, deleted.error());
  co_return Finish(ctx, http::EmptyResponse(204));
}

asio::awaitable<Response> CreateQuick(AccountRoutesDeps& deps, RequestContext& ctx) {
  // Row 19 needs all three permissions.
  std::vector<tmf::Need> needs = {
      {"billingAccount", "post"}, {"customer", "post"}, {"individual", "post"}};
  const auth::MethodClass method_class = auth::MethodClass::kWrite;
  auto admitted = co_await AdmitBss(ctx, deps.providers, std::move(needs), method_class);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  auto body = JsonBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  auto created = co_await deps.accounts.CreateQuickPrepaid(bss, std::move(*body));
  if (!created) co_return tmf::Fail(ctx, created.error());
  co_return Created(ctx, QuickJson(ctx, deps, std::move(*created)));
}

asio::awaitable<Response> RetrieveQuick(AccountRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& bss = std::get<domain::bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  auto found = co_await deps.accounts.GetQuickPrepaid(bss, std::move(id));
  if (!found) co_return tmf::Fail(ctx, found.error());
  co_return Finish(ctx, http::JsonResponse(200, QuickJson(ctx, deps, std::move(*found))));
}

}  // namespace

void RegisterAccountRoutes(http::Router& router, AccountRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string accounts = base + "/billingAccount";
    const std::string quick = base + "/quickPrepaidBillingAccount";
    router.Add(Verb::get, accounts, Access::kBearer, http::BindDeps(deps, List));
    router.Add(Verb::post, accounts, Access::kBearer, http::BindDeps(deps, Create));
    router.Add(Verb::get, accounts + "/{id}", Access::kBearer, http::BindDeps(deps, Retrieve));
    router.Add(Verb::patch, accounts + "/{id}", Access::kBearer, http::BindDeps(deps, Patch));
    router.Add(Verb::delete_, accounts + "/{id}", Access::kBearer, http::BindDeps(deps, Delete));
    router.Add(Verb::post, quick, Access::kBearer, http::BindDeps(deps, CreateQuick));
    router.Add(Verb::get, quick + "/{id}", Access::kBearer, http::BindDeps(deps, RetrieveQuick));
  }
}

}  // namespace ispcloud::api::obp
