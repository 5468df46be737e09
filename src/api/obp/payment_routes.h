#pragma once
// Payment-gateway integration of the Optiva gateway (OPTIVA-API.md §2.15), under /api and
// /api/v1, permission `paymentGatewayIntegration:<verb>`:
//   POST /paymentGatewayIntegration/createToken    row 61 -> 201 (200 for a known token value);
//                                                  honours Idempotency-Key
//   GET  /paymentGatewayIntegration/readToken      row 62, ?accountID=
//   GET  /paymentGatewayIntegration/readSchedule   row 65, ?accountID= and/or ?subscriptionId= /
//                                                  mobileNumber=
// Schedules are created by Activation orders with atuTokenID / atuAmount (§2.7.4). Rules live
// in domain::bss::PaymentService.

#include "core/clock.h"
#include "domain/bss/payment_service.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"
#include "storage/db.h"

namespace ispcloud::api::obp {

struct PaymentRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::PaymentService& payments;
  storage::Database& db;
  const Clock& clock;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterPaymentRoutes(http::Router& router, PaymentRoutesDeps& deps);

}  // namespace ispcloud::api::obp
