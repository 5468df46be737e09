#include "api/plume/support_routes.h"

#include <boost/json/array.hpp>

#include "api/plume/body.h"
#include "api/plume/route_support.h"

namespace ispcloud::api::plume {
namespace {

asio::awaitable<Response> PutFirmware(SupportRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kSupportAction);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::FirmwareInput in;
  in.version = r.String("version");
  in.direction = r.String("direction");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto job = co_await deps.support.RequestFirmware(*ctx.principal, actor, std::move(at.customer_id),
                                                   std::move(at.location_id), std::move(in));
  co_return JsonOrFail(ctx, job, SupportJobJson);
}

asio::awaitable<Response> GetFirmware(SupportRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kSupportAction);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  auto job = co_await deps.support.LatestFirmware(*ctx.principal, std::move(at.customer_id),
                                                  std::move(at.location_id));
  if (!job) co_return Fail(ctx, job.error());
  if (!job->has_value()) {
    const boost::json::object idle{{"status", "idle"}};
    co_return http::JsonResponse(200, idle);
  }
  co_return http::JsonResponse(200, SupportJobJson(**job));
}

asio::awaitable<Response> PutForcedSteer(SupportRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kSupportAction);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::ForcedSteerInput in;
  in.mac = std::string(ctx.params.Get("mac"));
  in.expires_at = r.String("expiresAt");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto job = co_await deps.support.SteerClient(*ctx.principal, actor, std::move(at.customer_id),
                                               std::move(at.location_id), std::move(in));
  if (!job) co_return Fail(ctx, job.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> DeleteForcedSteer(SupportRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kSupportAction);
  if (!body) co_return Fail(ctx, body.error());
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  std::string mac(ctx.params.Get("mac"));
  auto job = co_await deps.support.CancelSteering(*ctx.principal, actor, std::move(at.customer_id),
                                                  std::move(at.location_id), std::move(mac));
  if (!job) co_return Fail(ctx, job.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> PostLogPull(SupportRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kSupportAction);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::LogPullInput in;
  in.node_id = r.String("nodeId");
  in.comment = r.String("comment");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto job = co_await deps.support.PullLogs(*ctx.principal, actor, std::move(at.customer_id),
                                            std::move(at.location_id), std::move(in));
  if (!job) co_return Fail(ctx, job.error());
  co_return http::JsonResponse(202, SupportJobJson(*job));
}

asio::awaitable<Response> ListJobs(SupportRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kSupportAction);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  auto jobs = co_await deps.support.ListJobs(*ctx.principal, std::move(at.customer_id),
                                             std::move(at.location_id));
  if (!jobs) co_return Fail(ctx, jobs.error());
  boost::json::array list;
  for (const dp::SupportJob& j : *jobs) list.emplace_back(SupportJobJson(j));
  const boost::json::object out{{"jobs", std::move(list)}};
  co_return http::JsonResponse(200, out);
}

}  // namespace

boost::json::object SupportJobJson(const dp::SupportJob& job) {
  return boost::json::object{{"id", job.id},
                             {"type", job.type},
                             {"status", job.status},
                             {"customerId", job.customer_id},
                             {"locationId", job.location_id},
                             {"parameters", job.parameters},
                             {"requestedBy", job.requested_by},
                             {"createdAt", job.created_at},
                             {"updatedAt", job.updated_at},
                             {"_version", kVersion}};
}

void RegisterSupportRoutes(http::Router& router, SupportRoutesDeps& deps) {
  const std::string location = "/api/Customers/{customerId}/locations/{locationId}";
  const std::string steer = location + "/devices/{mac}/forcedSteer";
  router.Add(Verb::put, location + "/firmware", Access::kBearer, http::BindDeps(deps, PutFirmware));
  router.Add(Verb::get, location + "/firmware", Access::kBearer, http::BindDeps(deps, GetFirmware));
  router.Add(Verb::put, steer, Access::kBearer, http::BindDeps(deps, PutForcedSteer));
  router.Add(Verb::delete_, steer, Access::kBearer, http::BindDeps(deps, DeleteForcedSteer));
  router.Add(Verb::post, location + "/logPull", Access::kBearer, http::BindDeps(deps, PostLogPull));
  router.Add(Verb::get, location + "/supportJobs", Access::kBearer, http::BindDeps(deps, ListJobs));
}

}  // namespace ispcloud::api::plume
