#pragma once
// Voucher routes of the Optiva gateway (OPTIVA-API.md §2.20 rows 91-92, §2.13 row 55), under
// /api and the /api/v1 alias.

#include <functional>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "domain/bss/voucher_service.h"
#include "http/router.h"
#include "storage/db.h"

namespace ispcloud::api::obp {

// The currency of a configured SPID; kNotFound ERCRT1015 for a SPID that is not configured.
using SpidCurrencyFn = std::function<asio::awaitable<Result<std::string>>(std::string spid)>;

struct VoucherRoutesDeps {
  storage::Database& db;
  const Clock& clock;
  domain::bss::VoucherService& vouchers;
  SpidCurrencyFn spid_currency;
};

void RegisterVoucherRoutes(http::Router& router, VoucherRoutesDeps& deps);

}  // namespace ispcloud::api::obp
