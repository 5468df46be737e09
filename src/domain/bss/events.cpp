#include "domain/bss/events.h"

#include <cctype>

#include "domain/events/event_publisher.h"

namespace ispcloud::domain::bss {

asio::awaitable<Status> BssEventPublisher::Publish(storage::Tx& tx, const BssContext& ctx,
                                                   std::string event_type,
                                                   std::string resource_name,
                                                   boost::json::object resource,
                                                   std::string href_path) {
  if (!href_path.empty()) resource["href"] = Href(href_path);
  boost::json::object body;
  if (!ctx.correlation_id.empty()) body["correlationId"] = ctx.correlation_id;
  body["domain"] = "OBP";
  body["spid"] = ctx.spid();
  boost::json::object wrapped;
  wrapped[resource_name] = std::move(resource);
  body["event"] = std::move(wrapped);
  std::string listener = "/listener/" + event_type;
  listener[10] = static_cast<char>(std::tolower(static_cast<unsigned char>(listener[10])));
  events::EventDraft draft{std::string(kBssHubTopic), ctx.SpidText(), std::move(event_type),
                           std::move(listener), std::move(body)};
  auto published = co_await events::PublishEvent(tx, clock_, ids_, std::move(draft));
  if (!published) co_return published.error();
  co_return Ok();
}

}  // namespace ispcloud::domain::bss
