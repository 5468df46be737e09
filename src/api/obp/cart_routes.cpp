#include "api/obp/cart_routes.h"

#include <boost/json/array.hpp>

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

constexpr std::string_view kCart = "shoppingCart";
constexpr std::string_view kCollection = "/shoppingCart";

asio::awaitable<Response> Create(CartRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kCart, "post");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  auto cart = co_await deps.carts.Create(caller, std::move(body->fields));
  if (!cart) co_return tmf::Fail(ctx, cart.error());
  co_return JsonReply(ctx, 200, WithHref(ctx, deps.public_url, kCollection, std::move(*cart)));
}

asio::awaitable<Response> List(CartRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kCart, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto customer = QueryParam(ctx, {"customerId", "accountID"});
  if (!customer) co_return tmf::Fail(ctx, customer.error());
  if (!*customer || (*customer)->empty()) {
    co_return tmf::Fail(ctx, bss::BadField("customerId", "presence", "customerId is required"));
  }
  auto carts = co_await deps.carts.List(caller, std::move(**customer));
  if (!carts) co_return tmf::Fail(ctx, carts.error());
  json::array items;
  for (json::value& c : *carts) {
    items.emplace_back(WithHref(ctx, deps.public_url, kCollection, std::move(c.as_object())));
  }
  const int64_t total = static_cast<int64_t>(items.size());
  co_return ListResponse(ctx, std::move(items), total);
}

asio::awaitable<Response> GetOne(CartRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kCart, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  auto cart = co_await deps.carts.Get(caller, std::move(id));
  if (!cart) co_return tmf::Fail(ctx, cart.error());
  co_return JsonReply(ctx, 200, WithHref(ctx, deps.public_url, kCollection, std::move(*cart)));
}

asio::awaitable<Response> Patch(CartRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kCart, "patch");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  std::string id(ctx.params.Get("id"));
  auto cart = co_await deps.carts.Patch(caller, std::move(id), std::move(body->fields));
  if (!cart) co_return tmf::Fail(ctx, cart.error());
  co_return JsonReply(ctx, 200, WithHref(ctx, deps.public_url, kCollection, std::move(*cart)));
}

asio::awaitable<Response> Remove(CartRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kCart, "delete");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  Status done = co_await deps.carts.Delete(caller, std::move(id));
  if (!done) co_return tmf::Fail(ctx, done.error());
  co_return JsonReply(ctx, 200,
                      json::object{{"responseMessage", "success"}, {"message", "Deleted"}});
}

}  // namespace

void RegisterCartRoutes(http::Router& router, CartRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string path = base + "/shoppingCart";
    router.Add(Verb::post, path, Access::kBearer, http::BindDeps(deps, Create));
    router.Add(Verb::get, path, Access::kBearer, http::BindDeps(deps, List));
    router.Add(Verb::get, path + "/{id}", Access::kBearer, http::BindDeps(deps, GetOne));
    router.Add(Verb::patch, path + "/{id}", Access::kBearer, http::BindDeps(deps, Patch));
    router.Add(Verb::delete_, path + "/{id}", Access::kBearer, http::BindDeps(deps, Remove));
  }
}

}  // namespace ispcloud::api::obp
