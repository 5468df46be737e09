#include "api/obp/history_routes.h"

#include <boost/json/array.hpp>

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

// start/end/isAscending/limit/nextPageKey (§2.0 history lists).
Result<bss::HistoryWindow> WindowOf(const RequestContext& ctx) {
  bss::HistoryWindow w;
  auto start = DateTimeParam(ctx, "start");
  if (!start) return start.error();
  w.start = std::move(*start);
  auto end = DateTimeParam(ctx, "end");
  if (!end) return end.error();
  w.end = std::move(*end);
  auto ascending = Param(ctx, "isAscending");
  if (!ascending) return ascending.error();
  if (*ascending) {
    if (**ascending != "true" && **ascending != "false") {
      return bss::BadField("isAscending", "type", "isAscending must be true or false");
    }
    w.ascending = **ascending == "true";
  }
  auto paging = PagingOf(ctx);
  if (!paging) return paging.error();
  w.limit = paging->limit;
  auto key = Param(ctx, "nextPageKey");
  if (!key) return key.error();
  w.next_page_key = std::move(*key);
  return w;
}

// The line a history request names: path {id} when the route has one, else the query.
Result<bss::SubscriptionRef> LineOf(const RequestContext& ctx) {
  if (std::string_view id = ctx.params.Get("id"); !id.empty()) {
    return bss::SubscriptionRef::FromKey(std::string(id));
  }
  return bss::SubscriptionRefFromQuery(ctx.query);
}

asio::awaitable<Response> LedgerHistory(HistoryRoutesDeps& deps, RequestContext& ctx,
                                        bss::LedgerView view) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kSubscription, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto ref = LineOf(ctx);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  auto window = WindowOf(ctx);
  if (!window) co_return tmf::Fail(ctx, window.error());
  auto page = co_await deps.histories.Ledger(caller, std::move(*ref), std::move(*window), view);
  if (!page) co_return tmf::Fail(ctx, page.error());
  co_return JsonReply(ctx, 200, page->ToJson());
}

asio::awaitable<Response> Transactions(HistoryRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await LedgerHistory(deps, ctx, bss::LedgerView::kTransactions);
}
asio::awaitable<Response> Detailed(HistoryRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await LedgerHistory(deps, ctx, bss::LedgerView::kDetailed);
}
asio::awaitable<Response> BalanceHistory(HistoryRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await LedgerHistory(deps, ctx, bss::LedgerView::kBalance);
}

asio::awaitable<Response> BucketHistory(HistoryRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kSubscription, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto ref = LineOf(ctx);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  auto window = WindowOf(ctx);
  if (!window) co_return tmf::Fail(ctx, window.error());
  auto bundle = IntParam(ctx, "bundleId");
  if (!bundle) co_return tmf::Fail(ctx, bundle.error());
  auto page = co_await deps.histories.Buckets(caller, std::move(*ref), std::move(*window), *bundle);
  if (!page) co_return tmf::Fail(ctx, page.error());
  co_return JsonReply(ctx, 200, page->ToJson());
}

// Row 46 (callDetail:get): the line from the query.
asio::awaitable<Response> CallDetails(HistoryRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, "callDetail", "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto ref = LineOf(ctx);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  auto window = WindowOf(ctx);
  if (!window) co_return tmf::Fail(ctx, window.error());
  auto call_type = IntParam(ctx, "callType");
  if (!call_type) co_return tmf::Fail(ctx, call_type.error());
  auto page =
      co_await deps.histories.CallDetails(caller, std::move(*ref), std::move(*window), *call_type);
  if (!page) co_return tmf::Fail(ctx, page.error());
  co_return JsonReply(ctx, 200, page->ToJson());
}

// Adds `href` (collection + "/" + id) to `doc` when it has a string id.
void AddHref(const RequestContext& ctx, const HistoryRoutesDeps& deps, json::value& doc,
             std::string_view collection) {
  if (!doc.is_object()) return;
  const json::value* id = doc.get_object().if_contains("id");
  if (id == nullptr || !id->is_string()) return;
  const std::string path = std::string(collection) + "/" + std::string(id->get_string());
  doc.get_object()["href"] = Href(ctx, deps.public_url, path);
}

asio::awaitable<Response> CustomerDashboard(HistoryRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, "customer", "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  std::string id(ctx.params.Get("id"));
  auto board = co_await deps.dashboards.CustomerDashboard(caller, std::move(id));
  if (!board) co_return tmf::Fail(ctx, board.error());
  AddHref(ctx, deps, (*board)["customer"], "/customer");
  AddHref(ctx, deps, (*board)["engagedParty"], "/individual");
  for (json::value& account : (*board)["billingAccounts"].as_array()) {
    AddHref(ctx, deps, account, "/billingAccount");
  }
  co_return JsonReply(ctx, 200, *board);
}

}  // namespace

void RegisterHistoryRoutes(http::Router& router, HistoryRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string subs = base + "/subscription";
    router.Add(Verb::get, subs + "/{id}/history", Access::kBearer,
               http::BindDeps(deps, BucketHistory));
    router.Add(Verb::get, subs + "/balanceHistory", Access::kBearer,
               http::BindDeps(deps, BalanceHistory));
    router.Add(Verb::get, subs + "/{id}/transaction", Access::kBearer,
               http::BindDeps(deps, Transactions));
    router.Add(Verb::get, subs + "/{id}/detailedSubscriptionTransaction", Access::kBearer,
               http::BindDeps(deps, Detailed));
    router.Add(Verb::get, base + "/callDetail", Access::kBearer, http::BindDeps(deps, CallDetails));
    router.Add(Verb::get, base + "/dashboard/customer/{id}", Access::kBearer,
               http::BindDeps(deps, CustomerDashboard));
  }
}

}  // namespace ispcloud::api::obp
