#pragma once
// Pieces shared by the Plume-compatible handlers: the gate steps 2-3, error rendering, the
// audited actor and JSON helpers.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/plume/body.h"
#include "auth/plume_policy.h"
#include "domain/actor.h"
#include "http/router.h"
#include "http/types.h"

namespace ispcloud::domain::plume {}  // the services the handlers call

namespace ispcloud::api::plume {

// The vocabulary of every Plume handler file.
using auth::PlumeOperation;
using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace dp = domain::plume;

// The schema version of every Plume object (§1.3).
inline constexpr std::string_view kVersion = "1.0.0";

// Renders `error` in the Plume (LoopBack) format.
http::Response Fail(const http::RequestContext& ctx, const Error& error);

// The actor recorded in audit logs for the caller of `ctx` (principal required).
domain::Actor ActorOf(const http::RequestContext& ctx);

// Gate steps 2 and 3: the caller's role may run `op` (401 AUTHORIZATION_REQUIRED otherwise),
// and the body decodes (400 / 415).
Result<Body> Admit(const http::RequestContext& ctx, auth::PlumeOperation op);

// The query string as a Body of string fields (read with FieldReader, which coerces booleans
// and numbers). A malformed or repeated parameter -> 400 BAD_REQUEST.
Result<Body> QueryBody(const http::RequestContext& ctx);

// The names of the fields present in a body (what a PATCH touches).
std::vector<std::string> FieldNames(const FieldReader& r);

// The {customerId} and {locationId} parameters of a location route.
struct LocationPath {
  std::string customer_id;
  std::string location_id;
};
LocationPath LocationPathOf(const http::RequestContext& ctx);

// 200 with `render(*result)` as JSON, or `result`'s error in the Plume format.
template <typename T, typename Render>
http::Response JsonOrFail(const http::RequestContext& ctx, const Result<T>& result,
                          Render&& render) {
  if (!result) return Fail(ctx, result.error());
  return http::JsonResponse(200, render(*result));
}

// A string, or JSON null.
boost::json::value OptionalString(const std::optional<std::string>& s);

}  // namespace ispcloud::api::plume
