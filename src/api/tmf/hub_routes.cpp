#include "api/tmf/hub_routes.h"

#include <boost/json/object.hpp>

#include "api/tmf/access.h"
#include "api/tmf/request.h"
#include "domain/bss/events.h"
#include "domain/tmf/events.h"

namespace ispcloud::api::tmf {
namespace {

using domain::tmf::ApiVersion;
using domain::tmf::ResourceKind;
using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace beast_http = boost::beast::http;
namespace ev = domain::events;

constexpr std::string_view kGet = "get";

// One API whose hub is served, with the permission pair each operation needs.
struct HubApi {
  std::string base;   // e.g. "/tmf-api/party/v4"
  std::string topic;  // domain::tmf::HubTopic, or the gateway's "obp"
  Need subscribe;
  Need read;
  Need remove;
};

// TMF hubs: subscribing needs a read of the API's entity (events carry what a read shows).
HubApi TmfHub(std::string base, std::string topic, std::string_view entity) {
  const Need read{entity, kGet};
  return HubApi{std::move(base), std::move(topic), read, read, read};
}

// The Optiva gateway hub (OPTIVA-API.md rows 85-86): entity `hub`, BSS events of topic "obp".
HubApi GatewayHub(std::string base) {
  return HubApi{std::move(base), std::string(domain::bss::kBssHubTopic), Need{"hub", "post"},
                Need{"hub", kGet}, Need{"hub", "delete"}};
}

const std::vector<HubApi>& HubApis() {
  static const std::vector<HubApi> kApis = {
      TmfHub("/tmf-api/customerManagement/v4", HubTopic(ResourceKind::kCustomer, ApiVersion::kV4),
             "customer"),
      TmfHub("/tmf-api/customerManagement/v5", HubTopic(ResourceKind::kCustomer, ApiVersion::kV5),
             "customer"),
      TmfHub("/tmf-api/customer/v5", HubTopic(ResourceKind::kCustomer, ApiVersion::kV5),
             "customer"),
      TmfHub("/tmf-api/party/v4", HubTopic(ResourceKind::kIndividual, ApiVersion::kV4),
             "individual"),
      TmfHub("/tmf-api/party/v5", HubTopic(ResourceKind::kIndividual, ApiVersion::kV5),
             "individual"),
      GatewayHub("/api"),
      GatewayHub("/api/v1"),
  };
  return kApis;
}

json::object SubscriptionJson(const ev::HubSubscription& s) {
  return json::object{{"id", s.id}, {"callback", s.callback}, {"query", s.query}};
}

// A string member of the body: absent/null -> nullopt; another type -> a field error.
std::optional<std::string> StringMember(const json::object& body, std::string_view name,
                                        std::vector<FieldError>& errors) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    errors.push_back({std::string(name), "type", std::string(name) + " must be a string"});
    return std::nullopt;
  }
  return std::string(v->as_string());
}

asio::awaitable<Response> Subscribe(HubRoutesDeps& deps, const HubApi& api, RequestContext& ctx) {
  auto admitted = co_await Admit(ctx, deps.providers, api.subscribe.entity, api.subscribe.verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  const std::string media = MediaType(ctx);
  if (media != "application/json" && !media.ends_with("+json")) {
    co_return Fail(ctx, UnsupportedMedia("application/json"));
  }
  auto body = ParseJsonBody(ctx);
  if (!body) co_return Fail(ctx, body.error());
  if (!body->is_object()) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
    e.fields.push_back({"body", "type", e.message});
    co_return Fail(ctx, e);
  }
  ev::SubscribeInput in;
  in.topic = api.topic;
  in.tenant = caller.spid;
  in.callback = StringMember(body->as_object(), "callback", in.decode_errors);
  in.query = StringMember(body->as_object(), "query", in.decode_errors);
  auto created = co_await deps.hub.Subscribe(caller.actor, std::move(in));
  if (!created) co_return Fail(ctx, created.error());
  Response res = http::JsonResponse(201, SubscriptionJson(*created));
  res.set(beast_http::field::location, deps.public_url + api.base + "/hub/" + created->id);
  co_return res;
}

asio::awaitable<Response> GetSubscription(HubRoutesDeps& deps, const HubApi& api,
                                          RequestContext& ctx) {
  auto admitted = co_await Admit(ctx, deps.providers, api.read.entity, api.read.verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  std::string id(ctx.params.Get("id"));
  auto found = co_await deps.hub.Find(api.topic, caller.spid, std::move(id));
  if (!found) co_return Fail(ctx, found.error());
  co_return http::JsonResponse(200, SubscriptionJson(*found));
}

asio::awaitable<Response> Unsubscribe(HubRoutesDeps& deps, const HubApi& api, RequestContext& ctx) {
  auto admitted = co_await Admit(ctx, deps.providers, api.remove.entity, api.remove.verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  std::string id(ctx.params.Get("id"));
  Status done = co_await deps.hub.Unsubscribe(caller.actor, api.topic, caller.spid, std::move(id));
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

}  // namespace

void RegisterHubRoutes(http::Router& router, HubRoutesDeps& deps) {
  using HandlerFn = asio::awaitable<Response> (*)(HubRoutesDeps&, const HubApi&, RequestContext&);
  auto bind = [&deps](const HubApi& api, HandlerFn fn) {
    return [&deps, &api, fn](RequestContext& ctx) { return fn(deps, api, ctx); };
  };
  for (const HubApi& api : HubApis()) {
    router.Add(Verb::post, api.base + "/hub", Access::kBearer, bind(api, Subscribe));
    router.Add(Verb::get, api.base + "/hub/{id}", Access::kBearer, bind(api, GetSubscription));
    router.Add(Verb::delete_, api.base + "/hub/{id}", Access::kBearer, bind(api, Unsubscribe));
  }
}

}  // namespace ispcloud::api::tmf
