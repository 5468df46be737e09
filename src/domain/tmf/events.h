#pragma once
// TMF resource events. ResourceService calls TmfEventRecorder::Record inside the write
// transaction of every create, change and delete, after the row and its audit record are
// written, so that an event exists exactly when its change commits. Each event is published to
// the transactional outbox (domain/events) once per served version, shaped for that version, on
// the hub topic of its API and version ("tmf629.v4", "tmf632.v5", ...) and the resource's SPID:
//   {"eventId", "eventTime", "eventType": "CustomerCreateEvent", ("@type" in v5),
//    "event": {"customer": {<the resource with id and href>}}}
// delivered to <callback>/listener/customerCreateEvent (TMF629/TMF632 "notification listeners").

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
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
  // `version`, with id and without href (the recorder adds the href of each version).
  boost::json::object resource;
  std::vector<std::string> changed_fields;  // top-level attributes (change events only)
  std::string at;                           // ISO-8601 UTC with milliseconds
  Actor actor;
};

// The hub topic of `kind`'s API in `version`: "tmf629.v4", "tmf629.v5", "tmf632.v4", ...
std::string HubTopic(ResourceKind kind, ApiVersion version);

// The event type, e.g. "CustomerCreateEvent", "IndividualStateChangeEvent".
std::string EventTypeName(ResourceKind kind, ChangeEvent event);

class TmfEventRecorder {
 public:
  // The href of resource `id` of `kind` as served in `version` (set by the API layer).
  using HrefOf =
      std::function<std::string(ResourceKind kind, ApiVersion version, std::string_view id)>;

  TmfEventRecorder(const Clock& clock, ObjectIdGenerator& ids, HrefOf href_of)
      : clock_(clock), ids_(ids), href_of_(std::move(href_of)) {}

  // Publishes the events of `change` inside `tx`; an error rolls the whole change back.
  asio::awaitable<Status> Record(storage::Tx& tx, const ResourceChange& change);

 private:
  const Clock& clock_;
  ObjectIdGenerator& ids_;
  HrefOf href_of_;
};

}  // namespace ispcloud::domain::tmf
