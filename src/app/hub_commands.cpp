#include "app/hub_commands.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "auth/optiva_policy.h"
#include "domain/bss/events.h"
#include "domain/events/hub_service.h"
#include "domain/plume/events.h"
#include "domain/tmf/events.h"
#include "storage/plume/partner_repository.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

using domain::events::HubService;
using domain::events::HubSubscription;

boost::json::object SubscriptionJson(const HubSubscription& s) {
  return boost::json::object{{"id", s.id},         {"topic", s.topic},
                             {"tenant", s.tenant}, {"callback", s.callback},
                             {"query", s.query},   {"createdAt", s.created_at}};
}

// Every topic events are published on: "plume", one per TMF API and version, and the Optiva
// gateway's "obp".
std::vector<std::string> KnownTopics() {
  using domain::tmf::ApiVersion;
  using domain::tmf::ResourceKind;
  std::vector<std::string> topics{std::string(domain::plume::kEventTopic)};
  for (ResourceKind kind : {ResourceKind::kCustomer, ResourceKind::kIndividual}) {
    for (ApiVersion version : {ApiVersion::kV4, ApiVersion::kV5}) {
      topics.push_back(domain::tmf::HubTopic(kind, version));
    }
  }
  topics.emplace_back(domain::bss::kBssHubTopic);
  return topics;
}

// Ok when `topic` is known and `tenant` names a tenant of it: an existing partner for "plume",
// a SPID (decimal) for the TMF and gateway topics, whose canonical form is written back into
// `tenant`.
Status CheckTopicAndTenant(storage::Database& db, const std::string& topic, std::string& tenant) {
  const std::vector<std::string> topics = KnownTopics();
  if (std::find(topics.begin(), topics.end(), topic) == topics.end()) {
    std::string list;
    for (const std::string& t : topics) list += (list.empty() ? "" : ", ") + t;
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown topic '" + topic + "' (expected one of " + list + ")");
  }
  if (topic != domain::plume::kEventTopic) {
    std::optional<std::string> spid = auth::CanonicalSpid(tenant);
    if (!spid) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "the tenant of topic " + topic + " is a SPID (a decimal number)");
    }
    tenant = *spid;
    return Ok();
  }
  std::optional<domain::plume::Partner> partner;
  Status read = storage::RunSync(db.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await storage::plume::FindPartner(tx, tenant);
    if (!found) co_return found.error();
    partner = std::move(*found);
    co_return Ok();
  }));
  if (!read) return read;
  if (!partner) return MakeError(ErrorCode::kNotFound, "no partner with id '" + tenant + "'");
  return Ok();
}

int Subscribe(const CommonFlags& flags, HubFlags hub_flags) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  if (Status st = CheckTopicAndTenant(**db, hub_flags.topic, hub_flags.tenant); !st) {
    return ReportError(st.error());
  }
  ObjectIdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  HubService hub(**db, SystemClock::Instance(), ids);
  domain::events::SubscribeInput input{
      hub_flags.topic, hub_flags.tenant, hub_flags.callback, hub_flags.query, {}};
  auto created = storage::RunSync(hub.Subscribe(CliActor(), std::move(input)));
  if (!created) return ReportError(created.error());
  PrintJson(SubscriptionJson(*created));
  return kExitOk;
}

int List(const CommonFlags& flags, const HubFlags& hub_flags) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  ObjectIdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  HubService hub(**db, SystemClock::Instance(), ids);
  std::optional<std::string> topic, tenant;
  if (!hub_flags.topic.empty()) topic = hub_flags.topic;
  if (!hub_flags.tenant.empty()) tenant = hub_flags.tenant;
  auto listed = storage::RunSync(hub.List(topic, tenant));
  if (!listed) return ReportError(listed.error());
  boost::json::array out;
  for (const HubSubscription& s : *listed) out.push_back(SubscriptionJson(s));
  PrintJson(out);
  return kExitOk;
}

int Unsubscribe(const CommonFlags& flags, const HubFlags& hub_flags) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  ObjectIdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  HubService hub(**db, SystemClock::Instance(), ids);
  auto found = storage::RunSync(hub.FindAny(hub_flags.id));
  if (!found) return ReportError(found.error());
  Status removed =
      storage::RunSync(hub.Unsubscribe(CliActor(), found->topic, found->tenant, found->id));
  if (!removed) return ReportError(removed.error());
  PrintJson(boost::json::object{{"deleted", found->id}});
  return kExitOk;
}

}  // namespace

void AddHubCommands(CLI::App& cli, CommonFlags& flags, HubFlags& hub_flags, int& rc) {
  CLI::App* hub = cli.add_subcommand("hub", "Manage event hub subscriptions");
  hub->require_subcommand(1);

  CLI::App* subscribe = hub->add_subcommand(
      "subscribe",
      "Deliver the events of a topic and tenant to a callback URL (plume events are POSTed to "
      "the URL as is, TMF events to <callback>/listener/<eventType>)");
  AddCommonOptions(subscribe, flags);
  subscribe
      ->add_option("--topic", hub_flags.topic,
                   "plume, tmf629.v4, tmf629.v5, tmf632.v4, tmf632.v5 or obp")
      ->required();
  subscribe->add_option("--tenant", hub_flags.tenant, "partner id (plume) or SPID (tmf*, obp)")
      ->required();
  subscribe->add_option("--callback", hub_flags.callback, "absolute http(s) URL")->required();
  subscribe->add_option("--query", hub_flags.query,
                        "event filter, e.g. eventType=customer.emailVerificationRequested");
  subscribe->callback([&] { rc = Subscribe(flags, hub_flags); });

  CLI::App* list = hub->add_subcommand("list", "List subscriptions (JSON array)");
  AddCommonOptions(list, flags);
  list->add_option("--topic", hub_flags.topic, "only this topic");
  list->add_option("--tenant", hub_flags.tenant, "only this tenant");
  list->callback([&] { rc = List(flags, hub_flags); });

  CLI::App* unsubscribe =
      hub->add_subcommand("unsubscribe", "Remove a subscription and its pending deliveries");
  AddCommonOptions(unsubscribe, flags);
  unsubscribe->add_option("--id", hub_flags.id, "subscription id")->required();
  unsubscribe->callback([&] { rc = Unsubscribe(flags, hub_flags); });
}

}  // namespace ispcloud::app
