#pragma once
// TMF event hub (TMF630 pattern) of the TMF629 and TMF632 APIs:
//   POST   {api}/hub        {"callback": "...", "query": "..."} -> 201 EventSubscription + Location
//   GET    {api}/hub/{id}   the subscription (v5 hubGet; also answered on v4)
//   DELETE {api}/hub/{id}   -> 204
// for {api} = /tmf-api/customerManagement/v4|v5, /tmf-api/customer/v5, /tmf-api/party/v4|v5,
// and the Optiva gateway's /api and /api/v1 (OPTIVA-API.md rows 85-86, BSS events of
// domain/bss/events.h on topic "obp").
// A subscription belongs to the request's SPID and receives that SPID's events of its API and
// version (domain/tmf/events.h). Subscribing to a TMF hub needs the `get` permission on the
// API's entity (customer, or individual for the party API): events carry what a read would
// show. The gateway hub needs `hub:post` / `hub:get` / `hub:delete` (write scope for changes).

#include <string>

#include "domain/bss/service_provider.h"
#include "domain/events/hub_service.h"
#include "http/router.h"

namespace ispcloud::api::tmf {

struct HubRoutesDeps {
  domain::events::HubService& hub;
  domain::bss::ServiceProviderService& providers;  // the configured SPIDs (access.h)
  // Base of Location headers ("http://host:port"); updated once the port is bound.
  const std::string& public_url;
};

// Registers the hub routes of every TMF API. `deps` must outlive the router.
void RegisterHubRoutes(http::Router& router, HubRoutesDeps& deps);

}  // namespace ispcloud::api::tmf
