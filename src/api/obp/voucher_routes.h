#pragma once
// Voucher routes of the Optiva gateway (OPTIVA-API.md §2.20 rows 91-92, §2.13 row 55), under
// /api and the /api/v1 alias.

#include <functional>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/voucher_recharge_service.h"
#include "domain/bss/voucher_service.h"
#include "http/router.h"
#include "storage/db.h"

namespace ispcloud::api::obp {

struct VoucherRoutesDeps {
  storage::Database& db;
  const Clock& clock;
  domain::bss::VoucherService& vouchers;
  domain::bss::VoucherRechargeService& recharges;
  domain::bss::ServiceProviderService& providers;  // admission (configured SPID, currency)
};

void RegisterVoucherRoutes(http::Router& router, VoucherRoutesDeps& deps);

}  // namespace ispcloud::api::obp
