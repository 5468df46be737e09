#pragma once
// Service-provider records of the Optiva gateway (OPTIVA-API.md §2.20), under /api and /api/v1:
//   GET   /serviceProvider        row 87, serviceProvider:get (read scope): the caller's SPIDs
//                                 that exist (one with a `spid` header), with their settings
//   PATCH /serviceProvider/{id}   row 88, serviceProvider:patch (admin scope): merge into the
//                                 settings of the request SPID ({id} must be it)
// Creating a SPID is an operator task (`ispcloud sp create`). Rules live in
// domain::bss::ServiceProviderService and provider_settings.h.

#include <string>

#include "domain/bss/service_provider.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct ProviderRoutesDeps {
  domain::bss::ServiceProviderService& providers;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterProviderRoutes(http::Router& router, ProviderRoutesDeps& deps);

}  // namespace ispcloud::api::obp
