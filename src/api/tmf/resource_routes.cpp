#include "api/tmf/resource_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "api/tmf/access.h"
#include "api/tmf/request.h"
#include "core/strings.h"

namespace ispcloud::api::tmf {
namespace {

using domain::tmf::ApiVersion;
using domain::tmf::ResourceDoc;
using domain::tmf::ResourceKind;
using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace beast_http = boost::beast::http;
namespace dt = domain::tmf;

// Reserved query parameters that are not attribute filters (besides fields/offset/limit/sort).
const std::vector<std::string_view> kReservedParams = {"spid"};

// The href of resource `id` at `mount`.
std::string Href(const ResourceRoutesDeps& deps, const Mount& mount, std::string_view id) {
  return deps.public_url + mount.base + "/" + std::string(id);
}

// The wire form: id and href first, then the attributes; `fields` selection when asked.
json::object Render(const ResourceRoutesDeps& deps, const Mount& mount, ResourceDoc doc,
                    const std::optional<std::vector<std::string>>& fields) {
  json::object out;
  const std::string id = doc.contains("id") ? std::string(doc.at("id").as_string()) : "";
  out["id"] = id;
  out["href"] = Href(deps, mount, id);
  for (auto& member : doc) {
    if (member.key() != "id") out[member.key()] = std::move(member.value());
  }
  if (fields) return dt::SelectFields(out, *fields);
  return out;
}

Response Finish(const RequestContext& ctx, Response res) {
  EchoTransactionId(ctx, res);
  return res;
}

dt::Target TargetOf(const Mount& mount, std::string spid) {
  return dt::Target{std::move(spid), mount.kind, mount.version, mount.gateway};
}

asio::awaitable<Response> List(ResourceRoutesDeps& deps, const Mount& mount, RequestContext& ctx) {
  const std::string_view entity = dt::EntityName(mount.kind);
  const std::string_view verb = "get";
  auto admitted = co_await Admit(ctx, deps.providers, entity, verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  auto query = dt::ParseListQuery(ctx.query, kReservedParams);
  if (!query) co_return Fail(ctx, query.error());
  const std::optional<std::vector<std::string>> fields = query->fields;
  const dt::Target target = TargetOf(mount, caller.spid);
  auto page = co_await deps.resources.List(target, std::move(*query));
  if (!page) co_return Fail(ctx, page.error());
  json::array items;
  for (ResourceDoc& doc : page->items)
    items.emplace_back(Render(deps, mount, std::move(doc), fields));
  const size_t count = items.size();
  const bool partial = static_cast<int64_t>(count) < page->total && !mount.gateway;
  Response res = http::JsonResponse(partial ? 206 : 200, items);
  res.set("X-Total-Count", std::to_string(page->total));
  res.set("X-Result-Count", std::to_string(count));
  co_return Finish(ctx, std::move(res));
}

asio::awaitable<Response> Create(ResourceRoutesDeps& deps, const Mount& mount,
                                 RequestContext& ctx) {
  const std::string_view entity = dt::EntityName(mount.kind);
  const std::string_view verb = "post";
  auto admitted = co_await Admit(ctx, deps.providers, entity, verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  const std::string media = MediaType(ctx);
  if (!ctx.request.body().empty() && media != "application/json" && !media.ends_with("+json")) {
    co_return Fail(ctx, UnsupportedMedia("application/json"));
  }
  auto body = ParseJsonBody(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto fields = dt::ParseFieldsParam(ctx.query);
  if (!fields) co_return Fail(ctx, fields.error());
  const dt::Target target = TargetOf(mount, caller.spid);
  auto created = co_await deps.resources.Create(caller.actor, target, std::move(*body));
  if (!created) co_return Fail(ctx, created.error());
  json::object out = Render(deps, mount, std::move(*created), *fields);
  const std::string location = std::string(out.at("href").as_string());
  Response res = http::JsonResponse(201, out);
  res.set(beast_http::field::location, location);
  co_return Finish(ctx, std::move(res));
}

asio::awaitable<Response> Retrieve(ResourceRoutesDeps& deps, const Mount& mount,
                                   RequestContext& ctx) {
  const std::string_view entity = dt::EntityName(mount.kind);
  const std::string_view verb = "get";
  auto admitted = co_await Admit(ctx, deps.providers, entity, verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  auto fields = dt::ParseFieldsParam(ctx.query);
  if (!fields) co_return Fail(ctx, fields.error());
  const dt::Target target = TargetOf(mount, caller.spid);
  std::string id(ctx.params.Get("id"));
  auto found = co_await deps.resources.Get(target, std::move(id));
  if (!found) co_return Fail(ctx, found.error());
  co_return Finish(ctx, http::JsonResponse(200, Render(deps, mount, std::move(*found), *fields)));
}

asio::awaitable<Response> Patch(ResourceRoutesDeps& deps, const Mount& mount, RequestContext& ctx) {
  const std::string_view entity = dt::EntityName(mount.kind);
  const std::string_view verb = "patch";
  auto admitted = co_await Admit(ctx, deps.providers, entity, verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  const std::string media = MediaType(ctx);
  // JSON Patch where the spec lists it (v5); TMF630 leaves it optional for v4 and the Optiva
  // gateway answers 415 (OPTIVA-API.md §4.4).
  const bool json_patch_allowed = mount.version == ApiVersion::kV5 && !mount.gateway;
  dt::PatchFormat format = dt::PatchFormat::kMergePatch;
  if (media == "application/json-patch+json" && json_patch_allowed) {
    format = dt::PatchFormat::kJsonPatch;
  } else if (!ctx.request.body().empty() && media != "application/merge-patch+json" &&
             media != "application/json") {
    co_return Fail(ctx, UnsupportedMedia(json_patch_allowed
                                             ? "application/merge-patch+json, application/json "
                                               "or application/json-patch+json"
                                             : "application/merge-patch+json or application/json"));
  }
  auto body = ParseJsonBody(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto fields = dt::ParseFieldsParam(ctx.query);
  if (!fields) co_return Fail(ctx, fields.error());
  const dt::Target target = TargetOf(mount, caller.spid);
  std::string id(ctx.params.Get("id"));
  auto patched =
      co_await deps.resources.Patch(caller.actor, target, std::move(id), format, std::move(*body));
  if (!patched) co_return Fail(ctx, patched.error());
  co_return Finish(ctx, http::JsonResponse(200, Render(deps, mount, std::move(*patched), *fields)));
}

asio::awaitable<Response> Delete(ResourceRoutesDeps& deps, const Mount& mount,
                                 RequestContext& ctx) {
  const std::string_view entity = dt::EntityName(mount.kind);
  const std::string_view verb = "delete";
  auto admitted = co_await Admit(ctx, deps.providers, entity, verb);
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const TmfCaller caller = std::get<TmfCaller>(std::move(admitted));
  const dt::Target target = TargetOf(mount, caller.spid);
  std::string id(ctx.params.Get("id"));
  Status deleted = co_await deps.resources.Delete(caller.actor, target, std::move(id));
  if (!deleted) co_return Fail(ctx, deleted.error());
  co_return Finish(ctx, http::EmptyResponse(204));
}

}  // namespace

const std::vector<Mount>& TmfMounts() {
  static const std::vector<Mount> kMounts = {
      {"/tmf-api/customerManagement/v4/customer", ResourceKind::kCustomer, ApiVersion::kV4, false},
      {"/tmf-api/customerManagement/v5/customer", ResourceKind::kCustomer, ApiVersion::kV5, false},
      {"/tmf-api/customer/v5/customer", ResourceKind::kCustomer, ApiVersion::kV5, false},
      {"/tmf-api/party/v4/individual", ResourceKind::kIndividual, ApiVersion::kV4, false},
      {"/tmf-api/party/v4/organization", ResourceKind::kOrganization, ApiVersion::kV4, false},
      {"/tmf-api/party/v5/individual", ResourceKind::kIndividual, ApiVersion::kV5, false},
      {"/tmf-api/party/v5/organization", ResourceKind::kOrganization, ApiVersion::kV5, false},
      {"/api/customer", ResourceKind::kCustomer, ApiVersion::kV4, true},
      {"/api/v1/customer", ResourceKind::kCustomer, ApiVersion::kV4, true},
      {"/api/individual", ResourceKind::kIndividual, ApiVersion::kV4, true},
      {"/api/v1/individual", ResourceKind::kIndividual, ApiVersion::kV4, true},
  };
  return kMounts;
}

std::string ResourceHref(const ResourceRoutesDeps& deps, ResourceKind kind, ApiVersion version,
                         std::string_view id) {
  for (const Mount& mount : TmfMounts()) {
    if (mount.kind == kind && mount.version == version && !mount.gateway) {
      return Href(deps, mount, id);
    }
  }
  return deps.public_url + "/" + std::string(id);  // unreachable: every pair has a mount
}

void RegisterResourceRoutes(http::Router& router, ResourceRoutesDeps& deps) {
  using HandlerFn =
      asio::awaitable<Response> (*)(ResourceRoutesDeps&, const Mount&, RequestContext&);
  auto bind = [&deps](const Mount& mount, HandlerFn fn) {
    return [&deps, &mount, fn](RequestContext& ctx) { return fn(deps, mount, ctx); };
  };
  for (const Mount& mount : TmfMounts()) {
    const std::string item = mount.base + "/{id}";
    router.Add(Verb::get, mount.base, Access::kBearer, bind(mount, List));
    router.Add(Verb::post, mount.base, Access::kBearer, bind(mount, Create));
    router.Add(Verb::get, item, Access::kBearer, bind(mount, Retrieve));
    router.Add(Verb::patch, item, Access::kBearer, bind(mount, Patch));
    router.Add(Verb::delete_, item, Access::kBearer, bind(mount, Delete));
  }
}

}  // namespace ispcloud::api::tmf
