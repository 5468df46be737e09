#include "domain/tmf/events.h"

#include "domain/events/event_publisher.h"
#include "domain/tmf/convert.h"

namespace ispcloud::domain::tmf {
namespace {

constexpr ApiVersion kServedVersions[] = {ApiVersion::kV4, ApiVersion::kV5};

std::string_view EventSuffix(ChangeEvent event) {
  switch (event) {
    case ChangeEvent::kCreate:
      return "CreateEvent";
    case ChangeEvent::kAttributeValueChange:
      return "AttributeValueChangeEvent";
    case ChangeEvent::kStateChange:
      return "StateChangeEvent";
    case ChangeEvent::kDelete:
      return "DeleteEvent";
  }
  return "Event";
}

std::string LowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

}  // namespace

std::string HubTopic(ResourceKind kind, ApiVersion version) {
  const std::string api = kind == ResourceKind::kCustomer ? "tmf629" : "tmf632";
  return api + ".v" + std::to_string(static_cast<int>(version));
}

std::string EventTypeName(ResourceKind kind, ChangeEvent event) {
  return std::string(TypeName(kind)) + std::string(EventSuffix(event));
}

asio::awaitable<Status> TmfEventRecorder::Record(storage::Tx& tx, const ResourceChange& change) {
  for (ApiVersion version : kServedVersions) {
    boost::json::object resource =
        version == change.version ? change.resource
                                  : ViewAs(change.resource, change.kind, change.version, version);
    resource["id"] = change.id;
    resource["href"] = href_of_(change.kind, version, change.id);
    for (ChangeEvent event : change.events) {
      const std::string type = EventTypeName(change.kind, event);
      boost::json::object body;
      if (version == ApiVersion::kV5) body["@type"] = type;
      boost::json::object wrapped;
      wrapped[LowerFirst(std::string(TypeName(change.kind)))] = resource;
      body["event"] = std::move(wrapped);
      if (!change.changed_fields.empty() && event != ChangeEvent::kCreate &&
          event != ChangeEvent::kDelete) {
        std::string path;
        for (const std::string& f : change.changed_fields) path += (path.empty() ? "" : ",") + f;
        body["fieldPath"] = path;
      }
      events::EventDraft draft{HubTopic(change.kind, version), change.spid, type,
                               "/listener/" + LowerFirst(type), std::move(body), change.id};
      auto published = co_await events::PublishEvent(tx, clock_, ids_, std::move(draft));
      if (!published) co_return published.error();
    }
  }
  co_return Ok();
}

}  // namespace ispcloud::domain::tmf
