#pragma once
// Plume events in the transactional outbox (PLUME-API.md §12.7). Every Plume event has topic
// "plume", the partner id as tenant (only that partner's hub subscriptions receive it), the event
// name as event type (e.g. "node.claimed") and no listener path: it is POSTed to the
// subscription's callback URL as is. Published inside the write transaction of the change.

#include <boost/json/object.hpp>
#include <string_view>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/plume/customer.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

inline constexpr std::string_view kEventTopic = "plume";

// Event names of §12.7.
inline constexpr std::string_view kCustomerRegistered = "customer.registered";
inline constexpr std::string_view kCustomerDeleted = "customer.deleted";
inline constexpr std::string_view kEmailVerificationRequested =
    "customer.emailVerificationRequested";
inline constexpr std::string_view kLocationArchived = "location.archived";
inline constexpr std::string_view kLocationOnboardingComplete = "location.onboardingComplete";
inline constexpr std::string_view kNodeClaimed = "node.claimed";
inline constexpr std::string_view kNodeUnclaimed = "node.unclaimed";
inline constexpr std::string_view kSupportJobCreated = "supportJob.created";

// Appends event `type` of partner `partner_id` with payload `body` (the outbox adds eventId,
// eventTime and eventType) to the outbox in `tx`. Bodies carry ids, never secrets or personal
// data, except where the reference says otherwise (customer.emailVerificationRequested).
asio::awaitable<Status> PublishPlumeEvent(storage::Tx& tx, const Clock& clock,
                                          ObjectIdGenerator& ids, std::string_view partner_id,
                                          std::string_view type, boost::json::object body);

// Where events of a change go: the clock and id generator of the service that publishes them.
struct EventContext {
  const Clock& clock;
  ObjectIdGenerator& ids;
};

// The body of node.claimed / node.unclaimed.
boost::json::object NodeEventBody(std::string_view node_id, std::string_view partner_id,
                                  std::string_view customer_id, std::string_view location_id);

// The body of location.archived (and the ids of location.onboardingComplete).
boost::json::object LocationEventBody(std::string_view location_id, std::string_view partner_id,
                                      std::string_view customer_id);

// Publishes location.onboardingComplete for `location`, whose onboardedAt was just set (the first
// OnboardingComplete checkpoint, §6.9, also when given at registration, §5.1).
asio::awaitable<Status> PublishOnboardingComplete(storage::Tx& tx, const Clock& clock,
                                                  ObjectIdGenerator& ids, const Location& location);

}  // namespace ispcloud::domain::plume
