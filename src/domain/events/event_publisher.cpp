#include "domain/events/event_publisher.h"

#include <boost/json/serialize.hpp>

#include "storage/events/outbox_repository.h"

namespace ispcloud::domain::events {
namespace {

namespace repo = storage::events;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

bool HubQuerySelects(std::string_view query, std::string_view event_type) {
  bool selects = true;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view criterion = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = criterion.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(criterion.substr(0, eq));
    if (key != "eventType" && key != "eventType.in") continue;
    bool listed = false;
    std::string_view values = criterion.substr(eq + 1);
    while (true) {
      size_t comma = values.find(',');
      if (Trim(values.substr(0, comma)) == event_type) listed = true;
      if (comma == std::string_view::npos) break;
      values.remove_prefix(comma + 1);
    }
    selects = selects && listed;
  }
  return selects;
}

asio::awaitable<Result<std::string>> PublishEvent(storage::Tx& tx, const Clock& clock,
                                                  ObjectIdGenerator& ids, EventDraft draft) {
  auto subscriptions = co_await repo::ListSubscriptions(tx, draft.topic, draft.tenant);
  if (!subscriptions) co_return subscriptions.error();
  std::erase_if(*subscriptions, [&](const repo::HubSubscription& s) {
    return !HubQuerySelects(s.query, draft.event_type);
  });
  if (subscriptions->empty() && !draft.keep_unselected) co_return std::string();

  const std::string now = FormatIso8601Millis(clock.Now());
  repo::OutboxEvent event;
  event.id = ids.Next();
  event.topic = std::move(draft.topic);
  event.tenant = std::move(draft.tenant);
  event.event_type = std::move(draft.event_type);
  event.listener_path = std::move(draft.listener_path);
  event.created_at = now;
  event.subject = std::move(draft.subject);
  boost::json::object payload = std::move(draft.body);
  payload["eventId"] = event.id;
  payload["eventTime"] = now;
  payload["eventType"] = event.event_type;
  event.payload = boost::json::serialize(payload);

  Status inserted = co_await repo::InsertEvent(tx, event);
  if (!inserted) co_return inserted.error();
  for (const repo::HubSubscription& s : *subscriptions) {
    Status scheduled = co_await repo::InsertDelivery(tx, event.id, s.id, now);
    if (!scheduled) co_return scheduled.error();
  }
  co_return event.id;
}

}  // namespace ispcloud::domain::events
