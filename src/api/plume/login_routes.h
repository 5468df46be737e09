#pragma once
// The legacy Plume login (PLUME-API.md §3.4, §3.5):
//   POST /api/Customers/login    public; email (or username) + password -> opaque token
//   POST /api/Customers/logout   revokes the login token of the call (204)
// and the LoopBack rules for where a login token travels.

#include <string>

#include "domain/plume/customer_service.h"
#include "domain/plume/login_service.h"
#include "http/router.h"
#include "http/types.h"

namespace ispcloud::api::plume {

struct LoginRoutesDeps {
  domain::plume::LoginService& logins;
  domain::plume::CustomerService& customers;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterLoginRoutes(http::Router& router, LoginRoutesDeps& deps);

// The login token a Plume request carries: the value of `Authorization: Bearer <id>` or of the
// bare `Authorization: <id>` when it is not a JWT (no '.'), else the `access_token` query
// parameter; "" when there is none. A JWT is never returned (it goes to the JWT verifier).
std::string PlumeLoginTokenOf(const http::RequestContext& ctx);

}  // namespace ispcloud::api::plume
