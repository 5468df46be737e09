#pragma once
// TMF629 Customer and TMF632 Individual / Organization endpoints (docs/tmf.md):
//   GET    {base}            list (fields, attribute filters, sort, offset/limit)
//   POST   {base}            create -> 201 + Location
//   GET    {base}/{id}       retrieve (fields)
//   PATCH  {base}/{id}       merge patch; JSON Patch on the v5 mounts
//   DELETE {base}/{id}       -> 204
// mounted at
//   /tmf-api/customerManagement/v4/customer, /tmf-api/customerManagement/v5/customer,
//   /tmf-api/customer/v5/customer, /tmf-api/party/v4/{individual,organization},
//   /tmf-api/party/v5/{individual,organization}, and the Optiva gateway aliases /api/customer,
//   /api/individual, /api/v1/customer, /api/v1/individual (v4 shapes).
// Handlers admit the caller (access.h), decode the body and render; rules live in
// domain::tmf::ResourceService.

#include <string>

#include "domain/bss/service_provider.h"
#include "domain/tmf/resource_service.h"
#include "http/router.h"

namespace ispcloud::api::tmf {

struct ResourceRoutesDeps {
  domain::tmf::ResourceService& resources;
  domain::bss::ServiceProviderService& providers;  // the configured SPIDs (access.h)
  // Base of every href ("http://host:port", no trailing slash). Set before serving starts.
  std::string public_url;
};

// One place a resource is served.
struct Mount {
  std::string base;  // e.g. "/tmf-api/party/v4/individual"
  domain::tmf::ResourceKind kind;
  domain::tmf::ApiVersion version;
  bool gateway;  // Optiva alias: unknown attributes ignored, lists always 200
};

// Every mount listed above.
const std::vector<Mount>& TmfMounts();

// The href of resource `id` of `kind` at its TMF mount for `version` (never a gateway alias).
std::string ResourceHref(const ResourceRoutesDeps& deps, domain::tmf::ResourceKind kind,
                         domain::tmf::ApiVersion version, std::string_view id);

// Registers the routes of every mount. `deps` must outlive the router.
void RegisterResourceRoutes(http::Router& router, ResourceRoutesDeps& deps);

}  // namespace ispcloud::api::tmf
