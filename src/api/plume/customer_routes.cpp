#include "api/plume/customer_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>

#include "api/error_render.h"
#include "api/plume/body.h"
#include "api/plume/route_support.h"
#include "auth/plume_policy.h"

namespace ispcloud::api::plume {
namespace {

namespace beast_http = boost::beast::http;

boost::json::array StringArray(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const std::string& s : items) a.emplace_back(s);
  return a;
}

// §5.1, and §5.2 when `with_groups`.
asio::awaitable<Response> RegisterCustomer(CustomerRoutesDeps& deps, RequestContext& ctx,
                                           bool with_groups) {
  Result<Body> body = Admit(ctx, PlumeOperation::kRegister);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::RegisterInput in;
  in.with_groups = with_groups;
  if (with_groups) in.group_ids = r.StringList("groupIds");
  in.partner_id = r.String("partnerId");
  in.account_id = r.String("accountId");
  in.email = r.String("email");
  in.name = r.String("name");
  in.password = r.String("password");
  in.profile = r.String("profile");
  in.accept_language = r.String("acceptLanguage");
  in.onboarding_checkpoint = r.String("onboardingCheckpoint");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  auto done = co_await deps.customers.Register(*ctx.principal, actor, std::move(in));
  if (!done) co_return Fail(ctx, done.error());
  boost::json::object out = CustomerJson(done->customer);
  out["locationId"] = done->location_id;
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> Register(CustomerRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await RegisterCustomer(deps, ctx, false);
}

asio::awaitable<Response> RegisterWithGroups(CustomerRoutesDeps& deps, RequestContext& ctx) {
  co_return co_await RegisterCustomer(deps, ctx, true);
}

asio::awaitable<Response> GetCustomer(CustomerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kCustomerRead);
  if (!body) co_return Fail(ctx, body.error());
  std::string id(ctx.params.Get("customerId"));
  auto found = co_await deps.customers.Get(*ctx.principal, std::move(id));
  if (!found) co_return Fail(ctx, found.error());
  co_return CustomerResponse(*found);
}

asio::awaitable<Response> UpdateCustomer(CustomerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kCustomerWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::CustomerUpdate in;
  in.name = r.String("name");
  in.email = r.String("email");
  in.account_id = r.String("accountId");
  in.email_verified = r.Bool("emailVerified");
  in.accept_language = r.String("acceptLanguage");
  in.body_fields = FieldNames(r);
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  std::string id(ctx.params.Get("customerId"));
  auto done = co_await deps.customers.Update(*ctx.principal, actor, std::move(id), std::move(in));
  if (!done) co_return Fail(ctx, done.error());
  co_return CustomerResponse(*done);
}

asio::awaitable<Response> DeleteCustomer(CustomerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kCustomerDelete);
  if (!body) co_return Fail(ctx, body.error());
  const domain::Actor actor = ActorOf(ctx);
  std::string id(ctx.params.Get("customerId"));
  auto count = co_await deps.customers.Delete(*ctx.principal, actor, std::move(id));
  if (!count) co_return Fail(ctx, count.error());
  const boost::json::object out{{"count", *count}};
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> ListLocations(CustomerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kLocationRead);
  if (!body) co_return Fail(ctx, body.error());
  std::string id(ctx.params.Get("customerId"));
  auto list = co_await deps.customers.ListLocations(*ctx.principal, std::move(id));
  if (!list) co_return Fail(ctx, list.error());
  boost::json::array out;
  for (const dp::Location& l : *list) out.emplace_back(LocationJson(l));
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> CreateLocation(CustomerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kLocationWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::LocationInput in;
  in.name = r.String("name");
  in.profile = r.String("profile");
  in.service_id = r.String("serviceId");
  in.body_fields = FieldNames(r);
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  std::string id(ctx.params.Get("customerId"));
  auto done =
      co_await deps.customers.CreateLocation(*ctx.principal, actor, std::move(id), std::move(in));
  co_return JsonOrFail(ctx, done, LocationJson);
}

asio::awaitable<Response> GetLocation(CustomerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kLocationRead);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  auto found = co_await deps.customers.GetLocation(*ctx.principal, std::move(at.customer_id),
                                                   std::move(at.location_id));
  co_return JsonOrFail(ctx, found, LocationJson);
}

}  // namespace

boost::json::object CustomerJson(const dp::Customer& c, boost::json::storage_ptr sp) {
  return boost::json::object({{"id", c.id},
                              {"accountId", c.account_id},
                              {"anonymous", c.anonymous},
                              {"autoProvisioned", c.auto_provisioned},
                              {"name", c.name},
                              {"systemUser", false},
                              {"locked", false},
                              {"partnerId", c.partner_id},
                              {"acceptLanguage", c.accept_language},
                              {"source", c.source},
                              {"provisioningSsoAuditTrail", false},
                              {"emailVerified", c.email_verified},
                              {"createdAt", c.created_at},
                              {"updatedAt", c.updated_at},
                              {"_version", kVersion},
                              {"email", c.email}},
                             std::move(sp));
}

http::Response CustomerResponse(const dp::Customer& c) {
  // Room for the object table and every member of a typical customer; a larger one continues
  // on the heap.
  unsigned char buffer[2048];
  boost::json::monotonic_resource arena(buffer, sizeof buffer);
  return http::JsonResponse(200, CustomerJson(c, &arena));
}

boost::json::object ServiceLevelJson(const dp::Location& l) {
  return boost::json::object{{"status", l.service_level},
                             {"createdAt", l.service_level_created_at},
                             {"updatedAt", l.service_level_updated_at}};
}

boost::json::object MonitorModeJson(const dp::Location& l) {
  return boost::json::object{
      {"_version", kVersion}, {"enable", l.monitor_mode}, {"updatedAt", l.monitor_mode_updated_at}};
}

boost::json::object AuthorizationsJson(const dp::Location& l) {
  return boost::json::object{{"_version", kVersion},
                             {"numPodsAuthorized", l.num_pods_authorized},
                             {"numNodesAuthorized", boost::json::array()},
                             {"updatedAt", l.authorizations_updated_at}};
}

boost::json::object LocationJson(const dp::Location& l) {
  return boost::json::object{{"id", l.id},
                             {"name", l.name},
                             {"customerId", l.customer_id},
                             {"partnerId", l.partner_id},
                             {"accountId", l.account_id},
                             {"groupIds", StringArray(l.group_ids)},
                             {"serviceId", OptionalString(l.service_id)},
                             {"profile", l.profile},
                             {"serviceLevel", ServiceLevelJson(l)},
                             {"monitorMode", MonitorModeJson(l)},
                             {"authorizations", AuthorizationsJson(l)},
                             {"onboardingCheckpoint", OptionalString(l.onboarding_checkpoint)},
                             {"onboardedAt", OptionalString(l.onboarded_at)},
                             {"createdAt", l.created_at},
                             {"updatedAt", l.updated_at},
                             {"_version", kVersion}};
}

void RegisterCustomerRoutes(http::Router& router, CustomerRoutesDeps& deps) {
  router.Add(Verb::post, "/api/Customers/register", Access::kBearer,
             http::BindDeps(deps, Register));
  router.Add(Verb::post, "/api/Customers/registerWithGroups", Access::kBearer,
             http::BindDeps(deps, RegisterWithGroups));
  router.Add(Verb::get, "/api/Customers/{customerId}", Access::kBearer,
             http::BindDeps(deps, GetCustomer));
  router.Add(Verb::patch, "/api/Customers/{customerId}", Access::kBearer,
             http::BindDeps(deps, UpdateCustomer));
  router.Add(Verb::put, "/api/Customers/{customerId}", Access::kBearer,
             http::BindDeps(deps, UpdateCustomer));
  router.Add(Verb::delete_, "/api/Customers/{customerId}", Access::kBearer,
             http::BindDeps(deps, DeleteCustomer));
  router.Add(Verb::get, "/api/Customers/{customerId}/locations", Access::kBearer,
             http::BindDeps(deps, ListLocations));
  router.Add(Verb::post, "/api/Customers/{customerId}/locations", Access::kBearer,
             http::BindDeps(deps, CreateLocation));
  router.Add(Verb::get, "/api/Customers/{customerId}/locations/{locationId}", Access::kBearer,
             http::BindDeps(deps, GetLocation));
}

}  // namespace ispcloud::api::plume
