#pragma once
// Request plumbing shared by the Optiva gateway BSS handlers (api/obp): admission through
// api/tmf/access.h, the domain context of a caller, bodies, list responses, hrefs and the
// Transaction-Id echo. Every route is served under both gateway bases, /api and /api/v1
// (OPTIVA-API.md §0.2).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
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

}  // namespace ispcloud::api::obp
