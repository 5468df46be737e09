#pragma once
// Event hub subscriptions (TMF630 "hub" pattern, used by TMF629/TMF632 and the Optiva gateway):
// a tenant's client registers a callback URL for a topic and later removes it.

#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "storage/db.h"
#include "storage/events/outbox_repository.h"

namespace ispcloud::domain::events {

using storage::events::HubSubscription;

struct SubscribeInput {
  std::string topic;
  std::string tenant;
  std::optional<std::string> callback;
  std::optional<std::string> query;
  std::vector<FieldError> decode_errors;  // wrong JSON types found by the API layer
};

class HubService {
 public:
  HubService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // Registers a subscription. `callback` must be an absolute http:// or https:// URL of at most
  // 2048 characters without a fragment; `query` at most 2048 characters. Violations ->
  // kInvalidArgument with the field listed. Audited.
  asio::awaitable<Result<HubSubscription>> Subscribe(const Actor& actor, SubscribeInput input);

  // Subscription `id` of `topic` and `tenant`; another tenant's or topic's is kNotFound.
  asio::awaitable<Result<HubSubscription>> Find(std::string topic, std::string tenant,
                                                std::string id);

  // Operator view: every subscription, or those of `topic` and/or `tenant` when given.
  asio::awaitable<Result<std::vector<HubSubscription>>> List(std::optional<std::string> topic,
                                                             std::optional<std::string> tenant);

  // Subscription `id` whatever its topic and tenant (operator commands), or kNotFound.
  asio::awaitable<Result<HubSubscription>> FindAny(std::string id);

  // Removes subscription `id` of `topic` and `tenant` and its pending deliveries. Another
  // tenant's or topic's subscription is a miss: kNotFound. Audited.
  asio::awaitable<Status> Unsubscribe(const Actor& actor, std::string topic, std::string tenant,
                                      std::string id);

 private:
  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

}  // namespace ispcloud::domain::events
