#pragma once
// Publishing events through the transactional outbox: a state change calls PublishEvent inside
// its own write transaction, so the event exists if and only if the change committed. The
// outbox dispatcher (outbox_dispatcher.h) delivers it to every matching hub subscription.

#include <boost/json/object.hpp>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "storage/db.h"

namespace ispcloud::domain::events {

struct EventDraft {
  std::string topic;          // subscriptions are per topic, e.g. "tmf629.customer"
  std::string tenant;         // SPID or partner id; only that tenant's subscribers receive it
  std::string event_type;     // e.g. "CustomerCreateEvent"
  std::string listener_path;  // appended to the subscriber's callback, e.g.
                              // "/listener/customerCreateEvent"
  boost::json::object body;   // the payload without eventId / eventTime / eventType
  std::string subject = "";   // id of the entity the event is about (erasure, see
                              // storage::events::EraseSubjectEvents); "" when none
  // Keep the event in the outbox even when no subscription selects it (Plume events, which
  // operators may read there); otherwise such an event is not written at all.
  bool keep_unselected = false;
};

// Appends the event (its body plus `eventId`, `eventTime`, `eventType`) to the outbox in `tx`
// and schedules one delivery per subscription of its topic and tenant whose query selects it
// (HubQuerySelects). Returns the event id, or "" when no subscription selects the event and
// the draft does not ask to keep it (nothing written).
asio::awaitable<Result<std::string>> PublishEvent(storage::Tx& tx, const Clock& clock,
                                                  ObjectIdGenerator& ids, EventDraft draft);

// True when a hub subscription's `query` selects events of `event_type`. Understood:
// "" (every event), and `eventType=A` or `eventType=A,B` (also `eventType.in=`), possibly among
// other `&`-separated criteria, which are not evaluated (the subscriber gets more, never less).
bool HubQuerySelects(std::string_view query, std::string_view event_type);

}  // namespace ispcloud::domain::events
