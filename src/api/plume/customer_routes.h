#pragma once
// Plume-compatible customer and location endpoints (PLUME-API.md §5.1-§5.5, §6.1-§6.3):
//   POST   /api/Customers/register
//   POST   /api/Customers/registerWithGroups
//   GET    /api/Customers/{customerId}
//   PATCH  /api/Customers/{customerId}          (PUT: identical partial update)
//   DELETE /api/Customers/{customerId}
//   GET    /api/Customers/{customerId}/locations
//   POST   /api/Customers/{customerId}/locations
//   GET    /api/Customers/{customerId}/locations/{locationId}
// All need a bearer token. Handlers run gate steps 2-3 (role, body) and leave the rest to
// domain::plume::CustomerService.

#include <boost/json/object.hpp>

#include "domain/plume/customer_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct CustomerRoutesDeps {
  domain::plume::CustomerService& customers;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterCustomerRoutes(http::Router& router, CustomerRoutesDeps& deps);

// Wire representation of a customer (§4.1): never the password, hash or groups. Its strings
// live in `sp` (default: the heap).
boost::json::object CustomerJson(const domain::plume::Customer& c,
                                 boost::json::storage_ptr sp = {});

// A 200 response whose body is CustomerJson(c), built without a heap allocation per member.
http::Response CustomerResponse(const domain::plume::Customer& c);

// Wire representation of a location (§4.2).
boost::json::object LocationJson(const domain::plume::Location& l);

// The serviceLevel, monitorMode and authorizations objects of a location (§4.2, §6.8-§6.11).
boost::json::object ServiceLevelJson(const domain::plume::Location& l);
boost::json::object MonitorModeJson(const domain::plume::Location& l);
boost::json::object AuthorizationsJson(const domain::plume::Location& l);

}  // namespace ispcloud::api::plume
