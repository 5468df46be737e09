#pragma once
// Fulfilment of an accepted product order, one function per order type (OPTIVA-API.md §2.7.3).
// Each runs inside the order's write transaction (OrderService::Create) and returns what it did,
// or an error: input errors (400 ERCRT1001/1002) and a number or SIM in use (409 ERCRT1004)
// reject the order; ERCRT1005/1006/1007 are business refusals that fail it. Every effect
// (subscription, buckets, ledger, history, audit, events) is written through `tx`, so a refusal
// leaves nothing behind.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/events.h"
#include "domain/bss/money.h"
#include "domain/bss/order_rules.h"
#include "storage/bss/account_repository.h"
#include "storage/bss/subscription_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// One order being fulfilled.
struct OrderJob {
  const BssContext& ctx;
  const OrderRequest& request;
  const storage::bss::AccountRow& account;  // the relatedParty Customer account
  std::string order_id;
  TimePoint now;
  BssEventPublisher& events;
};

// What fulfilling produced, for the order document.
struct OrderOutcome {
  std::string subscription_id;
  Amount4 nr;
  Amount4 rc;
  boost::json::array items;  // productOrderItem with included items enriched
  std::optional<std::string> atu_schedule_id;  // §2.7.4
};

// Activation: a new ACTIVE line with its components, buckets and first charges.
asio::awaitable<Result<OrderOutcome>> FulfilActivation(storage::Tx& tx, const OrderJob& job);

// ChangeSubscriptionState: the state a STATE_CHANGE product names (§3.2 transitions).
asio::awaitable<Result<OrderOutcome>> FulfilStateChange(storage::Tx& tx, const OrderJob& job);

// ChangeOffer (POST, and PUT /api/productOrder): options added, removed or kept, and with
// CHANGE_PRICE_PLAN=true a new primary price plan.
asio::awaitable<Result<OrderOutcome>> FulfilChangeOffer(storage::Tx& tx, const OrderJob& job);

// ChangeSim: a new SIM (and IMSI) for a line.
asio::awaitable<Result<OrderOutcome>> FulfilChangeSim(storage::Tx& tx, const OrderJob& job);

// ---- shared by the fulfilment functions ----

// "productOrderItem[i]".
std::string ItemPath(size_t i);

// Item `i` of the body as sent (an empty object when absent).
boost::json::object SentItem(const OrderRequest& request, size_t i);

// The days a component stays valid: its attributes.validityDays, else `plan_days`.
int64_t ComponentValidityDays(const boost::json::object& component, int64_t plan_days);

// `t` + `days` as ISO-8601 text.
std::string PlusDays(TimePoint t, int64_t days);

// The enabled-component record a line stores for `component` (productId, productTypeId, name,
// start/end, fee, bundleId, adjustmentTypeID, recurrence).
boost::json::object EnabledComponent(const boost::json::object& component,
                                     const std::string& start, const std::string& end);

// The line an order targets: userData SUBSCRIPTION_ID, else the item group's `<g>_MSISDN`.
// Unknown, or not a line of the order's account -> 400 on userData.SUBSCRIPTION_ID.
asio::awaitable<Result<storage::bss::SubscriptionRow>> OrderTarget(storage::Tx& tx,
                                                                   const OrderJob& job,
                                                                   const OrderItem& item);

// The charges of an order on a line: first AMOUNT_PAID as an "External payment" credit, then
// one debit of `total` (nothing when 0). A refused debit is the ledger's 409.
asio::awaitable<Status> ChargeOrder(storage::Tx& tx, const OrderJob& job,
                                    const std::string& subscription_id, Amount4 total,
                                    const std::string& reason);

// A history entry of the line (kind STATE, PRICE_PLAN, OPTION_ENABLED, ...) made by the order;
// store it with repo::InsertHistory (built first: see docs/architecture.md on GCC 12).
storage::bss::HistoryRow LineHistoryRow(const OrderJob& job, const std::string& subscription_id,
                                        std::string kind, std::optional<std::string> from,
                                        std::optional<std::string> to,
                                        std::optional<std::string> reason);

// The audit record `action` on the line, with `detail` plus the order id.
asio::awaitable<Status> AuditLine(storage::Tx& tx, const OrderJob& job, std::string action,
                                  const std::string& subscription_id, boost::json::object detail);

// SubscriptionStateChangeEvent carrying the line's summary.
asio::awaitable<Status> PublishLineChange(storage::Tx& tx, const OrderJob& job,
                                          const storage::bss::SubscriptionRow& line);

}  // namespace ispcloud::domain::bss
