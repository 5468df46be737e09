#pragma once
// Admission of TMF and Optiva gateway requests (OPTIVA-API.md §1.10 steps 4-6): the scope of the
// method, the request SPID (§1.6: `spid` header, else `spid` query parameter, else the caller's
// only SPID) and the SPID:entity:verb permission of the route.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "auth/optiva_policy.h"
#include "core/error.h"
#include "domain/actor.h"
#include "http/types.h"

namespace ispcloud::api::tmf {

// A caller that may run the route, acting for `spid`.
struct TmfCaller {
  std::string spid;  // canonical decimal
  domain::Actor actor;
};

// Runs the checks for `entity` (customer, individual, organization) and `verb` (get, post,
// patch, delete). Either the caller, or the refusal to send: 401 without a principal; 403
// ERCRT1403 with `WWW-Authenticate: Bearer error="insufficient_scope", ...` for a missing scope;
// 400 ERCRT1001 for a malformed or missing SPID; 403 ERCRT1403 for a SPID or permission the
// caller does not hold.
// `method_class` overrides the scope class derived from the verb (admin rows, read-POSTs).
std::variant<TmfCaller, http::Response> Admit(
    const http::RequestContext& ctx, std::string_view entity, std::string_view verb,
    std::optional<auth::MethodClass> method_class = std::nullopt);

// Renders `error` in the TMF format.
http::Response Fail(const http::RequestContext& ctx, const Error& error);

}  // namespace ispcloud::api::tmf
