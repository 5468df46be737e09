#include "api/obp/voucher_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/obp/money_request.h"
#include "api/obp/obp_support.h"
#include "domain/bss/idempotency.h"

namespace ispcloud::api::obp {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace bss = domain::bss;

// Row 91 item (field names after R getVoucherInfo); never the number.
json::object VoucherJson(const bss::Voucher& v, std::string_view now) {
  json::object o{{"serialNumber", v.serial_number},
                 {"batchNumber", v.batch_number},
                 {"voucherStatus", bss::EffectiveVoucherState(v, now)},
                 {"voucherAmount", v.voucher_amount},
                 {"bonusAmount", v.bonus_amount},
                 {"currency", v.currency},
                 {"durationDays", v.duration_days},
                 {"expiresAt", v.expires_at}};
  o["dateUsed"] = v.used_at ? json::value(*v.used_at) : json::value(nullptr);
  o["usedBySubscription"] =
      v.used_by_subscription ? json::value(*v.used_by_subscription) : json::value(nullptr);
  return o;
}

// Row 92 response; `reveal` false masks the numbers (the form remembered for replays).
json::object BatchJson(const bss::VoucherBatch& batch, bool reveal) {
  json::array vouchers;
  for (const bss::IssuedVoucher& v : batch.vouchers) {
    const std::string last4 = v.voucher_number.substr(v.voucher_number.size() - 4);
    vouchers.push_back(json::object{
        {"voucherNumber",
         reveal ? v.voucher_number : bss::MaskVoucherNumber(last4, v.voucher_number.size())},
        {"serialNumber", v.serial_number}});
  }
  return json::object{{"batchNumber", batch.batch_number}, {"vouchers", std::move(vouchers)}};
}

asio::awaitable<Response> LookUp(VoucherRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, "voucher", "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  std::string spid = std::get<bss::BssContext>(admitted).SpidText();
  auto number = QueryParam(ctx, {"voucherNumber", "voucher"});
  if (!number) co_return tmf::Fail(ctx, number.error());
  auto serial = QueryParam(ctx, {"serialNumber"});
  if (!serial) co_return tmf::Fail(ctx, serial.error());
  auto found = co_await deps.vouchers.Find(std::move(spid), std::move(*number), std::move(*serial));
  json::array items;
  if (found) {
    items.push_back(VoucherJson(*found, FormatIso8601Millis(deps.clock.Now())));
  } else if (found.error().code != ErrorCode::kNotFound) {
    co_return tmf::Fail(ctx, found.error());
  }
  Response res = JsonReply(ctx, 200, items);
  res.set("X-Total-Count", std::to_string(items.size()));
  res.set("X-Result-Count", std::to_string(items.size()));
  co_return res;
}

// Reads an integer member; wrong types are recorded in `errors`.
std::optional<int64_t> IntField(plume::FieldReader& r, std::string_view name) {
  return r.Int(name);
}

asio::awaitable<Response> CreateBatch(VoucherRoutesDeps& deps, RequestContext& ctx) {
  std::vector<tmf::Need> needs{{"admin", "post"}};
  auto admitted =
      co_await AdmitBss(ctx, deps.providers, std::move(needs), auth::MethodClass::kAdmin);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  const std::string spid = caller.SpidText();
  const std::string currency = caller.provider.currency;
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  plume::FieldReader reader(*body);
  bss::VoucherBatchInput in;
  in.count = IntField(reader, "count");
  in.voucher_amount = IntField(reader, "voucherAmount");
  in.bonus_amount = IntField(reader, "bonusAmount");
  in.duration_days = IntField(reader, "durationDays");
  in.expires_at = reader.String("expiresAt");
  in.batch_number = reader.String("batchNumber");
  in.decode_errors = reader.TakeErrors();
  auto spec = deps.vouchers.Validate(in);
  if (!spec) co_return tmf::Fail(ctx, spec.error());
  auto idempotency = IdempotencyOf(ctx, caller);
  if (!idempotency) co_return tmf::Fail(ctx, idempotency.error());
  bss::TxEffect effect = [&](storage::Tx& tx) -> asio::awaitable<Result<bss::HttpOutcome>> {
    auto batch = co_await deps.vouchers.CreateBatchInTx(tx, caller.actor, spid, currency, *spec);
    if (!batch) co_return batch.error();
    bss::HttpOutcome out;
    out.status = 201;
    out.body = json::serialize(BatchJson(*batch, true));
    out.stored_body = json::serialize(BatchJson(*batch, false));
    co_return out;
  };
  co_return co_await RespondIdempotent(ctx, deps.db, deps.clock, std::move(*idempotency),
                                       std::move(effect));
}

// Row 55: redeems a voucher; a voucher replay and an Idempotency-Key replay both answer the
// first result with Idempotent-Replay: true.
asio::awaitable<Response> Recharge(VoucherRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, "voucherRecharge", "post");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  bss::RechargeRequest request;
  auto ref = SubscriptionRefOfBody(body->fields, request.account_id);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  request.ref = std::move(*ref);
  plume::FieldReader reader(*body);
  request.voucher = reader.String("voucher");
  if (!request.voucher) request.voucher = reader.String("voucherNumber");
  request.serial = reader.String("serialNumber");
  request.external_transaction_number = reader.String("externalTransactionNumber");
  request.decode_errors = reader.TakeErrors();
  if (Status s = bss::ValidateRechargeRequest(request); !s) co_return tmf::Fail(ctx, s.error());
  auto idempotency = IdempotencyOf(ctx, caller);
  if (!idempotency) co_return tmf::Fail(ctx, idempotency.error());
  bss::TxEffect effect = [&](storage::Tx& tx) -> asio::awaitable<Result<bss::HttpOutcome>> {
    auto result = co_await deps.recharges.RechargeInTx(tx, caller, request);
    if (!result) co_return result.error();
    bss::HttpOutcome out;
    out.status = 200;
    out.body = json::serialize(result->body);
    out.replayed = result->replay;
    co_return out;
  };
  co_return co_await RespondIdempotent(ctx, deps.db, deps.clock, std::move(*idempotency),
                                       std::move(effect));
}

}  // namespace

void RegisterVoucherRoutes(http::Router& router, VoucherRoutesDeps& deps) {
  for (const std::string base : {"/api", "/api/v1"}) {
    router.Add(Verb::get, base + "/voucher", Access::kBearer,
               [&deps](RequestContext& ctx) { return LookUp(deps, ctx); });
    router.Add(Verb::post, base + "/admin/voucher", Access::kBearer,
               [&deps](RequestContext& ctx) { return CreateBatch(deps, ctx); });
    router.Add(Verb::post, base + "/subscription/voucherRecharge", Access::kBearer,
               [&deps](RequestContext& ctx) { return Recharge(deps, ctx); });
  }
}

}  // namespace ispcloud::api::obp
