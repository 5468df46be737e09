// Activation orders (OPTIVA-API.md §2.7.3): a new ACTIVE line on an Active account.

#include <boost/json/serialize.hpp>

#include "domain/bss/buckets.h"
#include "domain/bss/catalog.h"
#include "domain/bss/composition.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/order_fulfilment.h"
#include "domain/bss/payment_service.h"
#include "domain/bss/subscription_resolver.h"
#include "domain/bss/subscription_state.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kOrderFailure = "Failed to create product order.";

bool IsIccid(const std::string& value) {
  return value.size() >= 10 && value.size() <= 22 &&
         value.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

asio::awaitable<Result<OrderOutcome>> FulfilActivation(storage::Tx& tx, const OrderJob& job) {
  const BssContext& ctx = job.ctx;
  const OrderRequest& request = job.request;
  const repo::AccountRow& account = job.account;
  OrderOutcome out;
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
    const std::string name = (item.item_group_id.empty() ? "<g>" : item.item_group_id) + "_MSISDN";
    co_return BadField("userData." + name, "presence",
                       "userData " + name + " must hold the new line's number (7-15 digits)");
  }
  const std::optional<std::string> iccid = GroupValue(request, item, "ICCID");
  if (iccid && !IsIccid(*iccid)) {
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
  const std::string now = FormatIso8601Millis(job.now);
  const int64_t plan_days = ctx.provider.IntSetting("planValidityDays", 30);
  const int64_t validity = IntMember(offering, "validityDays").value_or(plan_days);
  json::array enabled;
  for (const json::object* comp : *selected) {
    const int64_t days = ComponentValidityDays(*comp, validity);
    enabled.push_back(EnabledComponent(*comp, now, PlusDays(job.now, days)));
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
  line.imsi = GroupValue(request, item, "NEW_IMSI");
  line.subscription_type = IntMember(offering, "subscriptionType").value_or(10001);
  line.paid_type = paid_type;
  line.state = kActive;
  line.price_plan_offering_id = offering_id;
  line.primary_price_plan_id = IntMember(offering, "primaryPricePlanId").value_or(-1);
  line.enabled_components = json::serialize(enabled);
  line.credit_limit = ctx.provider.IntSetting("defaultCreditLimit", 0);
  line.monthly_spend_limit = request.monthly_spend_limit
                                 ? request.monthly_spend_limit->units
                                 : ctx.provider.IntSetting("defaultMonthlySpendLimit", -1);
  line.maximum_balance = ctx.provider.IntSetting("defaultMaximumBalance", 0);
  line.expiry_at = PlusDays(job.now, validity);
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
  const repo::HistoryRow activated =
      LineHistoryRow(job, line.id, "STATE", std::nullopt, "1", std::nullopt);
  if (auto s = co_await repo::InsertHistory(tx, activated); !s) co_return s.error();
  const BucketMove move{ctx.spid(), line.id, ctx.actor.id, job.order_id, job.now};
  for (const json::object* comp : *selected) {
    if (Status s = co_await ProvisionBucket(tx, move, *comp, validity); !s) co_return s.error();
  }
  const Amount4 total{out.nr.units + out.rc.units};
  const std::string charges = "Activation charges of order " + job.order_id;
  if (Status s = co_await ChargeOrder(tx, job, line.id, total, charges); !s) co_return s.error();
  json::object detail;
  if (Status s = co_await AuditLine(tx, job, "subscription.create", line.id, detail); !s) {
    co_return s.error();
  }
  if (request.atu_token_id) {  // §2.7.4: monthly top-up from the account's token
    const std::string field = "atuTokenID";
    const std::string recurrence = "MONTHLY";
    const TimePoint first = NextApplication(job.now, recurrence);
    const int64_t amount = request.atu_amount_minor.value_or(0);
    const std::optional<std::string> source = job.order_id;
    auto schedule = co_await CreateSchedule(tx, ctx, job.events, account, line,
                                            *request.atu_token_id, field, amount, recurrence,
                                            job.now, first, source);
    if (!schedule) co_return schedule.error();
    out.atu_schedule_id = schedule->id;
  }
  out.items.push_back(EnrichItem(SentItem(request, 0), offering));
  if (Status s = co_await PublishLineChange(tx, job, line); !s) co_return s.error();
  co_return out;
}

}  // namespace ispcloud::domain::bss
