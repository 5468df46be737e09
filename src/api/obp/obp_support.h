#pragma once
// Request plumbing shared by the Optiva gateway BSS handlers (api/obp): admission through
// api/tmf/access.h, the domain context of a caller, bodies, list responses, hrefs and the
// Transaction-Id echo. Every route is served under both gateway bases, /api and /api/v1
// (OPTIVA-API.md §0.2).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/tmf/access.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "http/types.h"

namespace ispcloud::api::obp {

// The gateway bases every route is registered under.
const std::vector<std::string>& GatewayBases();

// The domain context of an admitted caller.
domain::bss::BssContext ContextOf(const http::RequestContext& ctx, tmf::TmfCaller caller);

// Admission (tmf::Admit: scope, SPID, permission `entity`:`verb`) and the caller's domain
// context in one step; on refusal the variant holds the response to send:
//   auto admitted = co_await AdmitBss(ctx, deps.providers, "note", "post");
//   if (auto* refusal = std::get_if<http::Response>(&admitted)) co_return std::move(*refusal);
//   const auto& caller = std::get<domain::bss::BssContext>(admitted);
using BssAdmission = std::variant<domain::bss::BssContext, http::Response>;
asio::awaitable<BssAdmission> AdmitBss(const http::RequestContext& ctx,
                                       domain::bss::ServiceProviderService& providers,
                                       std::string_view entity, std::string_view verb);
// The same for several pairs (all required) and an explicit scope class (e.g. kAdmin).
asio::awaitable<BssAdmission> AdmitBss(const http::RequestContext& ctx,
                                       domain::bss::ServiceProviderService& providers,
                                       std::vector<tmf::Need> needs,
                                       auth::MethodClass method_class);

// "/api" or "/api/v1": the base the request came through.
std::string_view BaseOf(const http::RequestContext& ctx);

// The absolute href of `path` (e.g. "/billingAccount/3001") under the request's base.
std::string Href(const http::RequestContext& ctx, std::string_view public_url,
                 std::string_view path);

// `doc` with `id` first and `href` = Href(ctx, public_url, collection + "/" + id) second.
boost::json::object WithHref(const http::RequestContext& ctx, std::string_view public_url,
                             std::string_view collection, boost::json::object doc);

// The JSON body of a POST/PUT/PATCH: 415 for a media type other than JSON (merge-patch
// accepted for PATCH), 400 for an empty or malformed body.
Result<boost::json::value> JsonBody(const http::RequestContext& ctx);

// Echoes the request's Transaction-Id header.
http::Response Finish(const http::RequestContext& ctx, http::Response res);

// 200 with the items of an entity list and X-Total-Count / X-Result-Count.
http::Response ListResponse(const http::RequestContext& ctx, boost::json::array items,
                            int64_t total);

// The decoded query parameter `name` (nullopt when absent); bad encoding -> 400.
Result<std::optional<std::string>> Param(const http::RequestContext& ctx, std::string_view name);

// The first present query parameter among `names` (aliases), decoded; bad encoding -> 400.
Result<std::optional<std::string>> QueryParam(const http::RequestContext& ctx,
                                              std::initializer_list<std::string_view> names);

// An optional integer query parameter; not an integer -> 400 ERCRT1001 naming it.
Result<std::optional<int64_t>> IntParam(const http::RequestContext& ctx, std::string_view name);

// A date or date-time query parameter normalised to ISO-8601 UTC with milliseconds (the stored
// form). Accepts RFC 3339, plain dates and the observed "2026-06-01T00:00:00:000" (a colon
// before the milliseconds). Anything else -> 400 ERCRT1001 naming it.
Result<std::optional<std::string>> DateTimeParam(const http::RequestContext& ctx,
                                                 std::string_view name);

// `offset` and `limit` of an entity list: offset >= 0 (default 0), limit 0..500 (default 100);
// out of range -> 400 ERCRT1001 with the gateway's wording.
struct Paging {
  int64_t offset = 0;
  int64_t limit = 100;
};
Result<Paging> PagingOf(const http::RequestContext& ctx);

}  // namespace ispcloud::api::obp
