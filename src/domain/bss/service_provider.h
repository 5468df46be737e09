#pragma once
// Service providers (SPIDs): the tenants of the Optiva gateway family (OPTIVA-API.md §1.6,
// §3.4). Created by the operator (`ispcloud sp create`); every gateway request must name a
// configured SPID (404 ERCRT1015 otherwise). Settings default as in §3.4 and are stored whole
// with the provider, so later readers (adjustments, vouchers, ...) find every key.

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/actor.h"
#include "domain/bss/money.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

struct ServiceProvider {
  int64_t spid = 0;
  std::string name;
  std::string currency;  // ISO 4217
  int currency_exponent = 2;
  boost::json::object settings;  // §3.4, defaults filled in
  std::string created_at;

  std::string SpidText() const { return std::to_string(spid); }
  // An integer setting (Amount4 values, days, type ids); `fallback` when absent or not integral.
  int64_t IntSetting(std::string_view key, int64_t fallback) const;
};

// Adjustment type ids created with every SPID (settings.adjustmentTypes).
inline constexpr int64_t kCompensationAdjustmentType = 21000;
inline constexpr int64_t kDebitAdjustmentType = 21001;
inline constexpr int64_t kVoucherRechargeAdjustmentType = 30001;
inline constexpr int64_t kAtuAdjustmentType = 30002;
inline constexpr int64_t kPaymentAdjustmentType = 30003;
inline constexpr int64_t kRafAdjustmentType = 30004;
inline constexpr int64_t kExternalPaymentAdjustmentType = 30005;
inline constexpr int64_t kOrderChargeAdjustmentType = 30006;
inline constexpr int64_t kUsageAdjustmentType = 30007;

// The §3.4 settings of a new SPID with currency `currency` / `exponent`.
boost::json::object DefaultSettings(std::string_view currency, int exponent);

// The name of adjustment type `id` in the provider's settings, or "Adjustment <id>".
std::string AdjustmentTypeName(const ServiceProvider& provider, int64_t id);

// How long a found provider is served from memory.
inline constexpr std::chrono::seconds kProviderCacheTtl{5};

class ServiceProviderService {
 public:
  ServiceProviderService(storage::Database& db, const Clock& clock);

  // Creates SPID `spid` (decimal 1..2147483647) named `name` with `currency` (a known ISO 4217
  // code, default USD). Invalid input -> kValidation listing every field; an existing SPID ->
  // kConflict ERCRT1004. Audited as serviceProvider.create.
  asio::awaitable<Result<ServiceProvider>> Create(const Actor& actor, std::string spid,
                                                  std::string name, std::string currency);

  // The configured provider of canonical SPID text `spid`, or InvalidSpid() (404 ERCRT1015).
  // Providers are never deleted; found ones are cached for kProviderCacheTtl, so a settings
  // change made through another server instance is seen within that time.
  asio::awaitable<Result<ServiceProvider>> Find(std::string spid);

  // Row 88: merges `patch` into the settings of `spid` (provider_settings.h MergeSettings; 400
  // listing every problem) and returns the provider. Audited as serviceProvider.patch with the
  // changed keys' old and new values.
  asio::awaitable<Result<ServiceProvider>> UpdateSettings(const Actor& actor, int64_t spid,
                                                          boost::json::object patch);

  // Every provider, by SPID.
  asio::awaitable<Result<std::vector<ServiceProvider>>> List();

 private:
  struct Cached {
    ServiceProvider provider;
    std::chrono::steady_clock::time_point loaded;
  };

  storage::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<int64_t, Cached> cache_;
};

}  // namespace ispcloud::domain::bss
