#include "api/obp/adjustment_routes.h"

#include <boost/json/array.hpp>
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

constexpr std::string_view kAdjustment = "adjustment";

json::object RecordJson(const RequestContext& ctx, const AdjustmentRoutesDeps& deps,
                        const bss::Adjustment& a) {
  json::object out = bss::AdjustmentJson(a);
  out["href"] = Href(ctx, deps.public_url, "/subscription/adjustment/" + a.id);
  return out;
}

// The name recorded as creator / approver (§1.11) and the identity of the four-eyes rule.
bss::AdjustmentActor ActorOf(const RequestContext& ctx, const bss::BssContext& caller) {
  return bss::AdjustmentActor{caller.agent, SubjectOf(ctx)};
}

// A member of the nested `value` object (`value.amount`, `value.expiryDateExtension`).
std::optional<int64_t> ValueMember(const plume::Body& body, std::string_view name,
                                   std::vector<FieldError>& errors) {
  const json::value* v = body.fields.if_contains("value");
  if (v == nullptr || !v->is_object()) return std::nullopt;
  plume::Body nested{v->get_object(), false};
  plume::FieldReader reader(nested);
  std::optional<int64_t> out = reader.Int(name);
  for (FieldError& e : reader.TakeErrors()) {
    e.field = "value." + e.field;
    errors.push_back(std::move(e));
  }
  return out;
}

bss::AdjustmentRequest DecodeCreate(const plume::Body& body) {
  plume::FieldReader r(body);
  bss::AdjustmentRequest in;
  in.account_id = r.String("accountID");
  if (!in.account_id) in.account_id = r.String("accountId");
  in.subscription_id = r.String("subscriptionId");
  in.mobile_number = r.String("mobileNumber");
  in.type = r.Int("adjustmentType");
  if (!in.type) in.type = r.Int("type");
  in.amount = r.Int("amount");
  in.action = r.Int("action");
  in.bundle_adjustment = r.Bool("bundleAdjustment");
  in.bundle_id = r.Int("bundleId");
  in.reason_code = r.Int("reasonCode");
  in.notes = r.String("notes");
  in.expiry_date_extension = r.Int("expiryDateExtension");
  in.external_transaction_number = r.String("externalTransactionNumber");
  in.decode_errors = r.TakeErrors();
  if (!in.amount) in.amount = ValueMember(body, "amount", in.decode_errors);
  if (!in.expiry_date_extension) {
    in.expiry_date_extension = ValueMember(body, "expiryDateExtension", in.decode_errors);
  }
  return in;
}

asio::awaitable<Response> Create(AdjustmentRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kAdjustment, "post");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  const bss::AdjustmentRequest request = DecodeCreate(*body);
  if (Status s = bss::ValidateAdjustmentRequest(request); !s) co_return tmf::Fail(ctx, s.error());
  auto idempotency = IdempotencyOf(ctx, caller);
  if (!idempotency) co_return tmf::Fail(ctx, idempotency.error());
  const bss::AdjustmentActor actor = ActorOf(ctx, caller);
  bss::TxEffect effect = [&](storage::Tx& tx) -> asio::awaitable<Result<bss::HttpOutcome>> {
    auto created = co_await deps.adjustments.CreateInTx(tx, caller, actor, request);
    if (!created) co_return created.error();
    bss::HttpOutcome out;
    out.status = created->existing ? 200 : 201;
    out.body = json::serialize(RecordJson(ctx, deps, created->record));
    co_return out;
  };
  co_return co_await RespondIdempotent(ctx, deps.db, deps.clock, std::move(*idempotency),
                                       std::move(effect));
}

asio::awaitable<Response> List(AdjustmentRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kAdjustment, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  bss::AdjustmentQuery q;
  auto account = QueryParam(ctx, {"accountID", "accountId"});
  if (!account) co_return tmf::Fail(ctx, account.error());
  q.account_id = std::move(*account);
  auto ref = bss::SubscriptionRefFromQuery(ctx.query);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  q.subscription = std::move(*ref);
  auto status = Param(ctx, "statusId");
  if (!status) co_return tmf::Fail(ctx, status.error());
  if (*status) {
    auto parsed = bss::ParseAdjustmentStatus(**status);
    if (!parsed) {
      co_return tmf::Fail(ctx, bss::BadField("statusId", "inclusion",
                                             "statusId must be one of CREATED, PENDING_APPROVAL, "
                                             "APPROVED, REJECTED, COMPLETED, FAILED"));
    }
    q.status = std::string(bss::StatusId(*parsed));
  }
  auto type = IntParam(ctx, "type");
  if (!type) co_return tmf::Fail(ctx, type.error());
  q.type = *type;
  auto bundle = Param(ctx, "bundleAdjustment");
  if (!bundle) co_return tmf::Fail(ctx, bundle.error());
  if (*bundle) {
    if (**bundle != "true" && **bundle != "false") {
      co_return tmf::Fail(
          ctx, bss::BadField("bundleAdjustment", "type", "bundleAdjustment must be true or false"));
    }
    q.bundle_adjustment = **bundle == "true";
  }
  auto from = DateTimeParam(ctx, "from");
  if (!from) co_return tmf::Fail(ctx, from.error());
  q.from = std::move(*from);
  auto to = DateTimeParam(ctx, "to");
  if (!to) co_return tmf::Fail(ctx, to.error());
  q.to = std::move(*to);
  auto created_by = Param(ctx, "createdBy");
  if (!created_by) co_return tmf::Fail(ctx, created_by.error());
  q.created_by = std::move(*created_by);
  auto paging = PagingOf(ctx);
  if (!paging) co_return tmf::Fail(ctx, paging.error());
  // This endpoint pages from 1 (§2.12.3): offset=1 (or 0) is the first record.
  q.offset = paging->offset > 0 ? paging->offset - 1 : 0;
  q.limit = paging->limit;
  auto page = co_await deps.adjustments.List(caller, std::move(q));
  if (!page) co_return tmf::Fail(ctx, page.error());
  json::array items;
  for (const bss::Adjustment& a : page->items) items.emplace_back(RecordJson(ctx, deps, a));
  co_return ListResponse(ctx, std::move(items), page->total);
}

asio::awaitable<Response> Get(AdjustmentRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kAdjustment, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  std::string id(ctx.params.Get("adjustmentId"));
  auto found = co_await deps.adjustments.Get(caller, std::move(id));
  if (!found) co_return tmf::Fail(ctx, found.error());
  co_return JsonReply(ctx, 200, RecordJson(ctx, deps, *found));
}

bss::AdjustmentPatchRequest DecodePatch(const plume::Body& body) {
  plume::FieldReader r(body);
  bss::AdjustmentPatchRequest in;
  in.notes = r.String("notes");
  in.reason_code = r.Int("reasonCode");
  in.amount = r.Int("amount");
  in.status = r.String("statusId");
  if (!in.status) in.status = r.String("status");
  in.comment = r.String("comment");
  in.decode_errors = r.TakeErrors();
  if (!in.amount) in.amount = ValueMember(body, "amount", in.decode_errors);
  in.empty = !in.notes && !in.reason_code && !in.amount && !in.status && !in.comment;
  return in;
}

// The body decides the permission (§2.12.5): it is parsed before admission, so invalid JSON
// answers 400 before any 403.
asio::awaitable<Response> Patch(AdjustmentRoutesDeps& deps, RequestContext& ctx) {
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  const bool decision = body->fields.contains("statusId") || body->fields.contains("status");
  const std::string_view entity = decision ? "approveAdjustment" : kAdjustment;
  auto admitted = co_await AdmitBss(ctx, deps.providers, entity, "patch");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto patch = bss::ClassifyAdjustmentPatch(DecodePatch(*body));
  if (!patch) co_return tmf::Fail(ctx, patch.error());
  const bss::AdjustmentActor actor = ActorOf(ctx, caller);
  const std::string id(ctx.params.Get("adjustmentId"));
  std::optional<bss::Adjustment> updated;
  Status st = co_await deps.db.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto done = co_await deps.adjustments.PatchInTx(tx, caller, actor, id, *patch);
    if (!done) co_return done.error();
    updated = std::move(*done);
    co_return Ok();
  });
  if (!st) co_return tmf::Fail(ctx, st.error());
  co_return JsonReply(ctx, 200, RecordJson(ctx, deps, *updated));
}

}  // namespace

void RegisterAdjustmentRoutes(http::Router& router, AdjustmentRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    const std::string path = base + "/subscription/adjustment";
    router.Add(Verb::post, path, Access::kBearer, http::BindDeps(deps, Create));
    router.Add(Verb::get, path, Access::kBearer, http::BindDeps(deps, List));
    router.Add(Verb::get, path + "/{adjustmentId}", Access::kBearer, http::BindDeps(deps, Get));
    router.Add(Verb::patch, path + "/{adjustmentId}", Access::kBearer, http::BindDeps(deps, Patch));
  }
}

}  // namespace ispcloud::api::obp
