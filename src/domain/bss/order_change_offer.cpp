// ChangeOffer orders (OPTIVA-API.md §2.7.3; POST and PUT /api/productOrder): options of a line
// added (NR price charged, bucket provisioned), removed (bucket removed) or checked, and with
// userData CHANGE_PRICE_PLAN=true a new primary price plan. An item with action DELETE/REMOVE
// and no included items removes the current plan with all its options; a line left with neither
// a plan nor options is LOCKED (5).

#include <boost/json/serialize.hpp>
#include <algorithm>
#include <set>

#include "domain/bss/buckets.h"
#include "domain/bss/catalog.h"
#include "domain/bss/composition.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/order_fulfilment.h"
#include "domain/bss/subscription_service.h"
#include "domain/bss/subscription_state.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kChangeFailure = "Failed to change product offer.";

bool IsRemoval(std::string_view action) {
  return action == "DELETE" || action == "REMOVE";
}

bool Mandatory(const json::object& component) {
  const json::value* m = component.if_contains("mandatory");
  return m != nullptr && m->is_bool() && m->get_bool();
}

bool IsTrue(const std::optional<std::string>& value) {
  return value && (*value == "true" || *value == "TRUE" || *value == "True" || *value == "1");
}

// The line's enabled components as objects, in order.
std::vector<json::object> EnabledObjects(const repo::SubscriptionRow& line) {
  std::vector<json::object> out;
  for (json::value& c : EnabledComponents(line)) {
    if (c.is_object()) out.push_back(std::move(c.get_object()));
  }
  return out;
}

// The working state of the line while the order's items are applied.
struct LineChange {
  repo::SubscriptionRow line;
  std::vector<json::object> enabled;
  std::optional<json::object> plan;  // the current plan offering (nullopt once removed)
  Amount4 nr;
  std::vector<std::pair<std::string, std::string>> history;  // kind, productId / plan
  std::vector<std::string> removed_products;
  std::vector<json::object> added;  // components newly enabled (copies: the plan may change)

  bool IsEnabled(const std::string& product_id) const {
    for (const json::object& e : enabled) {
      if (StringMember(e, "productId") == product_id) return true;
    }
    return false;
  }
  void Disable(const std::string& product_id) {
    std::erase_if(enabled,
                  [&](const json::object& e) { return StringMember(e, "productId") == product_id; });
    const auto was_added = std::find_if(added.begin(), added.end(), [&](const json::object& c) {
      return StringMember(c, "productId") == product_id;
    });
    if (was_added != added.end()) {  // enabled earlier in this order: undo that instead
      nr.units -= ComponentPrice(*was_added, "NR").units;
      added.erase(was_added);
      std::erase(history, std::make_pair(std::string("OPTION_ENABLED"), product_id));
      return;
    }
    removed_products.push_back(product_id);
    history.emplace_back("OPTION_DISABLED", product_id);
  }
};

// Enables `component` of the current plan on the working line.
void Enable(LineChange& change, const json::object& component, TimePoint now, int64_t plan_days) {
  const std::string start = FormatIso8601Millis(now);
  const int64_t days = ComponentValidityDays(component, plan_days);
  change.enabled.push_back(EnabledComponent(component, start, PlusDays(now, days)));
  change.nr.units += ComponentPrice(component, "NR").units;
  change.added.push_back(component);
  change.history.emplace_back("OPTION_ENABLED", StringMember(component, "productId"));
}

// Replaces the plan: options the new plan does not offer are disabled, its mandatory components
// enabled, its NR price charged.
void SwitchPlan(LineChange& change, json::object next, TimePoint now, int64_t plan_days) {
  const std::string old_plan = change.line.price_plan_offering_id.value_or("");
  std::vector<std::string> gone;
  for (const json::object& e : change.enabled) {
    const std::string pid = StringMember(e, "productId");
    if (FindComponent(next, pid) == nullptr) gone.push_back(pid);
  }
  for (const std::string& pid : gone) change.Disable(pid);
  change.plan = std::move(next);
  const json::object& plan = *change.plan;
  change.line.price_plan_offering_id = StringMember(plan, "id");
  change.line.primary_price_plan_id = IntMember(plan, "primaryPricePlanId").value_or(-1);
  change.nr.units += OfferingPrice(plan, "NR").units;
  change.history.emplace_back("PRICE_PLAN", old_plan);
  for (const json::value& c : plan.at("components").as_array()) {
    const json::object& comp = c.as_object();
    if (Mandatory(comp) && !change.IsEnabled(StringMember(comp, "productId"))) {
      Enable(change, comp, now, plan_days);
    }
  }
}

// Applies the included items of `item` (on the current plan) to the working line.
Status ApplyIncluded(LineChange& change, const OrderItem& item, size_t index, bool plan_changed,
                     TimePoint now, int64_t plan_days) {
  const json::object& plan = *change.plan;
  for (size_t j = 0; j < item.included.size(); ++j) {
    const OrderIncludedItem& inc = item.included[j];
    const std::string path =
        ItemPath(index) + ".productOffering.includedItems[" + std::to_string(j) + "]";
    const json::object* comp = FindComponent(plan, inc.id);
    if (comp == nullptr) {
      return BadField(path + ".id", "reference",
                      "product " + inc.id + " is not a component of offering " +
                          StringMember(plan, "id"));
    }
    const bool enabled = change.IsEnabled(inc.id);
    if (inc.action == "ADD") {
      if (enabled && plan_changed) continue;  // carried over or mandatory on the new plan
      if (enabled) {
        return InvalidState(std::string(kChangeFailure) + " Specified bundle " + inc.id +
                            " is already Enabled of the subscriber");
      }
      Enable(change, *comp, now, plan_days);
    } else if (IsRemoval(inc.action)) {
      if (Mandatory(*comp)) {
        return BadField(path + ".action", "inclusion",
                        "product " + inc.id + " is mandatory and cannot be removed");
      }
      if (!enabled) {
        return InvalidState(std::string(kChangeFailure) + " Specified bundle " + inc.id +
                            " is not Enabled of the subscriber");
      }
      change.Disable(inc.id);
    } else if (!enabled && !Mandatory(*comp)) {  // NO_CHANGE / MODIFY
      return InvalidState(std::string(kChangeFailure) + " Specified bundle " + inc.id +
                          " is not Enabled of the subscriber");
    }
  }
  return Ok();
}

// The dependency rules over the components enabled at the end.
Status CheckFinalComposition(const LineChange& change) {
  if (!change.plan) return Ok();
  std::vector<const json::object*> selected;
  std::set<std::string> ids;
  for (const json::object& e : change.enabled) {
    const std::string pid = StringMember(e, "productId");
    if (const json::object* comp = FindComponent(*change.plan, pid)) {
      selected.push_back(comp);
      ids.insert(pid);
    }
  }
  return CheckDependencies(selected, ids, kChangeFailure);
}

}  // namespace

asio::awaitable<Result<OrderOutcome>> FulfilChangeOffer(storage::Tx& tx, const OrderJob& job) {
  const BssContext& ctx = job.ctx;
  const OrderRequest& request = job.request;
  OrderOutcome out;
  auto target = co_await OrderTarget(tx, job, request.items.front());
  if (!target) co_return target.error();
  LineChange change;
  change.line = *target;
  change.enabled = EnabledObjects(*target);
  out.subscription_id = change.line.id;
  if (change.line.state == kInactive) {
    co_return InvalidState(std::string(kChangeFailure) + " Subscription " + change.line.id +
                           " is INACTIVE");
  }
  if (change.line.price_plan_offering_id) {
    auto current = co_await FindOfferingOrFail(tx, ctx.spid(), *change.line.price_plan_offering_id);
    if (current) change.plan = std::move(*current);
  }
  const int64_t plan_days = ctx.provider.IntSetting("planValidityDays", 30);
  const bool change_plan = IsTrue(UserData(request, "CHANGE_PRICE_PLAN"));
  const std::optional<std::string> existing = UserData(request, "EXISTING_PLAN_ID");
  bool plan_changed = false;
  bool plan_removed = false;
  std::vector<json::object> offerings;  // keeps each item's offering for the order document
  for (size_t i = 0; i < request.items.size(); ++i) {
    const OrderItem& item = request.items[i];
    auto found = co_await FindOfferingOrFail(tx, ctx.spid(), item.offering_id);
    if (!found) {
      co_return BadField(ItemPath(i) + ".productOffering.id", "reference",
                         "product offering " + item.offering_id + " does not exist in this SPID");
    }
    const bool is_current = change.plan && StringMember(*change.plan, "id") == item.offering_id;
    if (IsRemoval(item.action) && item.included.empty()) {
      if (!is_current) {
        co_return BadField(ItemPath(i) + ".productOffering.id", "reference",
                           "offering " + item.offering_id + " is not the line's price plan");
      }
      std::vector<std::string> all;
      for (const json::object& e : change.enabled) all.push_back(StringMember(e, "productId"));
      for (const std::string& pid : all) change.Disable(pid);
      change.history.emplace_back("PRICE_PLAN", item.offering_id);
      change.plan.reset();
      change.line.price_plan_offering_id.reset();
      change.line.primary_price_plan_id = -1;
      plan_removed = true;
      offerings.push_back(std::move(*found));
      continue;
    }
    if (!is_current) {
      if (!change_plan || plan_changed) {
        co_return BadField(ItemPath(i) + ".productOffering.id", "reference",
                           "offering " + item.offering_id +
                               " is not the line's price plan (set CHANGE_PRICE_PLAN to change it)");
      }
      if (StringMember(*found, "offeringType") != "PRICE_PLAN" ||
          StringMember(*found, "lifecycleStatus") != "Active") {
        co_return BadField(ItemPath(i) + ".productOffering.id", "inclusion",
                           "offering " + item.offering_id + " is not an Active PRICE_PLAN");
      }
      const std::string current_id = change.line.price_plan_offering_id.value_or("");
      if (existing && *existing != current_id &&
          *existing != std::to_string(change.line.primary_price_plan_id)) {
        co_return InvalidState(std::string(kChangeFailure) + " EXISTING_PLAN_ID " + *existing +
                               " is not the subscription's current plan");
      }
      SwitchPlan(change, *found, job.now, plan_days);
      plan_changed = true;
    }
    if (Status s = ApplyIncluded(change, item, i, plan_changed, job.now, plan_days); !s) {
      co_return s.error();
    }
    offerings.push_back(std::move(*found));
  }
  if (Status s = CheckFinalComposition(change); !s) co_return s.error();

  repo::SubscriptionRow& line = change.line;
  const int from_state = static_cast<int>(line.state);
  const bool lock = plan_removed && !change.plan && change.enabled.empty() &&
                    TransitionAllowed(from_state, kLocked);
  if (lock) {
    line.state = kLocked;
    line.status_start_at = FormatIso8601Millis(job.now);
  }
  if (request.monthly_spend_limit) line.monthly_spend_limit = request.monthly_spend_limit->units;
  json::array enabled;
  for (json::object& e : change.enabled) enabled.push_back(std::move(e));
  line.enabled_components = json::serialize(enabled);
  line.updated_at = FormatIso8601Millis(job.now);
  if (Status s = co_await repo::UpdateSubscription(tx, line); !s) co_return s.error();

  const BucketMove move{ctx.spid(), line.id, ctx.actor.id, job.order_id, job.now};
  for (const std::string& pid : change.removed_products) {
    if (Status s = co_await RemoveBuckets(tx, move, pid); !s) co_return s.error();
  }
  for (const json::object& comp : change.added) {
    if (Status s = co_await ProvisionBucket(tx, move, comp, plan_days); !s) co_return s.error();
  }
  out.nr = change.nr;
  const std::string charges = "Offer change of order " + job.order_id;
  if (Status s = co_await ChargeOrder(tx, job, line.id, change.nr, charges); !s) {
    co_return s.error();
  }
  for (const auto& [kind, value] : change.history) {
    std::optional<std::string> from;
    std::optional<std::string> to;
    if (kind == "PRICE_PLAN") {
      from = value;
      to = line.price_plan_offering_id;
    } else {
      to = value;
    }
    const repo::HistoryRow entry = LineHistoryRow(job, line.id, kind, from, to, std::nullopt);
    if (auto s = co_await repo::InsertHistory(tx, entry); !s) co_return s.error();
  }
  if (lock) {
    const repo::HistoryRow locked =
        LineHistoryRow(job, line.id, "STATE", std::to_string(from_state),
                       std::to_string(kLocked), std::string("no price plan or option left"));
    if (auto s = co_await repo::InsertHistory(tx, locked); !s) co_return s.error();
  }
  json::object detail{{"pricePlan", line.price_plan_offering_id
                                        ? json::value(*line.price_plan_offering_id)
                                        : json::value(nullptr)},
                      {"enabled", enabled.size()},
                      {"charged", out.nr.units}};
  if (Status s = co_await AuditLine(tx, job, "subscription.changeOffer", line.id, detail); !s) {
    co_return s.error();
  }
  for (size_t i = 0; i < offerings.size(); ++i) {
    out.items.push_back(EnrichItem(SentItem(request, i), offerings[i]));
  }
  if (Status s = co_await PublishLineChange(tx, job, line); !s) co_return s.error();
  co_return out;
}

}  // namespace ispcloud::domain::bss
