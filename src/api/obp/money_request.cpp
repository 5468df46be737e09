#include "api/obp/money_request.h"

#include <boost/json/parse.hpp>

#include "api/tmf/request.h"
#include "auth/principal.h"
#include "domain/tmf/query.h"

namespace ispcloud::api::obp {

using http::RequestContext;
namespace json = boost::json;

Result<plume::Body> JsonObjectBody(const RequestContext& ctx) {
  const std::string media = tmf::MediaType(ctx);
  if (!ctx.request.body().empty() && media != "application/json" &&
      media != "application/merge-patch+json" && !media.ends_with("+json")) {
    return tmf::UnsupportedMedia("application/json");
  }
  auto body = tmf::ParseJsonBody(ctx);
  if (!body) return body.error();
  if (!body->is_object()) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
    e.fields.push_back({"body", "type", e.message});
    return e;
  }
  return plume::Body{std::move(body->as_object()), false};
}

Result<std::optional<domain::bss::IdempotencyRequest>> IdempotencyOf(
    const RequestContext& ctx, const domain::bss::BssContext& caller) {
  auto it = ctx.request.find("Idempotency-Key");
  if (it == ctx.request.end()) return std::optional<domain::bss::IdempotencyRequest>();
  const std::string key(it->value());
  if (Status ok = domain::bss::ValidateIdempotencyKey(key); !ok) return ok.error();
  domain::bss::IdempotencyRequest r;
  r.id.principal = SubjectOf(ctx);
  r.id.spid = caller.SpidText();
  r.id.method = std::string(ctx.request.method_string());
  r.id.path = std::string(ctx.path);
  r.id.key = key;
  r.fingerprint = domain::bss::RequestFingerprint(ctx.request.body());
  return std::optional<domain::bss::IdempotencyRequest>(std::move(r));
}

http::Response JsonReply(const RequestContext& ctx, int status, const json::value& body) {
  http::Response res = http::JsonResponse(status, body);
  if (auto it = ctx.request.find("Transaction-Id"); it != ctx.request.end()) {
    res.set("Transaction-Id", it->value());
  }
  return res;
}

http::Response OutcomeResponse(const RequestContext& ctx, const domain::bss::HttpOutcome& outcome) {
  boost::system::error_code ec;
  json::value body = json::parse(outcome.body, ec);
  if (ec) body = json::object();
  http::Response res = JsonReply(ctx, outcome.status, body);
  if (outcome.replayed) res.set("Idempotent-Replay", "true");
  return res;
}

asio::awaitable<http::Response> RespondIdempotent(
    const RequestContext& ctx, storage::Database& db, const Clock& clock,
    std::optional<domain::bss::IdempotencyRequest> idempotency, domain::bss::TxEffect effect) {
  auto outcome =
      co_await domain::bss::RunIdempotent(db, clock, std::move(idempotency), std::move(effect));
  if (!outcome) co_return tmf::Fail(ctx, outcome.error());
  co_return OutcomeResponse(ctx, *outcome);
}

std::string SubjectOf(const RequestContext& ctx) {
  if (ctx.principal == nullptr) return "";
  return ctx.principal->issuer + "|" + ctx.principal->subject;
}

Result<domain::bss::SubscriptionRef> SubscriptionRefOfBody(const json::object& body,
                                                           std::optional<std::string>& account) {
  const json::object* source = &body;
  if (const json::value* nested = body.if_contains("subscriptionRef");
      nested != nullptr && !nested->is_null()) {
    if (!nested->is_object()) {
      Error e = MakeError(ErrorCode::kInvalidArgument, "subscriptionRef must be an object");
      e.fields.push_back({"subscriptionRef", "type", e.message});
      return e;
    }
    source = &nested->get_object();
  }
  for (const json::object* o : {source, &body}) {
    const json::value* v = o->if_contains("accountID");
    if (v == nullptr) v = o->if_contains("accountId");
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_string()) {
      Error e = MakeError(ErrorCode::kInvalidArgument, "accountID must be a string");
      e.fields.push_back({"accountID", "type", e.message});
      return e;
    }
    account = std::string(v->get_string());
    break;
  }
  return domain::bss::SubscriptionRefFromJson(*source);
}

}  // namespace ispcloud::api::obp
