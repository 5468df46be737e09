#pragma once
// The hook where TMF resource events are recorded. ResourceService calls RecordChange inside
// the write transaction of every create, change and delete, after the row and its audit record
// are written: an outbox writer belongs here, so that an event exists exactly when its change
// commits. The TMF event types (CustomerCreateEvent, ...AttributeValueChangeEvent,
// ...StateChangeEvent, ...DeleteEvent; the same for Individual and Organization) follow from
// `events` and `kind`.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/result.h"
#include "domain/actor.h"
#include "domain/tmf/resource.h"
#include "storage/db.h"

namespace ispcloud::domain::tmf {

enum class ChangeEvent { kCreate, kAttributeValueChange, kStateChange, kDelete };

struct ResourceChange {
  ResourceKind kind = ResourceKind::kCustomer;
  std::vector<ChangeEvent> events;  // a PATCH that changes `status` gives both change events
  std::string spid;
  std::string id;
  ApiVersion version = ApiVersion::kV4;  // the version `resource` is shaped in
  // The resource after the change (create, attribute/state change) or before it (delete), in
  // `version`, with id and without href (add the href of the hub's API when rendering).
  boost::json::object resource;
  std::vector<std::string> changed_fields;  // top-level attributes (change events only)
  std::string at;                           // ISO-8601 UTC with milliseconds
  Actor actor;
};

// Records the change inside `tx`. Today a no-op (the outbox and the hub are not built yet);
// returning an error rolls the whole change back.
asio::awaitable<Status> RecordChange(storage::Tx& tx, const ResourceChange& change);

}  // namespace ispcloud::domain::tmf
