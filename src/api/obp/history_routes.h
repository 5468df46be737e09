#pragma once
// Subscription histories and the customer dashboard of the Optiva gateway, under /api and
// /api/v1 (history lists of OPTIVA-API.md §2.0: start, end, isAscending, limit, nextPageKey):
//   GET /subscription/{id}/history                       row 41 (bucket history; bundleId)
//   GET /subscription/balanceHistory?subscriptionId=|mobileNumber=   row 43
//   GET /subscription/{id}/transaction                   row 44
//   GET /subscription/{id}/detailedSubscriptionTransaction   row 45
//   GET /callDetail?subscriptionId=|mobileNumber=        row 46 (callDetail:get; callType)
//   GET /dashboard/customer/{id}                          row 12 (customer:get)
// Rules live in domain::bss::HistoryService and DashboardService.

#include <string>

#include "domain/bss/dashboard_service.h"
#include "domain/bss/history_service.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct HistoryRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::HistoryService& histories;
  domain::bss::DashboardService& dashboards;
  const std::string& public_url;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterHistoryRoutes(http::Router& router, HistoryRoutesDeps& deps);

}  // namespace ispcloud::api::obp
