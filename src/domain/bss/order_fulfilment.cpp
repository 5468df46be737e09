#include "domain/bss/order_fulfilment.h"

#include <boost/json/serialize.hpp>

#include "domain/bss/catalog.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/ledger.h"
#include "domain/bss/subscription_resolver.h"
#include "domain/bss/subscription_service.h"
#include "storage/audit_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

}  // namespace

std::string ItemPath(size_t i) {
  return "productOrderItem[" + std::to_string(i) + "]";
}

json::object SentItem(const OrderRequest& request, size_t i) {
  const json::value* items = request.body.if_contains("productOrderItem");
  if (items == nullptr || !items->is_array() || i >= items->get_array().size()) return {};
  const json::value& item = items->get_array()[i];
  return item.is_object() ? item.get_object() : json::object();
}

int64_t ComponentValidityDays(const json::object& component, int64_t plan_days) {
  const json::object* attrs = ComponentAttributes(component);
  return attrs == nullptr ? plan_days : IntMember(*attrs, "validityDays").value_or(plan_days);
}

std::string PlusDays(TimePoint t, int64_t days) {
  return FormatIso8601Millis(t + std::chrono::hours(24 * days));
}

json::object EnabledComponent(const json::object& comp, const std::string& start,
                              const std::string& end) {
  json::object out{{"productId", StringMember(comp, "productId")},
                   {"productTypeId", StringMember(comp, "productTypeId")},
                   {"name", StringMember(comp, "name")},
                   {"startDate", start},
                   {"endDate", end},
                   {"fee", ComponentPrice(comp, "NR").units + ComponentPrice(comp, "RC").units}};
  if (const json::object* attrs = ComponentAttributes(comp)) {
    for (std::string_view key : {"bundleId", "adjustmentTypeID", "recurrence"}) {
      if (const json::value* v = attrs->if_contains(key)) out[key] = *v;
    }
  }
  return out;
}

asio::awaitable<Result<repo::SubscriptionRow>> OrderTarget(storage::Tx& tx, const OrderJob& job,
                                                           const OrderItem& item) {
  SubscriptionRef ref;
  ref.subscription_id = UserData(job.request, "SUBSCRIPTION_ID");
  ref.msisdn = GroupValue(job.request, item, "MSISDN");
  auto line = co_await ResolveSubscription(tx, job.ctx.spid(), ref);
  if (!line) {
    if (line.error().code == ErrorCode::kNotFound) {
      co_return BadField("userData.SUBSCRIPTION_ID", "reference",
                         "the subscription does not exist in this SPID");
    }
    co_return line.error();
  }
  if (line->account_id != job.account.id) {
    co_return BadField("userData.SUBSCRIPTION_ID", "reference",
                       "subscription " + line->id + " is not a line of account " + job.account.ban);
  }
  co_return std::move(*line);
}

asio::awaitable<Status> ChargeOrder(storage::Tx& tx, const OrderJob& job,
                                    const std::string& subscription_id, Amount4 total,
                                    const std::string& reason) {
  const BssContext& ctx = job.ctx;
  const std::optional<Amount4>& paid = job.request.amount_paid;
  if (paid && paid->units > 0) {
    Posting credit = PostingFor(ctx, subscription_id, job.now, "externalPaymentAdjustmentType",
                                kExternalPaymentAdjustmentType);
    credit.amount = *paid;
    credit.source = MoneySource::kExternalPayment;
    credit.source_ref = job.order_id;
    credit.reason = "External payment";
    auto credited = co_await PostToMainBalance(tx, credit);
    if (!credited) co_return credited.error();
  }
  if (total.units <= 0) co_return Ok();
  Posting posting = PostingFor(ctx, subscription_id, job.now, "orderChargeAdjustmentType",
                               kOrderChargeAdjustmentType);
  posting.amount = Amount4{-total.units};
  posting.source = MoneySource::kOrder;
  posting.source_ref = job.order_id;
  posting.reason = reason;
  auto debited = co_await PostToMainBalance(tx, posting);
  if (!debited) co_return debited.error();
  co_return Ok();
}

repo::HistoryRow LineHistoryRow(const OrderJob& job, const std::string& subscription_id,
                                std::string kind, std::optional<std::string> from,
                                std::optional<std::string> to, std::optional<std::string> reason) {
  return repo::HistoryRow{job.ctx.spid(), subscription_id,   std::move(kind),
                          std::move(from), std::move(to),    std::move(reason),
                          job.order_id,    job.ctx.actor.id, FormatIso8601Millis(job.now)};
}

asio::awaitable<Status> AuditLine(storage::Tx& tx, const OrderJob& job, std::string action,
                                  const std::string& subscription_id, json::object detail) {
  detail["order"] = job.order_id;
  const storage::AuditEntry entry{FormatIso8601Millis(job.now), std::move(action), "subscription",
                                  subscription_id, json::serialize(detail)};
  co_return co_await storage::AppendAudit(tx, job.ctx.actor, entry);
}

asio::awaitable<Status> PublishLineChange(storage::Tx& tx, const OrderJob& job,
                                          const repo::SubscriptionRow& line) {
  json::object summary = SubscriptionSummary(line);
  const std::string path = "/api/subscription/profile?subscriptionId=" + line.id;
  const std::string event = "SubscriptionStateChangeEvent";
  const std::string resource = "subscription";
  co_return co_await job.events.Publish(tx, job.ctx, event, resource, std::move(summary), path);
}

}  // namespace ispcloud::domain::bss
