#include "domain/bss/order_service.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/billing_account_service.h"
#include "domain/bss/catalog.h"
#include "domain/bss/composition.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/ledger.h"
#include "domain/bss/order_rules.h"
#include "domain/bss/subscription_resolver.h"
#include "domain/bss/subscription_service.h"
#include "domain/bss/subscription_state.h"
#include "storage/audit_repository.h"
#include "storage/bss/order_repository.h"
#include "storage/bss/sequence_repository.h"
#include "storage/bss/subscription_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kOrderSequence = "productOrder";
constexpr std::string_view kOrderFulfilled = "Order Fulfilled";
constexpr std::string_view kOrderFailed = "Order Failed";
constexpr std::string_view kOrderPending = "Order Pending";
constexpr std::string_view kOrderFailure = "Failed to create product order.";

int64_t IntOr(const json::object& o, std::string_view key, int64_t fallback) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : fallback;
}

const json::object* Attributes(const json::object& component) {
  const json::value* a = component.if_contains("attributes");
  return a != nullptr && a->is_object() ? &a->get_object() : nullptr;
}

// Business refusals that fail an accepted order instead of rejecting the request.
bool FailsOrder(const Error& e) {
  return e.api_code == "ERCRT1005" || e.api_code == "ERCRT1006" || e.api_code == "ERCRT1007";
}

std::string ItemPath(size_t i) {
  return "productOrderItem[" + std::to_string(i) + "]";
}

// What fulfilling an order produced, for the order document.
struct Outcome {
  std::string subscription_id;
  Amount4 nr;
  Amount4 rc;
  json::array items;  // productOrderItem with included items enriched
  std::vector<std::string> events;
};

json::array SentItems(const OrderRequest& request) {
  const json::value* items = request.body.if_contains("productOrderItem");
  return items != nullptr && items->is_array() ? items->get_array() : json::array();
}

json::object ItemObject(const OrderRequest& request, size_t i) {
  json::array items = SentItems(request);
  return i < items.size() && items[i].is_object() ? items[i].get_object() : json::object();
}

}  // namespace

OrderService::OrderService(storage::Database& db, const Clock& clock, BssEventPublisher& events)
    : db_(db), clock_(clock), events_(events) {}

namespace {

// The enabled-component record of a line.
json::object EnabledComponent(const json::object& comp, const std::string& now,
                              const std::string& end) {
  json::object out{{"productId", StringMember(comp, "productId")},
                   {"productTypeId", StringMember(comp, "productTypeId")},
                   {"name", StringMember(comp, "name")},
                   {"startDate", now},
                   {"endDate", end},
                   {"fee", ComponentPrice(comp, "NR").units + ComponentPrice(comp, "RC").units}};
  if (const json::object* attrs = Attributes(comp)) {
    if (const json::value* b = attrs->if_contains("bundleId")) out["bundleId"] = *b;
    if (const json::value* a = attrs->if_contains("adjustmentTypeID")) out["adjustmentTypeID"] = *a;
    if (const json::value* r = attrs->if_contains("recurrence")) out["recurrence"] = *r;
  }
  return out;
}

// SubscriptionStateChangeEvent carrying the line's summary.
asio::awaitable<Status> PublishLineChange(BssEventPublisher& events, storage::Tx& tx,
                                          const BssContext& ctx,
                                          const repo::SubscriptionRow& line) {
  json::object summary = SubscriptionSummary(line);
  const std::string path = "/api/subscription/profile?subscriptionId=" + line.id;
  const std::string event = "SubscriptionStateChangeEvent";
  const std::string resource = "subscription";
  co_return co_await events.Publish(tx, ctx, event, resource, std::move(summary), path);
}

std::string PlusDays(TimePoint t, int64_t days) {
  return FormatIso8601Millis(t + std::chrono::hours(24 * days));
}

}  // namespace

asio::awaitable<Result<json::object>> OrderService::Create(const BssContext& ctx,
                                                           json::value body) {
  if (!body.is_object()) co_return BadField("body", "type", "the request body must be an object");
  auto parsed = ParseOrderRequest(body.get_object(), ctx.provider);
  if (!parsed) co_return parsed.error();
  const OrderRequest request = std::move(*parsed);
  if (request.type == "ChangeOffer" || request.type == "ChangeSim") {
    co_return BadField("type", "inclusion", "order type " + request.type + " is not supported yet");
  }
  // §1.9: a monthly spend limit in userData needs the CSR attribute.
  Status gate = CheckLimitGate(ctx, auth::CsrLimit::kMonthlySpendLimit,
                               request.monthly_spend_limit.has_value());
  if (!gate) co_return gate.error();

  const TimePoint now_tp = clock_.Now();
  const std::string now = FormatIso8601Millis(now_tp);
  const std::string actor = ctx.actor.id;
  std::optional<json::object> order;
  repo::AccountRow account;

  // Stores the order document and its audit record and events.
  auto store = [&](storage::Tx& tx, std::string id, std::string_view state, Outcome outcome,
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

  // Activation: a new line with its charges.
  auto activate = [&](storage::Tx& tx,
                      const std::string& order_id) -> asio::awaitable<Result<Outcome>> {
    Outcome out;
    if (request.items.size() != 1 || request.items[0].action != "ADD") {
      co_return BadField("productOrderItem", "cardinality",
                         "an Activation has exactly one item with action ADD");
    }
    const OrderItem& item = request.items[0];
    const std::string offering_id = item.offering_id;
    auto found = co_await FindOfferingOrFail(tx, ctx.spid(), offering_id);
    if (!found) {
      co_return BadField(ItemPath(0) + ".productOffering.id", "reference",
                         "product offering " + offering_id + " does not exist in this SPID");
    }
    const json::object offering = std::move(*found);
    if (StringMember(offering, "offeringType") != "PRICE_PLAN" ||
        StringMember(offering, "lifecycleStatus") != "Active") {
      co_return BadField(ItemPath(0) + ".productOffering.id", "inclusion",
                         "offering " + offering_id + " is not an Active PRICE_PLAN");
    }
    auto selected = SelectComponents(offering, item, ItemPath(0), kOrderFailure);
    if (!selected) co_return selected.error();
    const std::optional<std::string> msisdn = GroupValue(request, item, "MSISDN");
    if (!msisdn || !IsMsisdn(*msisdn)) {
      const std::string name =
          (item.item_group_id.empty() ? "<g>" : item.item_group_id) + "_MSISDN";
      co_return BadField("userData." + name, "presence",
                         "userData " + name + " must hold the new line's number (7-15 digits)");
    }
    const std::optional<std::string> iccid = GroupValue(request, item, "ICCID");
    if (iccid && (iccid->size() < 10 || iccid->size() > 22 ||
                  iccid->find_first_not_of("0123456789") != std::string::npos)) {
      co_return BadField("userData.ICCID", "format", "the ICCID must have 10 to 22 digits");
    }
    const int fitting = account.rating_type == "postpaid" ? 1 : 0;
    const int paid_type = request.paid_type.value_or(fitting);
    if (paid_type != 2 && paid_type != fitting) {
      co_return BadField("userData.PAIDTYPE", "inclusion",
                         "PAIDTYPE does not fit the account's ratingType " + account.rating_type);
    }
    auto number_used = co_await repo::MsisdnInUse(tx, *msisdn);
    if (!number_used) co_return number_used.error();
    if (*number_used) co_return AlreadyExists("mobile number " + *msisdn + " is already in use");
    if (iccid) {
      auto sim_used = co_await repo::IccidInUse(tx, *iccid);
      if (!sim_used) co_return sim_used.error();
      if (*sim_used) co_return AlreadyExists("SIM " + *iccid + " is already in use");
    }
    if (account.state_code != 0) {
      co_return InvalidState("billing account " + account.ban + " is not Active");
    }
    auto seq = co_await repo::NextSubscriptionSeq(tx, account.id);
    if (!seq) co_return seq.error();
    const int64_t validity =
        IntOr(offering, "validityDays", ctx.provider.IntSetting("planValidityDays", 30));
    const std::string expiry = PlusDays(now_tp, validity);
    json::array enabled;
    for (const json::object* comp : *selected) {
      int64_t days = validity;
      if (const json::object* attrs = Attributes(*comp))
        days = IntOr(*attrs, "validityDays", validity);
      enabled.push_back(EnabledComponent(*comp, now, PlusDays(now_tp, days)));
    }
    const ItemPrices prices = PriceOf(offering, *selected);
    out.nr = prices.nr;
    out.rc = prices.rc;

    repo::SubscriptionRow line;
    line.id = account.ban + "-" + std::to_string(*seq);
    line.spid = ctx.spid();
    line.account_id = account.id;
    line.ban = account.ban;
    line.seq = *seq;
    line.msisdn = *msisdn;
    line.iccid = iccid;
    line.subscription_type = IntOr(offering, "subscriptionType", 10001);
    line.paid_type = paid_type;
    line.state = kActive;
    line.price_plan_offering_id = offering_id;
    line.primary_price_plan_id = IntOr(offering, "primaryPricePlanId", -1);
    line.enabled_components = json::serialize(enabled);
    line.credit_limit = ctx.provider.IntSetting("defaultCreditLimit", 0);
    line.monthly_spend_limit = request.monthly_spend_limit
                                   ? request.monthly_spend_limit->units
                                   : ctx.provider.IntSetting("defaultMonthlySpendLimit", -1);
    line.maximum_balance = ctx.provider.IntSetting("defaultMaximumBalance", 0);
    line.expiry_at = expiry;
    if (auto language = UserData(request, "LANGUAGE")) line.billing_language = *language;
    line.status_start_at = now;
    line.created_at = now;
    line.updated_at = now;
    if (Status s = co_await repo::InsertSubscription(tx, line); !s) {
      if (s.error().api_code == storage::kDbUniqueViolation) {
        co_return AlreadyExists("mobile number or SIM already in use");
      }
      co_return s.error();
    }
    out.subscription_id = line.id;
    repo::HistoryRow history{ctx.spid(),   line.id,  "STATE", std::nullopt, "1",
                             std::nullopt, order_id, actor,   now};
    if (Status s = co_await repo::InsertHistory(tx, history); !s) co_return s.error();

    Posting posting;
    posting.spid = ctx.spid();
    posting.subscription_id = line.id;
    posting.source_ref = order_id;
    posting.agent = ctx.agent;
    posting.request_id = ctx.actor.request_id;
    posting.correlation_id = ctx.correlation_id;
    posting.at = now_tp;
    if (request.amount_paid && request.amount_paid->units > 0) {
      posting.amount = *request.amount_paid;
      posting.adjustment_type_id =
          ctx.provider.IntSetting("externalPaymentAdjustmentType", kExternalPaymentAdjustmentType);
      posting.adjustment_type_name = AdjustmentTypeName(ctx.provider, posting.adjustment_type_id);
      posting.source = MoneySource::kExternalPayment;
      posting.reason = "External payment";
      auto credited = co_await PostToMainBalance(tx, posting);
      if (!credited) co_return credited.error();
    }
    const int64_t total = out.nr.units + out.rc.units;
    if (total > 0) {
      posting.amount = Amount4{-total};
      posting.adjustment_type_id =
          ctx.provider.IntSetting("orderChargeAdjustmentType", kOrderChargeAdjustmentType);
      posting.adjustment_type_name = AdjustmentTypeName(ctx.provider, posting.adjustment_type_id);
      posting.source = MoneySource::kOrder;
      posting.reason = "Activation charges of order " + order_id;
      auto debited = co_await PostToMainBalance(tx, posting);
      if (!debited) co_return debited.error();
    }
    const storage::AuditEntry entry{now, "subscription.create", "subscription", line.id,
                                    json::serialize(json::object{{"order", order_id}})};
    if (Status s = co_await storage::AppendAudit(tx, ctx.actor, entry); !s) co_return s.error();
    out.items.push_back(EnrichItem(ItemObject(request, 0), offering));
    if (Status s = co_await PublishLineChange(events_, tx, ctx, line); !s) co_return s.error();
    co_return out;
  };

  // ChangeSubscriptionState: a STATE_CHANGE offering whose product names the target state.
  auto change_state = [&](storage::Tx& tx,
                          const std::string& order_id) -> asio::awaitable<Result<Outcome>> {
    Outcome out;
    if (request.items.size() != 1) {
      co_return BadField("productOrderItem", "cardinality",
                         "a ChangeSubscriptionState has exactly one item");
    }
    const OrderItem& item = request.items[0];
    const std::string offering_id = item.offering_id;
    auto found = co_await FindOfferingOrFail(tx, ctx.spid(), offering_id);
    if (!found || StringMember(*found, "offeringType") != "STATE_CHANGE") {
      co_return BadField(
          ItemPath(0) + ".productOffering.id", "reference",
          "offering " + offering_id + " is not a STATE_CHANGE offering of this SPID");
    }
    const json::object offering = std::move(*found);
    if (item.included.size() != 1) {
      co_return BadField(ItemPath(0) + ".productOffering.includedItems", "cardinality",
                         "name exactly one state product");
    }
    const json::object* product = FindComponent(offering, item.included[0].id);
    const json::object* attrs = product == nullptr ? nullptr : Attributes(*product);
    if (attrs == nullptr || !attrs->contains("targetState")) {
      co_return BadField(
          ItemPath(0) + ".productOffering.includedItems[0].id", "reference",
          "product " + item.included[0].id + " is not a state product of " + offering_id);
    }
    const int target = static_cast<int>(IntOr(*attrs, "targetState", -1));
    SubscriptionRef ref;
    ref.subscription_id = UserData(request, "SUBSCRIPTION_ID");
    ref.msisdn = GroupValue(request, item, "MSISDN");
    auto line = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!line) {
      if (line.error().code == ErrorCode::kNotFound) {
        co_return BadField("userData.SUBSCRIPTION_ID", "reference",
                           "the subscription does not exist in this SPID");
      }
      co_return line.error();
    }
    if (line->account_id != account.id) {
      co_return BadField("userData.SUBSCRIPTION_ID", "reference",
                         "subscription " + line->id + " is not a line of account " + account.ban);
    }
    out.subscription_id = line->id;
    const int from = static_cast<int>(line->state);
    if (!TransitionAllowed(from, target)) {
      co_return InvalidState("Invalid state transition from " + std::string(StateName(from)) +
                             " to " + std::string(StateName(target)));
    }
    repo::SubscriptionRow updated = *line;
    updated.state = target;
    updated.status_start_at = now;
    updated.updated_at = now;
    if (Status s = co_await repo::UpdateSubscription(tx, updated); !s) {
      if (s.error().api_code == storage::kDbUniqueViolation) {
        co_return AlreadyExists("the line's number or SIM is live on another line");
      }
      co_return s.error();
    }
    repo::HistoryRow history{ctx.spid(),
                             line->id,
                             "STATE",
                             std::to_string(from),
                             std::to_string(target),
                             UserData(request, "REASON"),
                             order_id,
                             actor,
                             now};
    if (Status s = co_await repo::InsertHistory(tx, history); !s) co_return s.error();
    const storage::AuditEntry entry{
        now, "subscription.stateChange", "subscription", line->id,
        json::serialize(json::object{{"from", from}, {"to", target}, {"order", order_id}})};
    if (Status s = co_await storage::AppendAudit(tx, ctx.actor, entry); !s) co_return s.error();
    out.items.push_back(EnrichItem(ItemObject(request, 0), offering));
    if (Status s = co_await PublishLineChange(events_, tx, ctx, updated); !s) co_return s.error();
    co_return out;
  };

  std::optional<Error> failure;
  std::string failed_subscription;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
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
    Result<Outcome> outcome = MakeError(ErrorCode::kInternal, "unreachable");
    if (request.type == "Activation") {
      outcome = co_await activate(tx, order_id);
    } else {
      outcome = co_await change_state(tx, order_id);
    }
    if (!outcome) {
      if (FailsOrder(outcome.error())) failure = outcome.error();
      co_return outcome.error();
    }
    const std::string no_reason;
    co_return co_await store(tx, order_id, kOrderFulfilled, std::move(*outcome), no_reason);
  });
  if (st) co_return std::move(*order);
  if (!failure) co_return st.error();

  // The refusal rolled everything back: record the failed order on its own.
  const std::string reason = failure->message;
  Status failed = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto number = co_await repo::NextSequenceValue(tx, kOrderSequence, kFirstOrderNumber);
    if (!number) co_return number.error();
    const std::string order_id = "SOI" + std::to_string(*number);
    Outcome none;
    co_return co_await store(tx, order_id, kOrderFailed, std::move(none), reason);
  });
  if (!failed) co_return failed.error();
  co_return std::move(*order);
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
