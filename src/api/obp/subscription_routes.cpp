#include "api/obp/subscription_routes.h"

#include "api/obp/money_request.h"
#include "api/obp/obp_support.h"
#include "domain/bss/errors.h"
#include "domain/tmf/query.h"

namespace ispcloud::api::obp {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace bss = domain::bss;

constexpr std::string_view kSubscription = "subscription";
constexpr std::string_view kOrder = "productOrder";
constexpr std::string_view kOrderCollection = "/productOrder";
constexpr std::string_view kGet = "get";
constexpr std::string_view kPost = "post";
constexpr std::string_view kPut = "put";

json::object SummaryWithHref(const RequestContext& ctx, const SubscriptionRoutesDeps& deps,
                             json::object item) {
  const std::string id = std::string(item.at("id").as_string());
  item["href"] = Href(ctx, deps.public_url, "/subscription/profile?subscriptionId=" + id);
  return item;
}

asio::awaitable<Response> Types(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kSubscription, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<domain::bss::BssContext>(admitted);
  co_return Finish(ctx, http::JsonResponse(200, deps.subscriptions.Types(caller)));
}

asio::awaitable<Response> List(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kSubscription, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<domain::bss::BssContext>(admitted);
  bss::SubscriptionFilter filter;
  auto account = QueryParam(ctx, {"accountID", "accountId", "ban"});
  if (!account) co_return tmf::Fail(ctx, account.error());
  filter.account = *account;
  auto msisdn = QueryParam(ctx, {"mobileNumber", "msisdn"});
  if (!msisdn) co_return tmf::Fail(ctx, msisdn.error());
  filter.msisdn = *msisdn;
  auto recurse = Param(ctx, "recurse");
  if (!recurse) co_return tmf::Fail(ctx, recurse.error());
  filter.recurse = *recurse && **recurse == "true";
  auto state = IntParam(ctx, "state");
  if (!state) co_return tmf::Fail(ctx, state.error());
  filter.state = *state;
  auto type = IntParam(ctx, "subscriptionType");
  if (!type) co_return tmf::Fail(ctx, type.error());
  filter.subscription_type = *type;
  auto paging = PagingOf(ctx);
  if (!paging) co_return tmf::Fail(ctx, paging.error());
  filter.offset = paging->offset;
  filter.limit = paging->limit;
  auto page = co_await deps.subscriptions.List(caller, std::move(filter));
  if (!page) co_return tmf::Fail(ctx, page.error());
  json::array items;
  for (json::object& item : page->items)
    items.emplace_back(SummaryWithHref(ctx, deps, std::move(item)));
  co_return ListResponse(ctx, std::move(items), page->total);
}

// The single-line reads differ only in the service call.
enum class LineRead { kProfile, kPricePlan, kBalance, kBundleBalance };

asio::awaitable<Response> ReadLine(SubscriptionRoutesDeps& deps, RequestContext& ctx,
                                   LineRead what) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kSubscription, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<domain::bss::BssContext>(admitted);
  auto ref = bss::SubscriptionRefFromQuery(ctx.query);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  if (std::string_view id = ctx.params.Get("id"); !id.empty()) {
    ref->subscription_id = std::string(id);
  }
  Result<json::object> out = MakeError(ErrorCode::kInternal, "unreachable");
  switch (what) {
    case LineRead::kProfile:
      out = co_await deps.subscriptions.Profile(caller, std::move(*ref));
      break;
    case LineRead::kPricePlan:
      out = co_await deps.subscriptions.PricePlan(caller, std::move(*ref));
      break;
    case LineRead::kBalance:
      out = co_await deps.subscriptions.BalanceQuery(caller, std::move(*ref));
      break;
    case LineRead::kBundleBalance: {
      auto bundle = IntParam(ctx, "bundleId");
      if (!bundle) co_return tmf::Fail(ctx, bundle.error());
      auto bucket = IntParam(ctx, "bucketId");
      if (!bucket) co_return tmf::Fail(ctx, bucket.error());
      out = co_await deps.subscriptions.BundleBalance(caller, std::move(*ref), *bundle, *bucket);
      break;
    }
  }
  if (!out) co_return tmf::Fail(ctx, out.error());
  co_return Finish(ctx, http::JsonResponse(200, *out));
}

asio::awaitable<Response> Profile(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLine(deps, ctx, LineRead::kProfile);
}
asio::awaitable<Response> PricePlan(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLine(deps, ctx, LineRead::kPricePlan);
}
asio::awaitable<Response> Balance(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLine(deps, ctx, LineRead::kBalance);
}
asio::awaitable<Response> BundleBalance(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLine(deps, ctx, LineRead::kBundleBalance);
}

// Row 38: the line from subscriptionId / mobileNumber (or subscriptionRef) in the body.
asio::awaitable<Response> UpdateProfile(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kSubscription, "patch");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  std::optional<std::string> account;  // accepted; the line knows its account
  auto ref = SubscriptionRefOfBody(body->fields, account);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  plume::FieldReader r(*body);
  bss::ProfilePatch patch;
  patch.credit_limit = r.Int("creditLimit");
  patch.monthly_spend_limit = r.Int("monthlySpendLimit");
  patch.notification_preference = r.Int("notificationPreference");
  patch.billing_language = r.String("billingLanguage");
  patch.maximum_balance = r.Int("maximumBalance");
  patch.decode_errors = r.TakeErrors();
  auto profile =
      co_await deps.subscriptions.UpdateProfile(caller, std::move(*ref), std::move(patch));
  if (!profile) co_return tmf::Fail(ctx, profile.error());
  co_return Finish(ctx, http::JsonResponse(200, *profile));
}

// Rows 30 (POST) and 31 (PUT): orders honour Idempotency-Key (§3.3 item 7).
asio::awaitable<Response> SubmitOrder(SubscriptionRoutesDeps& deps, RequestContext& ctx,
                                      std::string_view verb) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kOrder, verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<domain::bss::BssContext>(admitted);
  auto body = JsonBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  auto idempotency = IdempotencyOf(ctx, caller);
  if (!idempotency) co_return tmf::Fail(ctx, idempotency.error());
  bss::OrderRenderer render = [&](json::object order) {
    return WithHref(ctx, deps.public_url, kOrderCollection, std::move(order));
  };
  auto outcome = co_await deps.orders.Submit(caller, std::move(*body), verb == kPut,
                                             std::move(*idempotency), std::move(render));
  if (!outcome) co_return tmf::Fail(ctx, outcome.error());
  co_return OutcomeResponse(ctx, *outcome);
}

asio::awaitable<Response> CreateOrder(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await SubmitOrder(deps, ctx, kPost);
}

asio::awaitable<Response> ReplaceOrder(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await SubmitOrder(deps, ctx, kPut);
}

asio::awaitable<Response> ListOrders(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kOrder, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<domain::bss::BssContext>(admitted);
  bss::OrderFilter filter;
  auto ban = Param(ctx, "customerBan");
  if (!ban) co_return tmf::Fail(ctx, ban.error());
  if (*ban) {
    std::string value = **ban;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    filter.customer_ban = value;
  }
  auto sub = QueryParam(ctx, {"subscriptionId", "subscriptionID"});
  if (!sub) co_return tmf::Fail(ctx, sub.error());
  filter.subscription_id = *sub;
  auto state = Param(ctx, "state");
  if (!state) co_return tmf::Fail(ctx, state.error());
  filter.state = *state;
  auto type = Param(ctx, "type");
  if (!type) co_return tmf::Fail(ctx, type.error());
  filter.type = *type;
  auto paging = PagingOf(ctx);
  if (!paging) co_return tmf::Fail(ctx, paging.error());
  filter.offset = paging->offset;
  filter.limit = paging->limit;
  auto page = co_await deps.orders.List(caller, std::move(filter));
  if (!page) co_return tmf::Fail(ctx, page.error());
  json::array items;
  for (json::object& item : page->items)
    items.emplace_back(WithHref(ctx, deps.public_url, kOrderCollection, std::move(item)));
  co_return ListResponse(ctx, std::move(items), page->total);
}

asio::awaitable<Response> GetOrder(SubscriptionRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kOrder, kGet);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<domain::bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  auto order = co_await deps.orders.Get(caller, std::move(id));
  if (!order) co_return tmf::Fail(ctx, order.error());
  co_return Finish(ctx, http::JsonResponse(200, WithHref(ctx, deps.public_url, kOrderCollection,
                                                         std::move(*order))));
}

}  // namespace

void RegisterSubscriptionRoutes(http::Router& router, SubscriptionRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string subs = base + "/subscription";
    router.Add(Verb::get, subs, Access::kBearer, http::BindDeps(deps, List));
    router.Add(Verb::get, subs + "/type", Access::kBearer, http::BindDeps(deps, Types));
    router.Add(Verb::get, subs + "/profile", Access::kBearer, http::BindDeps(deps, Profile));
    router.Add(Verb::patch, subs + "/profile", Access::kBearer,
               http::BindDeps(deps, UpdateProfile));
    router.Add(Verb::get, subs + "/balanceQuery", Access::kBearer, http::BindDeps(deps, Balance));
    router.Add(Verb::get, subs + "/bundleBalance", Access::kBearer,
               http::BindDeps(deps, BundleBalance));
    router.Add(Verb::get, subs + "/{id}/pricePlan", Access::kBearer,
               http::BindDeps(deps, PricePlan));
    const std::string orders = base + "/productOrder";
    router.Add(Verb::post, orders, Access::kBearer, http::BindDeps(deps, CreateOrder));
    router.Add(Verb::put, orders, Access::kBearer, http::BindDeps(deps, ReplaceOrder));
    router.Add(Verb::get, orders, Access::kBearer, http::BindDeps(deps, ListOrders));
    router.Add(Verb::get, orders + "/{id}", Access::kBearer, http::BindDeps(deps, GetOrder));
  }
}

}  // namespace ispcloud::api::obp
