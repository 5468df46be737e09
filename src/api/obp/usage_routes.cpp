#include "api/obp/usage_routes.h"

#include <boost/json/serialize.hpp>

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

asio::awaitable<Response> Rate(UsageRoutesDeps& deps, RequestContext& ctx) {
  std::vector<tmf::Need> needs{{"admin", "post"}};
  auto admitted =
      co_await AdmitBss(ctx, deps.providers, std::move(needs), auth::MethodClass::kAdmin);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  std::optional<std::string> account;  // accepted; the line knows its account
  auto line = SubscriptionRefOfBody(body->fields, account);
  if (!line) co_return tmf::Fail(ctx, line.error());
  plume::FieldReader reader(*body);
  bss::UsageEvent event;
  event.line = std::move(*line);
  event.call_type = reader.Int("callType");
  event.duration_ms = reader.Int("duration");
  event.data_bytes = reader.Int("dataUsage");
  event.destination = reader.String("destinationNumber");
  event.transaction_date = reader.String("transactionDate");
  event.decode_errors = reader.TakeErrors();
  if (Status s = bss::ValidateUsageEvent(event); !s) co_return tmf::Fail(ctx, s.error());
  auto idempotency = IdempotencyOf(ctx, caller);
  if (!idempotency) co_return tmf::Fail(ctx, idempotency.error());
  bss::TxEffect effect = [&](storage::Tx& tx) -> asio::awaitable<Result<bss::HttpOutcome>> {
    auto record = co_await deps.usage.RateInTx(tx, caller, event);
    if (!record) co_return record.error();
    bss::HttpOutcome out;
    out.body = json::serialize(*record);
    co_return out;
  };
  co_return co_await RespondIdempotent(ctx, deps.db, deps.clock, std::move(*idempotency),
                                       std::move(effect));
}

}  // namespace

void RegisterUsageRoutes(http::Router& router, UsageRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    router.Add(Verb::post, base + "/admin/usage", Access::kBearer, http::BindDeps(deps, Rate));
  }
}

}  // namespace ispcloud::api::obp
