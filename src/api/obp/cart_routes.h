#pragma once
// Shopping carts of the Optiva gateway (OPTIVA-API.md §2.6), under /api and /api/v1:
//   POST   /shoppingCart                   row 25 -> 200 with the priced cart
//   GET    /shoppingCart?customerId=       row 26 (account id or BAN; required)
//   GET    /shoppingCart/{id}              row 27
//   PATCH  /shoppingCart/{id}              row 28 (merge; totals recomputed)
//   DELETE /shoppingCart/{id}              row 29 -> 200 {"responseMessage":"success",...}
// Permission `shoppingCart:<verb>`. Rules live in domain::bss::CartService.

#include <string>

#include "domain/bss/cart_service.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct CartRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::CartService& carts;
  const std::string& public_url;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterCartRoutes(http::Router& router, CartRoutesDeps& deps);

}  // namespace ispcloud::api::obp
