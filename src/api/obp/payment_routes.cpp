#include "api/obp/payment_routes.h"

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

constexpr std::string_view kEntity = "paymentGatewayIntegration";

asio::awaitable<Response> CreateToken(PaymentRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, "post");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  plume::FieldReader reader(*body);
  bss::TokenInput input;
  input.account = reader.String("accountID");
  if (!input.account) input.account = reader.String("accountId");
  input.token_value = reader.String("tokenValue");
  input.masked_card_number = reader.String("maskedCardNumber");
  input.expiry_date = reader.String("expiryDate");
  input.decode_errors = reader.TakeErrors();
  auto idempotency = IdempotencyOf(ctx, caller);
  if (!idempotency) co_return tmf::Fail(ctx, idempotency.error());
  bss::TxEffect effect = [&](storage::Tx& tx) -> asio::awaitable<Result<bss::HttpOutcome>> {
    auto created = co_await deps.payments.CreateTokenInTx(tx, caller, input);
    if (!created) co_return created.error();
    bss::HttpOutcome out;
    out.status = created->existing ? 200 : 201;
    out.body = json::serialize(created->token);
    co_return out;
  };
  co_return co_await RespondIdempotent(ctx, deps.db, deps.clock, std::move(*idempotency),
                                       std::move(effect));
}

asio::awaitable<Response> ReadTokens(PaymentRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto account = QueryParam(ctx, {"accountID", "accountId"});
  if (!account) co_return tmf::Fail(ctx, account.error());
  if (!*account) {
    co_return tmf::Fail(ctx, bss::BadField("accountID", "presence", "accountID is required"));
  }
  auto tokens = co_await deps.payments.Tokens(caller, **account);
  if (!tokens) co_return tmf::Fail(ctx, tokens.error());
  co_return JsonReply(ctx, 200, *tokens);
}

asio::awaitable<Response> ReadSchedules(PaymentRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kEntity, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto account = QueryParam(ctx, {"accountID", "accountId"});
  if (!account) co_return tmf::Fail(ctx, account.error());
  auto line = bss::SubscriptionRefFromQuery(ctx.query);
  if (!line) co_return tmf::Fail(ctx, line.error());
  auto schedules = co_await deps.payments.Schedules(caller, *account, *line);
  if (!schedules) co_return tmf::Fail(ctx, schedules.error());
  co_return JsonReply(ctx, 200, *schedules);
}

}  // namespace

void RegisterPaymentRoutes(http::Router& router, PaymentRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string path = base + "/paymentGatewayIntegration";
    router.Add(Verb::post, path + "/createToken", Access::kBearer,
               http::BindDeps(deps, CreateToken));
    router.Add(Verb::get, path + "/readToken", Access::kBearer, http::BindDeps(deps, ReadTokens));
    router.Add(Verb::get, path + "/readSchedule", Access::kBearer,
               http::BindDeps(deps, ReadSchedules));
  }
}

}  // namespace ispcloud::api::obp
