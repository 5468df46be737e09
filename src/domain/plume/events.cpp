#include "domain/plume/events.h"

#include <string>

#include "domain/events/event_publisher.h"

namespace ispcloud::domain::plume {

asio::awaitable<Status> PublishPlumeEvent(storage::Tx& tx, const Clock& clock,
                                          ObjectIdGenerator& ids, std::string_view partner_id,
                                          std::string_view type, boost::json::object body) {
  std::string subject;
  if (const boost::json::value* customer = body.if_contains("customerId");
      customer && customer->is_string()) {
    subject = customer->as_string();
  }
  // Kept without subscribers: operators may read them there (docs/plume-api.md).
  events::EventDraft draft{std::string(kEventTopic),
                           std::string(partner_id),
                           std::string(type),
                           "",
                           std::move(body),
                           std::move(subject),
                           true};
  auto published = co_await events::PublishEvent(tx, clock, ids, std::move(draft));
  if (!published) co_return published.error();
  co_return Ok();
}

boost::json::object NodeEventBody(std::string_view node_id, std::string_view partner_id,
                                  std::string_view customer_id, std::string_view location_id) {
  return boost::json::object{{"nodeId", node_id},
                             {"serialNumber", node_id},
                             {"partnerId", partner_id},
                             {"customerId", customer_id},
                             {"locationId", location_id}};
}

boost::json::object LocationEventBody(std::string_view location_id, std::string_view partner_id,
                                      std::string_view customer_id) {
  return boost::json::object{
      {"locationId", location_id}, {"partnerId", partner_id}, {"customerId", customer_id}};
}

asio::awaitable<Status> PublishOnboardingComplete(storage::Tx& tx, const Clock& clock,
                                                  ObjectIdGenerator& ids,
                                                  const Location& location) {
  boost::json::object body =
      LocationEventBody(location.id, location.partner_id, location.customer_id);
  body["onboardedAt"] = location.onboarded_at.value_or("");
  const std::string& tenant = location.partner_id;
  co_return co_await PublishPlumeEvent(tx, clock, ids, tenant, kLocationOnboardingComplete,
                                       std::move(body));
}

}  // namespace ispcloud::domain::plume
