#include "api/plume/location_routes.h"

#include <boost/json/object.hpp>

#include "api/plume/body.h"
#include "api/plume/customer_routes.h"
#include "api/plume/route_support.h"

namespace ispcloud::api::plume {
namespace {

// §6.3 read behind the gate, rendered by `render`.
asio::awaitable<Response> ReadLocation(LocationRoutesDeps& deps, RequestContext& ctx,
                                       PlumeOperation op,
                                       boost::json::object (*render)(const dp::Location&)) {
  Result<Body> body = Admit(ctx, op);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  auto found = co_await deps.customers.GetLocation(*ctx.principal, std::move(at.customer_id),
                                                   std::move(at.location_id));
  co_return JsonOrFail(ctx, found, render);
}

// §6.4: the status of GET; the dispatcher sends no body for HEAD, on errors alike.
asio::awaitable<Response> Head(LocationRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLocation(deps, ctx, PlumeOperation::kLocationRead, LocationJson);
}

asio::awaitable<Response> Patch(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kLocationWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::LocationUpdate in;
  in.name = r.String("name");
  in.profile = r.String("profile");
  in.service_id_given = r.Has("serviceId");
  in.service_id = r.String("serviceId");
  in.body_fields = FieldNames(r);
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.locations.Update(*ctx.principal, actor, std::move(at.customer_id),
                                             std::move(at.location_id), std::move(in));
  co_return JsonOrFail(ctx, done, LocationJson);
}

asio::awaitable<Response> Rename(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kLocationWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::LocationUpdate in;
  in.name = r.String("name");
  in.body_fields = FieldNames(r);
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.locations.Rename(*ctx.principal, actor, std::move(at.customer_id),
                                             std::move(at.location_id), std::move(in));
  co_return JsonOrFail(ctx, done, LocationJson);
}

asio::awaitable<Response> Archive(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kLocationDelete);
  if (!body) co_return Fail(ctx, body.error());
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  Status done = co_await deps.locations.Archive(*ctx.principal, actor, std::move(at.customer_id),
                                                std::move(at.location_id));
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> GetServiceLevel(LocationRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLocation(deps, ctx, PlumeOperation::kServiceLevelRead, ServiceLevelJson);
}

asio::awaitable<Response> PatchServiceLevel(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kServiceLevelWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  std::optional<std::string> status = r.String("status");
  std::vector<FieldError> errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.locations.SetServiceLevel(
      *ctx.principal, actor, std::move(at.customer_id), std::move(at.location_id),
      std::move(status), std::move(errors));
  co_return JsonOrFail(ctx, done, ServiceLevelJson);
}

asio::awaitable<Response> PostCheckpoint(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kOnboardingCheckpoint);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::CheckpointInput in;
  // `onboardingCheckpoint` is an alias of `checkpoint` (§6.9).
  in.checkpoint = r.Has("checkpoint") ? r.String("checkpoint") : r.String("onboardingCheckpoint");
  in.pods_seen_by_ble = r.RawText("podsSeenByBle");
  in.app_os = r.RawText("appOs");
  in.os_version = r.RawText("osVersion");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.locations.RecordCheckpoint(
      *ctx.principal, actor, std::move(at.customer_id), std::move(at.location_id), std::move(in));
  if (!done) co_return Fail(ctx, done.error());
  const dp::Checkpoint& c = *done;
  const boost::json::object checkpoint{{"value", c.value},
                                       {"timestamp", c.created_at},
                                       {"createdAt", c.created_at},
                                       {"id", c.id},
                                       {"locationId", c.location_id}};
  const boost::json::object out{{"checkpoint", checkpoint}};
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> GetAuthorizations(LocationRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await ReadLocation(deps, ctx, PlumeOperation::kAuthorizationsRead,
                                  AuthorizationsJson);
}

asio::awaitable<Response> PutAuthorizations(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kAuthorizationsWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  std::optional<int64_t> value;
  if (r.Present("numPodsAuthorized")) value = r.Int("numPodsAuthorized");
  std::vector<FieldError> errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.locations.SetPodsAuthorized(
      *ctx.principal, actor, std::move(at.customer_id), std::move(at.location_id), value,
      std::move(errors));
  co_return JsonOrFail(ctx, done, AuthorizationsJson);
}

asio::awaitable<Response> PutMonitorMode(LocationRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kMonitorMode);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  std::optional<bool> enable;
  if (r.Present("enable")) enable = r.Bool("enable");
  std::vector<FieldError> errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done =
      co_await deps.locations.SetMonitorMode(*ctx.principal, actor, std::move(at.customer_id),
                                             std::move(at.location_id), enable, std::move(errors));
  co_return JsonOrFail(ctx, done, MonitorModeJson);
}

}  // namespace

void RegisterLocationRoutes(http::Router& router, LocationRoutesDeps& deps) {
  const std::string location = "/api/Customers/{customerId}/locations/{locationId}";
  router.Add(Verb::head, location, Access::kBearer, http::BindDeps(deps, Head));
  router.Add(Verb::patch, location, Access::kBearer, http::BindDeps(deps, Patch));
  router.Add(Verb::put, location, Access::kBearer, http::BindDeps(deps, Rename));
  router.Add(Verb::delete_, location, Access::kBearer, http::BindDeps(deps, Archive));
  router.Add(Verb::get, location + "/serviceLevel", Access::kBearer,
             http::BindDeps(deps, GetServiceLevel));
  router.Add(Verb::patch, location + "/serviceLevel", Access::kBearer,
             http::BindDeps(deps, PatchServiceLevel));
  router.Add(Verb::post, location + "/onboardingCheckpoint", Access::kBearer,
             http::BindDeps(deps, PostCheckpoint));
  router.Add(Verb::get, location + "/authorizations", Access::kBearer,
             http::BindDeps(deps, GetAuthorizations));
  router.Add(Verb::put, location + "/authorizations", Access::kBearer,
             http::BindDeps(deps, PutAuthorizations));
  router.Add(Verb::put, location + "/monitorMode", Access::kBearer,
             http::BindDeps(deps, PutMonitorMode));
}

}  // namespace ispcloud::api::plume
