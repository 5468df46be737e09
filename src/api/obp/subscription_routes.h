#pragma once
// Subscriptions and product orders of the Optiva gateway, under /api and /api/v1:
//   GET  /subscription/type                        row 35
//   GET  /subscription?accountID=|mobileNumber=     row 36 (recurse, state, subscriptionType)
//   GET  /subscription/profile?subscriptionId=|mobileNumber=   row 37
//   PATCH /subscription/profile  {subscriptionId|mobileNumber, creditLimit, ...}   row 38
//   GET  /subscription/{id}/pricePlan              row 39 ({id} = SubId or MSISDN)
//   GET  /subscription/balanceQuery?subscriptionId=|mobileNumber=   row 42
//   POST /productOrder                              row 30 -> 200 with the order
//   GET  /productOrder                              row 32 (customerBan, subscriptionId, state,
//   type) GET  /productOrder/{id}                         row 33
// Rules live in domain::bss::SubscriptionService and OrderService.

#include <string>

#include "domain/bss/order_service.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/subscription_service.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct SubscriptionRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::SubscriptionService& subscriptions;
  domain::bss::OrderService& orders;
  const std::string& public_url;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterSubscriptionRoutes(http::Router& router, SubscriptionRoutesDeps& deps);

}  // namespace ispcloud::api::obp
