// ChangeSubscriptionState and ChangeSim orders (OPTIVA-API.md §2.7.3).

#include "domain/bss/catalog.h"
#include "domain/bss/composition.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/order_fulfilment.h"
#include "domain/bss/subscription_state.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

// Writes the updated line; a number or SIM live elsewhere is the 409 of §3.3 item 10.
asio::awaitable<Status> WriteLine(storage::Tx& tx, const repo::SubscriptionRow& line) {
  Status s = co_await repo::UpdateSubscription(tx, line);
  if (!s && s.error().api_code == storage::kDbUniqueViolation) {
    co_return AlreadyExists("the line's number or SIM is live on another line");
  }
  co_return s;
}

}  // namespace

asio::awaitable<Result<OrderOutcome>> FulfilStateChange(storage::Tx& tx, const OrderJob& job) {
  const OrderRequest& request = job.request;
  OrderOutcome out;
  if (request.items.size() != 1) {
    co_return BadField("productOrderItem", "cardinality",
                       "a ChangeSubscriptionState has exactly one item");
  }
  const OrderItem& item = request.items[0];
  const std::string offering_id = item.offering_id;
  auto found = co_await FindOfferingOrFail(tx, job.ctx.spid(), offering_id);
  if (!found || StringMember(*found, "offeringType") != "STATE_CHANGE") {
    co_return BadField(ItemPath(0) + ".productOffering.id", "reference",
                       "offering " + offering_id + " is not a STATE_CHANGE offering of this SPID");
  }
  const json::object offering = std::move(*found);
  if (item.included.size() != 1) {
    co_return BadField(ItemPath(0) + ".productOffering.includedItems", "cardinality",
                       "name exactly one state product");
  }
  const json::object* product = FindComponent(offering, item.included[0].id);
  const json::object* attrs = product == nullptr ? nullptr : ComponentAttributes(*product);
  if (attrs == nullptr || !attrs->contains("targetState")) {
    co_return BadField(
        ItemPath(0) + ".productOffering.includedItems[0].id", "reference",
        "product " + item.included[0].id + " is not a state product of " + offering_id);
  }
  const int target = static_cast<int>(IntMember(*attrs, "targetState").value_or(-1));
  auto line = co_await OrderTarget(tx, job, item);
  if (!line) co_return line.error();
  out.subscription_id = line->id;
  const int from = static_cast<int>(line->state);
  if (!TransitionAllowed(from, target)) {
    co_return InvalidState("Invalid state transition from " + std::string(StateName(from)) +
                           " to " + std::string(StateName(target)));
  }
  repo::SubscriptionRow updated = *line;
  updated.state = target;
  updated.status_start_at = FormatIso8601Millis(job.now);
  updated.updated_at = updated.status_start_at.value();
  if (Status s = co_await WriteLine(tx, updated); !s) co_return s.error();
  const repo::HistoryRow changed = LineHistoryRow(job, line->id, "STATE", std::to_string(from),
                                                  std::to_string(target),
                                                  UserData(request, "REASON"));
  if (auto s = co_await repo::InsertHistory(tx, changed); !s) co_return s.error();
  json::object detail{{"from", from}, {"to", target}};
  if (Status s = co_await AuditLine(tx, job, "subscription.stateChange", line->id, detail); !s) {
    co_return s.error();
  }
  out.items.push_back(EnrichItem(SentItem(request, 0), offering));
  if (Status s = co_await PublishLineChange(tx, job, updated); !s) co_return s.error();
  co_return out;
}

asio::awaitable<Result<OrderOutcome>> FulfilChangeSim(storage::Tx& tx, const OrderJob& job) {
  const OrderRequest& request = job.request;
  OrderOutcome out;
  if (request.items.size() != 1) {
    co_return BadField("productOrderItem", "cardinality", "a ChangeSim has exactly one item");
  }
  const OrderItem& item = request.items[0];
  auto found = co_await FindOfferingOrFail(tx, job.ctx.spid(), item.offering_id);
  if (!found) {
    co_return BadField(ItemPath(0) + ".productOffering.id", "reference",
                       "product offering " + item.offering_id + " does not exist in this SPID");
  }
  const json::object offering = std::move(*found);
  const std::optional<std::string> new_iccid = GroupValue(request, item, "ICCID");
  const std::optional<std::string> old_iccid = GroupValue(request, item, "OLD_ICCID");
  if (!new_iccid || new_iccid->size() < 10 || new_iccid->size() > 22 ||
      new_iccid->find_first_not_of("0123456789") != std::string::npos) {
    co_return BadField("userData.ICCID", "presence",
                       "userData <g>_ICCID must hold the new SIM (10 to 22 digits)");
  }
  if (!old_iccid) {
    co_return BadField("userData.OLD_ICCID", "presence",
                       "userData <g>_OLD_ICCID must hold the line's current SIM");
  }
  auto line = co_await OrderTarget(tx, job, item);
  if (!line) co_return line.error();
  out.subscription_id = line->id;
  if (line->state == kInactive) {
    co_return InvalidState("subscription " + line->id + " is INACTIVE");
  }
  if (line->iccid.value_or("") != *old_iccid) {
    co_return InvalidState("the old ICCID " + *old_iccid + " is not the SIM of subscription " +
                           line->id);
  }
  auto sim_used = co_await repo::IccidInUse(tx, *new_iccid);
  if (!sim_used) co_return sim_used.error();
  if (*sim_used) co_return AlreadyExists("SIM " + *new_iccid + " is already in use");
  repo::SubscriptionRow updated = *line;
  updated.iccid = new_iccid;
  if (auto imsi = GroupValue(request, item, "NEW_IMSI")) updated.imsi = imsi;
  updated.updated_at = FormatIso8601Millis(job.now);
  if (Status s = co_await WriteLine(tx, updated); !s) co_return s.error();
  // A SIM_CHANGE offering may carry a fee.
  if (StringMember(offering, "offeringType") == "SIM_CHANGE") {
    out.nr = OfferingPrice(offering, "NR");
    const std::string reason = "SIM change of order " + job.order_id;
    if (Status s = co_await ChargeOrder(tx, job, line->id, out.nr, reason); !s) {
      co_return s.error();
    }
  }
  const repo::HistoryRow swapped =
      LineHistoryRow(job, line->id, "SIM", *old_iccid, *new_iccid, UserData(request, "REASON"));
  if (auto s = co_await repo::InsertHistory(tx, swapped); !s) co_return s.error();
  json::object detail{{"from", *old_iccid}, {"to", *new_iccid}};
  if (Status s = co_await AuditLine(tx, job, "subscription.changeSim", line->id, detail); !s) {
    co_return s.error();
  }
  out.items.push_back(EnrichItem(SentItem(request, 0), offering));
  if (Status s = co_await PublishLineChange(tx, job, updated); !s) co_return s.error();
  co_return out;
}

}  // namespace ispcloud::domain::bss
