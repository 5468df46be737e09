#pragma once
// The customer dashboard (OPTIVA-API.md §2.3.1, row 12): one read that gives a CSR a customer's
// situation: the customer and its engaged party, its billing accounts, their subscriptions with
// balances, totals, the number of adjustments waiting for approval and the newest notes.
// Documents carry no href; the API layer adds them.

#include <boost/json/object.hpp>
#include <string>

#include "core/asio.h"
#include "core/result.h"
#include "domain/bss/billing_account_service.h"
#include "domain/bss/context.h"
#include "domain/tmf/resource_service.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// How many notes (and, later, interactions) the dashboard shows.
inline constexpr int64_t kDashboardRecentItems = 5;

class DashboardService {
 public:
  DashboardService(storage::Database& db, tmf::ResourceService& parties,
                   BillingAccountService& accounts)
      : db_(db), parties_(parties), accounts_(accounts) {}

  // The dashboard of customer `customer_id` of the caller's SPID; 404 ERCRT1003 when unknown
  // (also for another SPID's customer). Shape as §2.3.1; `recentInteractions` is empty (party
  // interactions are not implemented yet).
  asio::awaitable<Result<boost::json::object>> CustomerDashboard(const BssContext& ctx,
                                                                 std::string customer_id);

 private:
  storage::Database& db_;
  tmf::ResourceService& parties_;
  BillingAccountService& accounts_;
};

}  // namespace ispcloud::domain::bss
