#pragma once
// Subscription reads of the Optiva gateway (OPTIVA-API.md §2.8, §2.9.1; rows 35-37, 39, 40,
// 42): types, the list of lines of an account or number, the profile, the price plan with its
// options, the bundle balances and the main balance. Lines are addressed through subscription_resolver.h. Documents
// returned here carry no href; the API layer adds them.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/profile_patch.h"
#include "domain/bss/subscription_resolver.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// Filters of GET /api/subscription (§2.8.2). At least one of account and msisdn.
struct SubscriptionFilter {
  std::optional<std::string> account;  // account id or BAN
  bool recurse = false;                // also descendant accounts
  std::optional<std::string> msisdn;
  std::optional<int64_t> state;
  std::optional<int64_t> subscription_type;
  int64_t offset = 0;
  int64_t limit = 100;
};

struct SubscriptionPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
};

// The line's enabled components (the stored JSON array; empty when unreadable).
boost::json::array EnabledComponents(const storage::bss::SubscriptionRow& row);

// The list item of a line (§2.8.2), without href.
boost::json::object SubscriptionSummary(const storage::bss::SubscriptionRow& row);

// The profile document of a line (§2.8.3).
boost::json::object SubscriptionProfile(const storage::bss::SubscriptionRow& row,
                                        const ServiceProvider& provider);

class SubscriptionService {
 public:
  SubscriptionService(storage::Database& db, const Clock& clock);

  // Row 35: the SPID's subscription types (settings.subscriptionTypes).
  boost::json::array Types(const BssContext& ctx) const;

  // Row 36. Unknown account -> empty list (a filter, not an address).
  asio::awaitable<Result<SubscriptionPage>> List(const BssContext& ctx, SubscriptionFilter filter);

  // Row 37.
  asio::awaitable<Result<boost::json::object>> Profile(const BssContext& ctx, SubscriptionRef ref);

  // Row 39: {"pricePlanDetails": {...}, "items": [enabled options]}.
  asio::awaitable<Result<boost::json::object>> PricePlan(const BssContext& ctx,
                                                         SubscriptionRef ref);

  // Row 38 (§2.8.4): applies a validated patch in one write transaction. A credit or spend
  // limit change needs the caller's §1.9 attribute (403 ERCRT1403; re-sending the current value
  // is allowed); a credit limit below the current overdraft -> 409 ERCRT1005. Writes a PROFILE
  // history entry and an audit record with old and new values. Returns the new profile.
  asio::awaitable<Result<boost::json::object>> UpdateProfile(const BssContext& ctx,
                                                             SubscriptionRef ref,
                                                             ProfilePatch patch);

  // Row 40: the line's buckets (buckets.h BundleBalanceDocument), optionally one bundle / bucket.
  asio::awaitable<Result<boost::json::object>> BundleBalance(const BssContext& ctx,
                                                             SubscriptionRef ref,
                                                             std::optional<int64_t> bundle_id,
                                                             std::optional<int64_t> bucket_id);

  // Row 42: the main balance, availableBalance = balance + creditLimit, monthly spend so far.
  asio::awaitable<Result<boost::json::object>> BalanceQuery(const BssContext& ctx,
                                                            SubscriptionRef ref);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::bss
