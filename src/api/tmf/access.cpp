#include "api/tmf/access.h"

#include "api/error_render.h"
#include "auth/optiva_policy.h"
#include "auth/principal.h"
#include "domain/tmf/query.h"

namespace ispcloud::api::tmf {
namespace {

domain::Actor ActorOf(const http::RequestContext& ctx, const std::string& spid) {
  const auth::Principal& p = *ctx.principal;
  std::string id;
  if (!p.username.empty()) {
    id = "user:" + p.username;
  } else if (!p.client_id.empty()) {
    id = "client:" + p.client_id;
  } else {
    id = "user:" + p.subject;
  }
  return domain::Actor{std::move(id), ctx.request_id, spid};
}

}  // namespace

http::Response Fail(const http::RequestContext& ctx, const Error& error) {
  return RenderError(http::ApiFamily::kTmf, error, ctx.request_id);
}

std::variant<TmfCaller, http::Response> Admit(
    const http::RequestContext& ctx, std::string_view entity, std::string_view verb,
    std::optional<auth::MethodClass> method_class_override) {
  if (ctx.principal == nullptr) {
    return Fail(ctx, MakeError(ErrorCode::kUnauthenticated, "a bearer token is required"));
  }
  const auth::Principal& principal = *ctx.principal;
  const auth::MethodClass method_class = method_class_override.value_or(
      verb == "get" ? auth::MethodClass::kRead : auth::MethodClass::kWrite);
  if (Status scope = auth::CheckScope(principal, method_class); !scope) {
    http::Response res = Fail(ctx, scope.error());
    res.set(boost::beast::http::field::www_authenticate,
            auth::InsufficientScopeChallenge(method_class));
    return res;
  }
  std::optional<std::string_view> header_spid;
  if (auto it = ctx.request.find("spid"); it != ctx.request.end()) header_spid = it->value();
  auto query_spid = domain::tmf::FindQueryParam(ctx.query, "spid");
  if (!query_spid) return Fail(ctx, query_spid.error());
  std::optional<std::string_view> query_view;
  if (*query_spid) query_view = **query_spid;
  auto spid = auth::ResolveRequestSpid(principal, header_spid, query_view);
  if (!spid) return Fail(ctx, spid.error());
  if (Status allowed = auth::RequirePermission(principal, *spid, entity, verb); !allowed) {
    return Fail(ctx, allowed.error());
  }
  domain::Actor actor = ActorOf(ctx, *spid);
  return TmfCaller{std::move(*spid), std::move(actor)};
}

}  // namespace ispcloud::api::tmf
