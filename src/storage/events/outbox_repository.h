#pragma once
// Rows of the event hub and the transactional outbox (migrations/sqlite/0008_event_outbox.sql).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::events {

struct HubSubscription {
  std::string id;
  std::string topic;
  std::string tenant;
  std::string callback;
  std::string query;
  std::string created_at;
};

struct OutboxEvent {
  std::string id;
  std::string topic;
  std::string tenant;
  std::string event_type;
  std::string listener_path;
  std::string payload;  // JSON text
  std::string created_at;
  std::string subject;  // id of the entity the event is about, "" when none
};

// A delivery claimed by a dispatcher, with what it needs to send it.
struct ClaimedDelivery {
  std::string event_id;
  std::string subscription_id;
  std::string url;  // callback + listener path
  std::string payload;
  int64_t attempts = 0;  // before this one
  std::string event_created_at;
};

// Pending deliveries (not delivered, not given up) and the creation time of the oldest event
// among them ("" when none).
struct OutboxBacklog {
  int64_t pending = 0;
  std::string oldest_created_at;
};

asio::awaitable<Status> InsertSubscription(Tx& tx, const HubSubscription& s);
asio::awaitable<Result<std::optional<HubSubscription>>> FindSubscription(Tx& tx,
                                                                         std::string_view id);
// Deletes the subscription with `id` (and its pending deliveries); false when there was none.
asio::awaitable<Result<bool>> DeleteSubscription(Tx& tx, std::string_view id);
// Subscriptions of `topic` for `tenant`, oldest first.
asio::awaitable<Result<std::vector<HubSubscription>>> ListSubscriptions(Tx& tx,
                                                                        std::string_view topic,
                                                                        std::string_view tenant);

// Every subscription, oldest first (operator listing; there are few).
asio::awaitable<Result<std::vector<HubSubscription>>> ListAllSubscriptions(Tx& tx);

asio::awaitable<Status> InsertEvent(Tx& tx, const OutboxEvent& e);
// Schedules the delivery of event `event_id` to subscription `subscription_id` at `due`.
asio::awaitable<Status> InsertDelivery(Tx& tx, std::string_view event_id,
                                       std::string_view subscription_id, std::string_view due);

// How ClaimDueDeliveries treats due rows another transaction is claiming at the same moment.
enum class ClaimLocking {
  kSerialized,  // SQLite: writers never overlap
  kSkipLocked,  // PostgreSQL: `FOR UPDATE OF d SKIP LOCKED`, so instances claim disjoint rows
};

// Claims up to `limit` deliveries due at `now` (ISO-8601) that no live lease holds, leasing
// them until `lease_until`; oldest due first.
asio::awaitable<Result<std::vector<ClaimedDelivery>>> ClaimDueDeliveries(
    Tx& tx, std::string_view now, std::string_view lease_until, int64_t limit,
    ClaimLocking locking = ClaimLocking::kSerialized);
asio::awaitable<Status> MarkDelivered(Tx& tx, std::string_view event_id,
                                      std::string_view subscription_id, std::string_view at);
// Records a failed attempt: attempts + 1, the error, and the next try at `next_at`.
asio::awaitable<Status> ScheduleRetry(Tx& tx, std::string_view event_id,
                                      std::string_view subscription_id, std::string_view next_at,
                                      std::string_view error);
// Records the last failed attempt and gives up.
asio::awaitable<Status> MarkFailed(Tx& tx, std::string_view event_id,
                                   std::string_view subscription_id, std::string_view at,
                                   std::string_view error);

asio::awaitable<Result<OutboxBacklog>> ReadBacklog(Tx& tx);

// Deletes up to `limit` events created before `cutoff` (ISO-8601) none of whose deliveries is
// pending (all delivered or given up, or none at all), with their deliveries. Returns the number
// of events deleted.
asio::awaitable<Result<int64_t>> PruneFinishedEvents(Tx& tx, std::string_view cutoff,
                                                     int64_t limit);

// Deletes every event of `topic` and `event_type` about `subject` of `tenant`, with its
// deliveries, pending or not (used when the subject is erased). Returns the number of events.
asio::awaitable<Result<int64_t>> EraseSubjectEvents(Tx& tx, std::string_view topic,
                                                    std::string_view tenant,
                                                    std::string_view event_type,
                                                    std::string_view subject);

}  // namespace ispcloud::storage::events
