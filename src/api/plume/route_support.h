#pragma once
// Pieces shared by the Plume-compatible handlers: the gate steps 2-3, error rendering, the
// audited actor and JSON helpers.

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "api/plume/body.h"
#include "auth/plume_policy.h"
#include "domain/actor.h"
#include "http/types.h"

namespace ispcloud::api::plume {

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

// A string, or JSON null.
boost::json::value OptionalString(const std::optional<std::string>& s);

}  // namespace ispcloud::api::plume
