#include "domain/bss/order_service.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/billing_account_service.h"
#include "domain/bss/errors.h"
#include "domain/bss/order_fulfilment.h"
#include "domain/bss/order_rules.h"
#include "storage/audit_repository.h"
#include "storage/bss/order_repository.h"
#include "storage/bss/sequence_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kOrderSequence = "productOrder";
constexpr std::string_view kOrderFulfilled = "Order Fulfilled";
constexpr std::string_view kOrderFailed = "Order Failed";
constexpr std::string_view kOrderPending = "Order Pending";

json::array SentItems(const OrderRequest& request) {
  const json::value* items = request.body.if_contains("productOrderItem");
  return items != nullptr && items->is_array() ? items->get_array() : json::array();
}

}  // namespace

OrderService::OrderService(storage::Database& db, const Clock& clock, BssEventPublisher& events)
    : db_(db), clock_(clock), events_(events) {}

asio::awaitable<Result<HttpOutcome>> OrderService::Submit(
    const BssContext& ctx, json::value body, bool replace,
    std::optional<IdempotencyRequest> idempotency, OrderRenderer render) {
  if (!body.is_object()) co_return BadField("body", "type", "the request body must be an object");
  // Row 31: the body's type defaults to ChangeOffer.
  if (replace && !body.get_object().contains("type")) body.get_object()["type"] = "ChangeOffer";
  auto parsed = ParseOrderRequest(body.get_object(), ctx.provider);
  if (!parsed) co_return parsed.error();
  const OrderRequest request = std::move(*parsed);
  if (replace && request.type != "ChangeOffer") {
    co_return BadField("type", "inclusion", "PUT /productOrder takes ChangeOffer orders only");
  }
  if (request.atu_token_id && request.type != "Activation") {
    co_return BadField("atuTokenID", "inclusion", "automatic top-up is set up by Activation orders");
  }
  // §1.9: a monthly spend limit in userData needs the CSR attribute.
  Status gate = CheckLimitGate(ctx, auth::CsrLimit::kMonthlySpendLimit,
                               request.monthly_spend_limit.has_value());
  if (!gate) co_return gate.error();

  const TimePoint now_tp = clock_.Now();
  const std::string now = FormatIso8601Millis(now_tp);
  std::optional<json::object> order;
  repo::AccountRow account;

  // Stores the order document and its audit record and events.
  auto store = [&](storage::Tx& tx, std::string id, std::string_view state, OrderOutcome outcome,
                   std::string reason) -> asio::awaitable<Status> {
    json::object doc;
    doc["id"] = id;
    doc["type"] = request.type;
    doc["state"] = state;
    doc["orderStatus"] = state;
    doc["orderDate"] = now;
    doc["completionDate"] = FormatIso8601Millis(clock_.Now());
    for (std::string_view key :
         {"relatedParty", "userData", "note", "channel", "contactMedium", "notificationContact"}) {
      if (const json::value* v = request.body.if_contains(key)) doc[key] = *v;
    }
    doc["productOrderItem"] = outcome.items.empty() ? json::value(SentItems(request))
                                                    : json::value(std::move(outcome.items));
    if (request.amount_paid) doc["payment"] = json::array{json::object{{"id", "EXTERNAL_PAYMENT"}}};
    doc["orderTotalPrice"] =
        json::array{json::object{{"priceType", "TAX"}, {"price", 0}},
                    json::object{{"priceType", "NR"}, {"price", DecimalJson(outcome.nr)}},
                    json::object{{"priceType", "RC"}, {"price", DecimalJson(outcome.rc)}},
                    json::object{{"priceType", "DISCOUNT"}, {"price", 0}}};
    doc["subscriptionId"] = outcome.subscription_id.empty() ? json::value(nullptr)
                                                            : json::value(outcome.subscription_id);
    if (outcome.atu_schedule_id) doc["atuScheduleID"] = *outcome.atu_schedule_id;
    if (!doc.contains("note")) doc["note"] = json::array();
    json::array history;
    for (std::string_view status : {kOrderPending, state}) {
      json::object entry;
      entry["orderStatus"] = status;
      entry["changeDate"] = now;
      entry["changeReason"] = status == kOrderPending ? std::string() : reason;
      history.push_back(std::move(entry));
    }
    doc["history"] = std::move(history);
    if (!ctx.correlation_id.empty()) doc["transactionId"] = ctx.correlation_id;
    doc["@type"] = "ProductOrder";
    repo::OrderRow row;
    row.id = id;
    row.spid = ctx.spid();
    row.account_id = account.id;
    row.ban = account.ban;
    if (!outcome.subscription_id.empty()) row.subscription_id = outcome.subscription_id;
    row.order_type = request.type;
    row.state = std::string(state);
    row.body = json::serialize(doc);
    if (!ctx.correlation_id.empty()) row.correlation_id = ctx.correlation_id;
    row.created_at = now;
    row.updated_at = now;
    if (Status s = co_await repo::InsertOrder(tx, row); !s) co_return s;
    const storage::AuditEntry entry{
        now, "productOrder.create", "productOrder", id,
        json::serialize(json::object{{"state", state}, {"reason", reason}})};
    if (Status s = co_await storage::AppendAudit(tx, ctx.actor, entry); !s) co_return s;
    const std::string path = "/api/productOrder/" + id;
    const std::string event = "ProductOrderStateChangeEvent";
    const std::string resource = "productOrder";
    json::object copy = doc;
    if (Status s = co_await events_.Publish(tx, ctx, event, resource, std::move(copy), path); !s) {
      co_return s;
    }
    order = std::move(doc);
    co_return Ok();
  };

  auto respond = [&]() -> HttpOutcome {
    HttpOutcome out;
    out.body = json::serialize(render ? render(*order) : *order);
    return out;
  };
  std::optional<Error> failure;
  TxEffect fulfil = [&](storage::Tx& tx) -> asio::awaitable<Result<HttpOutcome>> {
    failure.reset();  // the body may run more than once (db.h)
    auto found = co_await FindAccountOrFail(tx, ctx.spid(), request.account_key);
    if (!found) {
      if (found.error().code == ErrorCode::kNotFound) {
        co_return BadField(
            "relatedParty", "reference",
            "billing account " + request.account_key + " does not exist in this SPID");
      }
      co_return found.error();
    }
    account = std::move(*found);
    auto number = co_await repo::NextSequenceValue(tx, kOrderSequence, kFirstOrderNumber);
    if (!number) co_return number.error();
    const std::string order_id = "SOI" + std::to_string(*number);
    const OrderJob job{ctx, request, account, order_id, now_tp, events_};
    Result<OrderOutcome> outcome = MakeError(ErrorCode::kInternal, "unreachable");
    if (request.type == "Activation") {
      outcome = co_await FulfilActivation(tx, job);
    } else if (request.type == "ChangeOffer") {
      outcome = co_await FulfilChangeOffer(tx, job);
    } else if (request.type == "ChangeSim") {
      outcome = co_await FulfilChangeSim(tx, job);
    } else {
      outcome = co_await FulfilStateChange(tx, job);
    }
    if (!outcome) {
      // A business refusal fails the accepted order instead of rejecting the request.
      if (IsBusinessRefusal(outcome.error())) failure = outcome.error();
      co_return outcome.error();
    }
    const std::string no_reason;
    Status stored = co_await store(tx, order_id, kOrderFulfilled, std::move(*outcome), no_reason);
    if (!stored) co_return stored.error();
    co_return respond();
  };
  auto fulfilled = co_await RunIdempotent(db_, clock_, idempotency, std::move(fulfil));
  if (fulfilled || !failure) co_return fulfilled;

  // The refusal rolled everything back: record the failed order on its own (and, with a key,
  // remember that outcome).
  const std::string reason = failure->message;
  TxEffect record_failure = [&](storage::Tx& tx) -> asio::awaitable<Result<HttpOutcome>> {
    auto number = co_await repo::NextSequenceValue(tx, kOrderSequence, kFirstOrderNumber);
    if (!number) co_return number.error();
    const std::string order_id = "SOI" + std::to_string(*number);
    OrderOutcome none;
    Status stored = co_await store(tx, order_id, kOrderFailed, std::move(none), reason);
    if (!stored) co_return stored.error();
    co_return respond();
  };
  co_return co_await RunIdempotent(db_, clock_, std::move(idempotency), std::move(record_failure));
}

asio::awaitable<Result<json::object>> OrderService::Create(const BssContext& ctx,
                                                           json::value body) {
  std::optional<IdempotencyRequest> no_key;
  OrderRenderer as_stored;
  auto outcome = co_await Submit(ctx, std::move(body), false, std::move(no_key), as_stored);
  if (!outcome) co_return outcome.error();
  boost::system::error_code ec;
  json::value doc = json::parse(outcome->body, ec);
  if (ec || !doc.is_object()) co_return MakeError(ErrorCode::kInternal, "order is not JSON");
  co_return std::move(doc.get_object());
}

asio::awaitable<Result<json::object>> OrderService::Get(const BssContext& ctx, std::string id) {
  std::optional<repo::OrderRow> row;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindOrder(tx, ctx.spid(), id);
    if (!found) co_return found.error();
    row = std::move(*found);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!row) co_return NotFound("product order " + id);
  boost::system::error_code ec;
  json::value doc = json::parse(row->body, ec);
  if (ec || !doc.is_object()) co_return MakeError(ErrorCode::kInternal, "stored order is not JSON");
  co_return std::move(doc.get_object());
}

asio::awaitable<Result<OrderPage>> OrderService::List(const BssContext& ctx, OrderFilter filter) {
  std::vector<repo::OrderRow> rows;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto list = co_await repo::ListOrders(tx, ctx.spid());
    if (!list) co_return list.error();
    rows = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  OrderPage page;
  std::vector<const repo::OrderRow*> matches;
  for (const repo::OrderRow& r : rows) {
    if (filter.customer_ban && r.ban != *filter.customer_ban) continue;
    if (filter.subscription_id && r.subscription_id != *filter.subscription_id) continue;
    if (filter.state && r.state != *filter.state) continue;
    if (filter.type && r.order_type != *filter.type) continue;
    matches.push_back(&r);
  }
  page.total = static_cast<int64_t>(matches.size());
  const size_t begin = std::min(matches.size(), static_cast<size_t>(filter.offset));
  const size_t end = std::min(matches.size(), begin + static_cast<size_t>(filter.limit));
  for (size_t i = begin; i < end; ++i) {
    boost::system::error_code ec;
    json::value doc = json::parse(matches[i]->body, ec);
    if (ec || !doc.is_object())
      co_return MakeError(ErrorCode::kInternal, "stored order is not JSON");
    page.items.push_back(std::move(doc.get_object()));
  }
  co_return page;
}

}  // namespace ispcloud::domain::bss
