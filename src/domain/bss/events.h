#pragma once
// Events of the BSS resources (OPTIVA-API.md §4.5), published through the transactional outbox
// (domain/events/event_publisher.h) inside the write transaction of the change, on hub topic
// "obp" and the SPID as tenant:
//   {"eventId", "eventTime", "eventType": "BillingAccountCreateEvent", "correlationId",
//    "domain": "OBP", "spid": 1, "event": {"billingAccount": {<resource with href>}}}
// delivered to <callback>/listener/billingAccountCreateEvent.

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

inline constexpr std::string_view kBssHubTopic = "obp";

class BssEventPublisher {
 public:
  // `public_url` returns the base of hrefs ("http://host:port"), read at publishing time.
  BssEventPublisher(const Clock& clock, ObjectIdGenerator& ids,
                    std::function<std::string()> public_url)
      : clock_(clock), ids_(ids), public_url_(std::move(public_url)) {}

  // Publishes `event_type` (e.g. "BillingAccountCreateEvent") carrying `resource` under
  // `resource_name` (e.g. "billingAccount"); `href_path` (e.g. "/api/billingAccount/3001") is
  // added as the resource's href when not empty.
  asio::awaitable<Status> Publish(storage::Tx& tx, const BssContext& ctx, std::string event_type,
                                  std::string resource_name, boost::json::object resource,
                                  std::string href_path);

  // The absolute URL of `path`.
  std::string Href(std::string_view path) const { return public_url_() + std::string(path); }

 private:
  const Clock& clock_;
  ObjectIdGenerator& ids_;
  std::function<std::string()> public_url_;
};

}  // namespace ispcloud::domain::bss
