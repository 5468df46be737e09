#pragma once
// Admission of TMF and Optiva gateway requests (OPTIVA-API.md §1.10 steps 4-6): the scope of the
// method, the request SPID (§1.6: `spid` header, else `spid` query parameter, else the caller's
// only SPID), the SPID being configured on this server (§1.6 step 5), and the SPID:entity:verb
// permissions of the route. Every TMF and gateway (api/obp) route admits its callers here.

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/optiva_policy.h"
#include "core/error.h"
#include "domain/actor.h"
#include "domain/bss/service_provider.h"
#include "http/types.h"

namespace ispcloud::api::tmf {

// A caller that may run the route, acting for `spid`.
struct TmfCaller {
  std::string spid;  // canonical decimal
  domain::Actor actor;
  domain::bss::ServiceProvider provider;  // the configured SPID
  std::shared_ptr<const auth::Principal> principal;
};

// One (entity, verb) pair a route needs (§2.1 "permission" column).
struct Need {
  std::string_view entity;  // e.g. "billingAccount"
  std::string_view verb;    // get | post | put | patch | delete
};

using Admission = std::variant<TmfCaller, http::Response>;

// Runs the checks for the pairs `needs` (all required) with the scope of `method_class`.
// Either the caller, or the refusal to send: 401 without a principal; 403 ERCRT1403 with
// `WWW-Authenticate: Bearer error="insufficient_scope", ...` for a missing scope; 400 ERCRT1001
// for a malformed or missing SPID; 403 ERCRT1403 for a SPID the caller does not hold; 404
// ERCRT1015 for a SPID not configured; 403 ERCRT1403 for a missing permission.
asio::awaitable<Admission> Admit(const http::RequestContext& ctx,
                                 domain::bss::ServiceProviderService& providers,
                                 std::vector<Need> needs, auth::MethodClass method_class);

// The common case: one pair, scope class read for "get" and write otherwise.
asio::awaitable<Admission> Admit(const http::RequestContext& ctx,
                                 domain::bss::ServiceProviderService& providers,
                                 std::string_view entity, std::string_view verb);

// For reads that span the caller's tenants (GET /api/serviceProvider, a kRead route): with a
// `spid` header or query parameter, exactly Admit; without, a caller for every configured SPID
// the principal holds and has `need` on (none -> 403 ERCRT1403). 401 and scope as Admit.
using MultiAdmission = std::variant<std::vector<TmfCaller>, http::Response>;
asio::awaitable<MultiAdmission> AdmitEverySpid(const http::RequestContext& ctx,
                                               domain::bss::ServiceProviderService& providers,
                                               Need need);

// Renders `error` in the TMF format.
http::Response Fail(const http::RequestContext& ctx, const Error& error);

}  // namespace ispcloud::api::tmf
