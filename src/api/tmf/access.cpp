#include "api/tmf/access.h"

#include "api/error_render.h"
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

// Step 4: the scope refusal with its challenge, or nullopt.
std::optional<http::Response> RefuseScope(const http::RequestContext& ctx,
                                          auth::MethodClass method_class) {
  Status scope = auth::CheckScope(*ctx.principal, method_class);
  if (scope) return std::nullopt;
  http::Response res = Fail(ctx, scope.error());
  res.set(boost::beast::http::field::www_authenticate,
          auth::InsufficientScopeChallenge(method_class));
  return res;
}

// Steps 4 and 5 (resolution): the request SPID, or the refusal.
std::variant<std::string, http::Response> ResolveSpid(const http::RequestContext& ctx,
                                                      auth::MethodClass method_class) {
  const auth::Principal& principal = *ctx.principal;
  if (auto refusal = RefuseScope(ctx, method_class)) return std::move(*refusal);
  std::optional<std::string_view> header_spid;
  if (auto it = ctx.request.find("spid"); it != ctx.request.end()) header_spid = it->value();
  auto query_spid = domain::tmf::FindQueryParam(ctx.query, "spid");
  if (!query_spid) return Fail(ctx, query_spid.error());
  std::optional<std::string_view> query_view;
  if (*query_spid) query_view = **query_spid;
  auto spid = auth::ResolveRequestSpid(principal, header_spid, query_view);
  if (!spid) return Fail(ctx, spid.error());
  return std::move(*spid);
}

}  // namespace

http::Response Fail(const http::RequestContext& ctx, const Error& error) {
  return RenderError(http::ApiFamily::kTmf, error, ctx.request_id);
}

asio::awaitable<Admission> Admit(const http::RequestContext& ctx,
                                 domain::bss::ServiceProviderService& providers,
                                 std::vector<Need> needs, auth::MethodClass method_class) {
  if (ctx.principal == nullptr) {
    co_return Fail(ctx, MakeError(ErrorCode::kUnauthenticated, "a bearer token is required"));
  }
  auto resolved = ResolveSpid(ctx, method_class);
  if (auto* refusal = std::get_if<http::Response>(&resolved)) co_return std::move(*refusal);
  std::string spid = std::get<std::string>(std::move(resolved));
  auto provider = co_await providers.Find(spid);
  if (!provider) co_return Fail(ctx, provider.error());
  for (const Need& need : needs) {
    Status allowed = auth::RequirePermission(*ctx.principal, spid, need.entity, need.verb);
    if (!allowed) co_return Fail(ctx, allowed.error());
  }
  domain::Actor actor = ActorOf(ctx, spid);
  co_return TmfCaller{std::move(spid), std::move(actor), std::move(*provider), ctx.principal};
}

asio::awaitable<Admission> Admit(const http::RequestContext& ctx,
                                 domain::bss::ServiceProviderService& providers,
                                 std::string_view entity, std::string_view verb) {
  std::vector<Need> needs;
  needs.push_back(Need{entity, verb});
  const auth::MethodClass method_class =
      verb == "get" ? auth::MethodClass::kRead : auth::MethodClass::kWrite;
  co_return co_await Admit(ctx, providers, std::move(needs), method_class);
}

asio::awaitable<MultiAdmission> AdmitEverySpid(const http::RequestContext& ctx,
                                               domain::bss::ServiceProviderService& providers,
                                               Need need) {
  bool named = ctx.request.find("spid") != ctx.request.end();
  auto query_spid = domain::tmf::FindQueryParam(ctx.query, "spid");
  if (!query_spid || *query_spid) named = true;  // a malformed query is Admit's to report
  if (ctx.principal == nullptr || named) {
    auto one = co_await Admit(ctx, providers, need.entity, need.verb);
    if (auto* refusal = std::get_if<http::Response>(&one)) co_return std::move(*refusal);
    co_return std::vector<TmfCaller>{std::get<TmfCaller>(std::move(one))};
  }
  if (auto refusal = RefuseScope(ctx, auth::MethodClass::kRead)) co_return std::move(*refusal);
  auto all = co_await providers.List();
  if (!all) co_return Fail(ctx, all.error());
  std::vector<TmfCaller> callers;
  for (domain::bss::ServiceProvider& provider : *all) {
    std::string spid = provider.SpidText();
    if (!auth::CanAccessSpid(*ctx.principal, spid) ||
        !auth::HasPermission(*ctx.principal, spid, need.entity, need.verb)) {
      continue;
    }
    domain::Actor actor = ActorOf(ctx, spid);
    callers.push_back(TmfCaller{std::move(spid), std::move(actor), std::move(provider),
                                ctx.principal});
  }
  if (callers.empty()) {
    co_return Fail(ctx, MakeError(ErrorCode::kPermissionDenied,
                                  "no service provider of the caller grants " +
                                      std::string(need.entity) + ":" + std::string(need.verb),
                                  "ERCRT1403"));
  }
  co_return callers;
}

}  // namespace ispcloud::api::tmf
