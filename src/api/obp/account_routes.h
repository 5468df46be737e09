#pragma once
// Billing accounts and quick prepaid accounts of the Optiva gateway (OPTIVA-API.md §2.4, rows
// 14-20), under /api and /api/v1:
//   GET    /billingAccount                 list (filters of §2.4, fields, offset/limit)
//   POST   /billingAccount                 create -> 201 + Location
//   GET    /billingAccount/{id}            by id or BAN (fields)
//   PATCH  /billingAccount/{id}            merge patch
//   DELETE /billingAccount/{id}            -> 204
//   POST   /quickPrepaidBillingAccount     party + customer + account -> 201
//   GET    /quickPrepaidBillingAccount/{id}
// Rules live in domain::bss::BillingAccountService.

#include <string>

#include "domain/bss/billing_account_service.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct AccountRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::BillingAccountService& accounts;
  const std::string& public_url;  // base of hrefs; updated once the port is bound
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterAccountRoutes(http::Router& router, AccountRoutesDeps& deps);

}  // namespace ispcloud::api::obp
