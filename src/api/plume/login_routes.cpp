#include "api/plume/login_routes.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>

#include "api/oauth/form.h"
#include "api/plume/body.h"
#include "api/plume/customer_routes.h"
#include "api/plume/route_support.h"
#include "auth/principal.h"
#include "core/strings.h"

namespace ispcloud::api::plume {
namespace {

namespace beast_http = boost::beast::http;

// The value of query parameter `name`, or nullopt (also when the query is malformed).
std::optional<std::string> QueryParam(std::string_view query, std::string_view name) {
  if (query.find(name) == std::string_view::npos) return std::nullopt;
  auto form = oauth::ParseForm(query);
  if (!form) return std::nullopt;
  auto it = form->find(name);
  if (it == form->end()) return std::nullopt;
  return it->second;
}

asio::awaitable<Response> Login(LoginRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = DecodeBody(ctx.request[beast_http::field::content_type], ctx.request.body());
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  // A field of the wrong type counts as missing (LOGIN_FIELDS_REQUIRED).
  std::string name = r.String("email").value_or("");
  if (name.empty()) name = r.String("username").value_or("");
  std::string password = r.String("password").value_or("");
  std::string request_id = ctx.request_id;
  auto session =
      co_await deps.logins.Login(std::move(name), std::move(password), std::move(request_id));
  if (!session) co_return Fail(ctx, session.error());

  boost::json::object out{{"id", session->token},
                          {"ttl", session->ttl_seconds},
                          {"created", session->created_at},
                          {"userId", session->user_id}};
  if (session->is_customer && QueryParam(ctx.query, "include") == "user") {
    auth::Principal self;
    self.customer_id = session->user_id;
    auto customer = co_await deps.customers.Get(self, session->user_id);
    if (customer) out["user"] = CustomerJson(*customer);
  }
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> Logout(LoginRoutesDeps& deps, RequestContext& ctx) {
  std::string token = PlumeLoginTokenOf(ctx);
  if (token.empty()) co_return http::EmptyResponse(204);  // a JWT: nothing to revoke (§3.5)
  const domain::Actor actor = ActorOf(ctx);
  Status done = co_await deps.logins.Logout(std::move(token), actor);
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

}  // namespace

std::string PlumeLoginTokenOf(const RequestContext& ctx) {
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view header = ctx.request[beast_http::field::authorization];
  if (!header.empty()) {
    std::string_view value = IStartsWith(header, kBearer) ? header.substr(kBearer.size()) : header;
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (!dp::LooksLikeLoginToken(value) || value.find(' ') != std::string_view::npos) return "";
    return std::string(value);
  }
  std::optional<std::string> query = QueryParam(ctx.query, "access_token");
  if (!query || !dp::LooksLikeLoginToken(*query)) return "";
  return *query;
}

void RegisterLoginRoutes(http::Router& router, LoginRoutesDeps& deps) {
  router.Add(http::Verb::post, "/api/Customers/login", http::Access::kPublic,
             [&deps](RequestContext& ctx) { return Login(deps, ctx); });
  router.Add(http::Verb::post, "/api/Customers/logout", http::Access::kBearer,
             [&deps](RequestContext& ctx) { return Logout(deps, ctx); });
}

}  // namespace ispcloud::api::plume
