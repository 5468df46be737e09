#include "storage/events/outbox_repository.h"

namespace ispcloud::storage::events {
namespace {

constexpr std::string_view kSubscriptionColumns = "id, topic, tenant, callback, query, created_at";

HubSubscription SubscriptionFromRow(const Row& r) {
  return HubSubscription{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
}

Status ExpectOneRow(const Result<int64_t>& changed, std::string_view what) {
  if (!changed) return changed.error();
  if (*changed != 1) {
    return MakeError(ErrorCode::kInternal, std::string(what) + " changed no row");
  }
  return Ok();
}

}  // namespace

asio::awaitable<Status> InsertSubscription(Tx& tx, const HubSubscription& s) {
  static constexpr std::string_view kSql =
      "INSERT INTO hub_subscriptions (id, topic, tenant, callback, query, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)";
  Params params = MakeParams(s.id, s.topic, s.tenant, s.callback, s.query, s.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<HubSubscription>>> FindSubscription(Tx& tx,
                                                                         std::string_view id) {
  static const std::string kSql =
      "SELECT " + std::string(kSubscriptionColumns) + " FROM hub_subscriptions WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<HubSubscription>();
  co_return std::optional<HubSubscription>(SubscriptionFromRow(rows->rows.front()));
}

asio::awaitable<Result<bool>> DeleteSubscription(Tx& tx, std::string_view id) {
  static constexpr std::string_view kDeliveries =
      "DELETE FROM outbox_deliveries WHERE subscription_id = $1 AND delivered_at IS NULL";
  static constexpr std::string_view kSubscription = "DELETE FROM hub_subscriptions WHERE id = $1";
  Params delivery_params = MakeParams(std::string(id));
  auto pending = co_await tx.Exec(kDeliveries, std::move(delivery_params));
  if (!pending) co_return pending.error();
  Params params = MakeParams(std::string(id));
  auto deleted = co_await tx.Exec(kSubscription, std::move(params));
  if (!deleted) co_return deleted.error();
  co_return *deleted > 0;
}

asio::awaitable<Result<std::vector<HubSubscription>>> ListSubscriptions(Tx& tx,
                                                                        std::string_view topic,
                                                                        std::string_view tenant) {
  static const std::string kSql = "SELECT " + std::string(kSubscriptionColumns) +
                                  " FROM hub_subscriptions WHERE topic = $1 AND tenant = $2"
                                  " ORDER BY created_at, id";
  Params params = MakeParams(std::string(topic), std::string(tenant));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<HubSubscription> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(SubscriptionFromRow(r));
  co_return out;
}

asio::awaitable<Result<std::vector<HubSubscription>>> ListAllSubscriptions(Tx& tx) {
  static const std::string kSql = "SELECT " + std::string(kSubscriptionColumns) +
                                  " FROM hub_subscriptions ORDER BY created_at, id";
  auto rows = co_await tx.Query(kSql);
  if (!rows) co_return rows.error();
  std::vector<HubSubscription> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(SubscriptionFromRow(r));
  co_return out;
}

asio::awaitable<Status> InsertEvent(Tx& tx, const OutboxEvent& e) {
  static constexpr std::string_view kSql =
      "INSERT INTO outbox_events (id, topic, tenant, event_type, listener_path, payload, "
      "created_at, subject) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  Params params = MakeParams(e.id, e.topic, e.tenant, e.event_type, e.listener_path, e.payload,
                             e.created_at, e.subject);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Status> InsertDelivery(Tx& tx, std::string_view event_id,
                                       std::string_view subscription_id, std::string_view due) {
  static constexpr std::string_view kSql =
      "INSERT INTO outbox_deliveries (event_id, subscription_id, attempts, next_attempt_at) "
      "VALUES ($1, $2, 0, $3)";
  Params params = MakeParams(std::string(event_id), std::string(subscription_id), std::string(due));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::vector<ClaimedDelivery>>> ClaimDueDeliveries(
    Tx& tx, std::string_view now, std::string_view lease_until, int64_t limit,
    ClaimLocking locking) {
  static const std::string kDue =
      "SELECT d.event_id, d.subscription_id, s.callback || e.listener_path, e.payload, "
      "d.attempts, e.created_at "
      "FROM outbox_deliveries d "
      "JOIN outbox_events e ON e.id = d.event_id "
      "JOIN hub_subscriptions s ON s.id = d.subscription_id "
      "WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= $1 "
      "AND (d.lease_until IS NULL OR d.lease_until <= $1) "
      "ORDER BY d.next_attempt_at, e.created_at LIMIT $2";
  static const std::string kDueSkipLocked = kDue + " FOR UPDATE OF d SKIP LOCKED";
  static constexpr std::string_view kLease =
      "UPDATE outbox_deliveries SET lease_until = $1 WHERE event_id = $2 AND subscription_id = $3";
  Params due_params = MakeParams(std::string(now), limit);
  const std::string& due_sql = locking == ClaimLocking::kSkipLocked ? kDueSkipLocked : kDue;
  auto rows = co_await tx.Query(due_sql, std::move(due_params));
  if (!rows) co_return rows.error();
  std::vector<ClaimedDelivery> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) {
    out.push_back(ClaimedDelivery{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5)});
  }
  for (const ClaimedDelivery& d : out) {
    Params lease_params = MakeParams(std::string(lease_until), d.event_id, d.subscription_id);
    auto leased = co_await tx.Exec(kLease, std::move(lease_params));
    if (Status st = ExpectOneRow(leased, "outbox lease"); !st) co_return st.error();
  }
  co_return out;
}

asio::awaitable<Status> MarkDelivered(Tx& tx, std::string_view event_id,
                                      std::string_view subscription_id, std::string_view at) {
  static constexpr std::string_view kSql =
      "UPDATE outbox_deliveries SET delivered_at = $1, attempts = attempts + 1, "
      "lease_until = NULL, last_error = NULL WHERE event_id = $2 AND subscription_id = $3";
  Params params = MakeParams(std::string(at), std::string(event_id), std::string(subscription_id));
  auto changed = co_await tx.Exec(kSql, std::move(params));
  if (!changed) co_return changed.error();
  co_return Ok();  // 0 rows: the subscription was deleted meanwhile
}

asio::awaitable<Status> ScheduleRetry(Tx& tx, std::string_view event_id,
                                      std::string_view subscription_id, std::string_view next_at,
                                      std::string_view error) {
  static constexpr std::string_view kSql =
      "UPDATE outbox_deliveries SET attempts = attempts + 1, next_attempt_at = $1, "
      "lease_until = NULL, last_error = $2 WHERE event_id = $3 AND subscription_id = $4";
  Params params = MakeParams(std::string(next_at), std::string(error), std::string(event_id),
                             std::string(subscription_id));
  auto changed = co_await tx.Exec(kSql, std::move(params));
  if (!changed) co_return changed.error();
  co_return Ok();
}

asio::awaitable<Status> MarkFailed(Tx& tx, std::string_view event_id,
                                   std::string_view subscription_id, std::string_view at,
                                   std::string_view error) {
  static constexpr std::string_view kSql =
      "UPDATE outbox_deliveries SET attempts = attempts + 1, failed_at = $1, lease_until = NULL, "
      "last_error = $2 WHERE event_id = $3 AND subscription_id = $4";
  Params params = MakeParams(std::string(at), std::string(error), std::string(event_id),
                             std::string(subscription_id));
  auto changed = co_await tx.Exec(kSql, std::move(params));
  if (!changed) co_return changed.error();
  co_return Ok();
}

asio::awaitable<Result<OutboxBacklog>> ReadBacklog(Tx& tx) {
  static constexpr std::string_view kSql =
      "SELECT count(*), min(e.created_at) FROM outbox_deliveries d "
      "JOIN outbox_events e ON e.id = d.event_id "
      "WHERE d.delivered_at IS NULL AND d.failed_at IS NULL";
  auto rows = co_await tx.Query(kSql);
  if (!rows) co_return rows.error();
  OutboxBacklog out;
  if (!rows->empty()) {
    out.pending = rows->rows.front().Int(0);
    out.oldest_created_at = rows->rows.front().Text(1);
  }
  co_return out;
}

asio::awaitable<Result<int64_t>> PruneFinishedEvents(Tx& tx, std::string_view cutoff,
                                                     int64_t limit) {
  // First the finished deliveries of old events without a pending one, then the old events left
  // without any delivery: both statements pick at most `limit` events, oldest first.
  static constexpr std::string_view kDeleteDeliveries =
      "DELETE FROM outbox_deliveries WHERE event_id IN ("
      " SELECT e.id FROM outbox_events e WHERE e.created_at < $1 AND NOT EXISTS ("
      "  SELECT 1 FROM outbox_deliveries p WHERE p.event_id = e.id"
      "  AND p.delivered_at IS NULL AND p.failed_at IS NULL)"
      " ORDER BY e.created_at LIMIT $2)";
  static constexpr std::string_view kDeleteEvents =
      "DELETE FROM outbox_events WHERE id IN ("
      " SELECT e.id FROM outbox_events e WHERE e.created_at < $1 AND NOT EXISTS ("
      "  SELECT 1 FROM outbox_deliveries d WHERE d.event_id = e.id)"
      " ORDER BY e.created_at LIMIT $2)";
  Params delivery_params = MakeParams(std::string(cutoff), limit);
  auto deliveries = co_await tx.Exec(kDeleteDeliveries, std::move(delivery_params));
  if (!deliveries) co_return deliveries.error();
  Params event_params = MakeParams(std::string(cutoff), limit);
  co_return co_await tx.Exec(kDeleteEvents, std::move(event_params));
}

asio::awaitable<Result<int64_t>> EraseSubjectEvents(Tx& tx, std::string_view topic,
                                                    std::string_view tenant,
                                                    std::string_view event_type,
                                                    std::string_view subject) {
  static constexpr std::string_view kDeleteDeliveries =
      "DELETE FROM outbox_deliveries WHERE event_id IN (SELECT id FROM outbox_events "
      "WHERE tenant = $1 AND subject = $2 AND topic = $3 AND event_type = $4)";
  static constexpr std::string_view kDeleteEvents =
      "DELETE FROM outbox_events "
      "WHERE tenant = $1 AND subject = $2 AND topic = $3 AND event_type = $4";
  Params delivery_params = MakeParams(std::string(tenant), std::string(subject), std::string(topic),
                                      std::string(event_type));
  auto deliveries = co_await tx.Exec(kDeleteDeliveries, std::move(delivery_params));
  if (!deliveries) co_return deliveries.error();
  Params event_params = MakeParams(std::string(tenant), std::string(subject), std::string(topic),
                                   std::string(event_type));
  co_return co_await tx.Exec(kDeleteEvents, std::move(event_params));
}

}  // namespace ispcloud::storage::events
