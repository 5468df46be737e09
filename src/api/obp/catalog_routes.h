#pragma once
// The product catalogue of the Optiva gateway (OPTIVA-API.md §2.5, rows 21-23), under /api and
// /api/v1:
//   GET /productOffering              list; items omit `components` unless fields names it
//   GET /productOffering/{id}         one offering with components
//   GET /productOffering/{id}/addOn   optional components of a price plan, grouped by type
//   PUT /admin/catalog                row 94 (admin:put, admin scope): replaces the SPID's
//                                     catalogue, as `ispcloud catalog import` does
// Rules live in domain::bss::CatalogService.

#include <string>

#include "domain/bss/catalog.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct CatalogRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::CatalogService& catalog;
  const std::string& public_url;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterCatalogRoutes(http::Router& router, CatalogRoutesDeps& deps);

}  // namespace ispcloud::api::obp
