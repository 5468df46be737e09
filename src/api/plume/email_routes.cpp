#include "api/plume/email_routes.h"

#include <boost/beast/http/field.hpp>

#include "api/plume/body.h"
#include "api/plume/route_support.h"

namespace ispcloud::api::plume {
namespace {

namespace beast_http = boost::beast::http;

asio::awaitable<Response> Resend(EmailRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kResendVerification);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::ResendVerificationInput in;
  in.email = r.String("email");  // notificationOptions: accepted and ignored
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  Status done = co_await deps.verifications.Resend(*ctx.principal, actor, std::move(in));
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> Confirm(EmailRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> query = QueryBody(ctx);
  if (!query) co_return Fail(ctx, query.error());
  FieldReader r(*query);
  dp::ConfirmEmailInput in;
  in.uid = r.String("uid");
  in.token = r.String("token");
  in.redirect = r.String("redirect");
  in.decode_errors = r.TakeErrors();
  const std::optional<std::string> redirect = in.redirect;
  const domain::Actor actor{"anonymous", ctx.request_id, ""};
  Status done = co_await deps.verifications.Confirm(actor, std::move(in));
  if (!done) co_return Fail(ctx, done.error());
  if (!redirect) co_return http::EmptyResponse(204);
  Response res = http::EmptyResponse(302);
  res.set(beast_http::field::location, *redirect);
  co_return res;
}

}  // namespace

void RegisterEmailRoutes(http::Router& router, EmailRoutesDeps& deps) {
  router.Add(Verb::post, "/api/Customers/resendEmailVerification", Access::kBearer,
             [&deps](RequestContext& ctx) { return Resend(deps, ctx); });
  router.Add(Verb::get, "/api/Customers/confirm", Access::kPublic,
             [&deps](RequestContext& ctx) { return Confirm(deps, ctx); });
}

}  // namespace ispcloud::api::plume
