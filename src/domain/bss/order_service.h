#pragma once
// Product orders (OPTIVA-API.md §2.7, rows 30, 32, 33): the only way to create a subscription
// or change its state. Processing is synchronous and all-or-nothing:
//   - input errors (body, unknown account/offering/component, SPID mismatch, missing dependency)
//     -> 400 ERCRT1001 / ERCRT1002 and no order;
//   - a number or SIM already live -> 409 ERCRT1004 and no order;
//   - business refusals (account not Active, insufficient funds ERCRT1005, spend limit ERCRT1006,
//     state transition ERCRT1007) -> the order is stored as "Order Failed" with the reason in
//     its history, and nothing else changes;
//   - otherwise every effect (subscription, ledger transactions, history, audit, events) and the
//     "Order Fulfilled" order commit in one transaction.
// Types: Activation, ChangeOffer, ChangeSubscriptionState, ChangeSim (order_fulfilment.h).
// Order ids are "SOI" + digits.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/events.h"
#include "domain/bss/idempotency.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

struct OrderFilter {
  std::optional<std::string> customer_ban;  // unquoted
  std::optional<std::string> subscription_id;
  std::optional<std::string> state;
  std::optional<std::string> type;
  int64_t offset = 0;
  int64_t limit = 100;
};

struct OrderPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
};

// Presents a stored order document as a response body.
using OrderRenderer = std::function<boost::json::object(boost::json::object)>;

// The first order number ("SOI1000001").
inline constexpr int64_t kFirstOrderNumber = 1000001;

class OrderService {
 public:
  OrderService(storage::Database& db, const Clock& clock, BssEventPublisher& events);

  // Rows 30 (POST) and 31 (PUT, `replace`: the type defaults to ChangeOffer and must be it):
  // processes an order and answers 200 with it, fulfilled or failed, as `render` presents the
  // stored document (e.g. adding href). With `idempotency`, the first outcome is remembered and
  // replayed (idempotency.h); without, a retried POST makes a second order.
  asio::awaitable<Result<HttpOutcome>> Submit(const BssContext& ctx, boost::json::value body,
                                              bool replace,
                                              std::optional<IdempotencyRequest> idempotency,
                                              OrderRenderer render);

  // Row 30 without idempotency: the order document (without href).
  asio::awaitable<Result<boost::json::object>> Create(const BssContext& ctx,
                                                      boost::json::value body);

  // Row 33.
  asio::awaitable<Result<boost::json::object>> Get(const BssContext& ctx, std::string id);

  // Row 32: newest first.
  asio::awaitable<Result<OrderPage>> List(const BssContext& ctx, OrderFilter filter);

 private:
  storage::Database& db_;
  const Clock& clock_;
  BssEventPublisher& events_;
};

}  // namespace ispcloud::domain::bss
