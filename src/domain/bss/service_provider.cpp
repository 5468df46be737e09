#include "domain/bss/service_provider.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/optiva_policy.h"
#include "domain/bss/errors.h"
#include "domain/bss/provider_settings.h"
#include "storage/audit_repository.h"
#include "storage/bss/service_provider_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

json::object AdjustmentType(int64_t id, std::string_view name, std::string_view category) {
  return json::object{{"id", id}, {"name", name}, {"category", category}};
}

Result<ServiceProvider> FromRow(const repo::ServiceProviderRow& row) {
  boost::system::error_code ec;
  json::value settings = json::parse(row.settings, ec);
  if (ec || !settings.is_object()) {
    return MakeError(ErrorCode::kInternal,
                     "settings of SPID " + std::to_string(row.spid) + " are not a JSON object");
  }
  return ServiceProvider{row.spid,
                         row.name,
                         row.currency,
                         static_cast<int>(row.currency_exponent),
                         std::move(settings.get_object()),
                         row.created_at};
}

}  // namespace

int64_t ServiceProvider::IntSetting(std::string_view key, int64_t fallback) const {
  const json::value* v = settings.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->get_uint64());
  }
  return fallback;
}

json::object DefaultSettings(std::string_view currency, int exponent) {
  json::array adjustment_types = {
      AdjustmentType(kCompensationAdjustmentType, "Service Compensation", "adjustment"),
      AdjustmentType(kDebitAdjustmentType, "CSR Debit Adjustment", "adjustment"),
      AdjustmentType(kVoucherRechargeAdjustmentType, "Voucher Recharge", "voucher"),
      AdjustmentType(kAtuAdjustmentType, "Automatic Top Up", "atu"),
      AdjustmentType(kPaymentAdjustmentType, "Payment", "payment"),
      AdjustmentType(kRafAdjustmentType, "Refer a Friend Bonus", "raf"),
      AdjustmentType(kExternalPaymentAdjustmentType, "External payment", "order"),
      AdjustmentType(kOrderChargeAdjustmentType, "Order Charge", "order"),
      AdjustmentType(kUsageAdjustmentType, "Usage Charge", "usage"),
  };
  return json::object{
      {"currency", currency},
      {"currencyExponent", exponent},
      {"timeZone", "UTC"},
      {"adjustmentApprovalThreshold", 500000},
      {"bundleAdjustmentApprovalThreshold", nullptr},
      {"allowSelfApproval", false},
      {"voucherRechargeAdjustmentType", kVoucherRechargeAdjustmentType},
      {"atuAdjustmentType", kAtuAdjustmentType},
      {"paymentAdjustmentType", kPaymentAdjustmentType},
      {"rafAdjustmentType", kRafAdjustmentType},
      {"externalPaymentAdjustmentType", kExternalPaymentAdjustmentType},
      {"orderChargeAdjustmentType", kOrderChargeAdjustmentType},
      {"usageAdjustmentType", kUsageAdjustmentType},
      {"defaultCreditLimit", 0},
      {"defaultMonthlySpendLimit", -1},
      {"defaultMaximumBalance", 0},
      {"pinLength", 4},
      {"pinMaxAttempts", 3},
      {"numberRanges", json::array()},
      {"msisdnQuarantineDays", 90},
      {"planValidityDays", 30},
      {"rafProgramme", json::object{{"enabled", false}}},
      {"identificationTypes",
       json::array{json::object{
           {"id", "6"}, {"name", "National ID card"}, {"pattern", "^[A-Za-z0-9-]{4,20}$"}}}},
      {"noteTypes", json::array{json::object{{"id", 1}, {"name", "General"}}}},
      {"subscriptionTypes", json::array{json::object{{"id", 10001},
                                                     {"name", "Mobile"},
                                                     {"paidTypes", json::array{0, 1}},
                                                     {"description", "Mobile line"}}}},
      {"adjustmentTypes", std::move(adjustment_types)},
  };
}

std::string AdjustmentTypeName(const ServiceProvider& provider, int64_t id) {
  if (const json::value* types = provider.settings.if_contains("adjustmentTypes");
      types != nullptr && types->is_array()) {
    for (const json::value& t : types->get_array()) {
      if (!t.is_object()) continue;
      const json::value* tid = t.get_object().if_contains("id");
      const json::value* name = t.get_object().if_contains("name");
      if (tid != nullptr && tid->is_int64() && tid->get_int64() == id && name != nullptr &&
          name->is_string()) {
        return std::string(name->get_string());
      }
    }
  }
  return "Adjustment " + std::to_string(id);
}

ServiceProviderService::ServiceProviderService(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

asio::awaitable<Result<ServiceProvider>> ServiceProviderService::Create(const Actor& actor,
                                                                        std::string spid,
                                                                        std::string name,
                                                                        std::string currency) {
  FieldErrors errors;
  std::optional<std::string> canonical = auth::CanonicalSpid(spid);
  if (!canonical || *canonical == "0") {
    errors.Add("id", "format", "id must be a SPID between 1 and 2147483647");
  }
  if (name.empty() || name.size() > 100) {
    errors.Add("name", "length", "name must have 1 to 100 characters");
  }
  if (currency.empty()) currency = "USD";
  std::optional<int> exponent = CurrencyExponent(currency);
  if (!exponent)
    errors.Add("currency", "inclusion", "currency '" + currency + "' is not supported");
  if (!errors.empty()) co_return errors.ToError("service provider");

  repo::ServiceProviderRow row;
  row.spid = std::stoll(*canonical);
  row.name = std::move(name);
  row.currency = currency;
  row.currency_exponent = *exponent;
  row.settings = json::serialize(DefaultSettings(currency, *exponent));
  row.created_at = FormatIso8601Millis(clock_.Now());
  row.updated_at = row.created_at;
  Actor audited = actor;
  audited.tenant = *canonical;
  const storage::AuditEntry entry{row.created_at, "serviceProvider.create", "serviceProvider",
                                  *canonical, row.settings};
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto existing = co_await repo::FindServiceProvider(tx, row.spid);
    if (!existing) co_return existing.error();
    if (*existing) co_return AlreadyExists("SPID " + *canonical + " already exists");
    if (Status s = co_await repo::InsertServiceProvider(tx, row); !s) co_return s;
    co_return co_await storage::AppendAudit(tx, audited, entry);
  });
  if (!st) co_return st.error();
  co_return FromRow(row);
}

asio::awaitable<Result<ServiceProvider>> ServiceProviderService::Find(std::string spid) {
  std::optional<std::string> canonical = auth::CanonicalSpid(spid);
  if (!canonical) co_return InvalidSpid();
  const int64_t key = std::stoll(*canonical);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end() && now - it->second.loaded < kProviderCacheTtl) {
      co_return it->second.provider;
    }
  }
  std::optional<repo::ServiceProviderRow> found;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await repo::FindServiceProvider(tx, key);
    if (!row) co_return row.error();
    found = std::move(*row);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!found) co_return InvalidSpid();
  auto provider = FromRow(*found);
  if (!provider) co_return provider.error();
  std::lock_guard lock(mu_);
  cache_.insert_or_assign(key, Cached{*provider, now});
  co_return std::move(*provider);
}

asio::awaitable<Result<ServiceProvider>> ServiceProviderService::UpdateSettings(
    const Actor& actor, int64_t spid, json::object patch) {
  std::optional<ServiceProvider> updated;
  const std::string now = FormatIso8601Millis(clock_.Now());
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await repo::FindServiceProvider(tx, spid);
    if (!row) co_return row.error();
    if (!*row) co_return InvalidSpid();
    auto current = FromRow(**row);
    if (!current) co_return current.error();
    const json::object defaults =
        DefaultSettings(current->currency, current->currency_exponent);
    auto merged = MergeSettings(current->settings, patch, defaults);
    if (!merged) co_return merged.error();
    json::object changes;
    for (const auto& [key, value] : patch) {
      changes[key] = json::object{{"old", current->settings.contains(key)
                                              ? current->settings.at(key)
                                              : json::value(nullptr)},
                                  {"new", merged->at(key)}};
    }
    const std::string text = json::serialize(*merged);
    if (Status s = co_await repo::UpdateServiceProviderSettings(tx, spid, text, now); !s) {
      co_return s;
    }
    const storage::AuditEntry entry{now, "serviceProvider.patch", "serviceProvider",
                                    std::to_string(spid), json::serialize(changes)};
    if (Status s = co_await storage::AppendAudit(tx, actor, entry); !s) co_return s;
    current->settings = std::move(*merged);
    updated = std::move(*current);
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::lock_guard lock(mu_);
  cache_.insert_or_assign(spid, Cached{*updated, std::chrono::steady_clock::now()});
  co_return std::move(*updated);
}

asio::awaitable<Result<std::vector<ServiceProvider>>> ServiceProviderService::List() {
  std::vector<repo::ServiceProviderRow> rows;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto list = co_await repo::ListServiceProviders(tx);
    if (!list) co_return list.error();
    rows = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::vector<ServiceProvider> out;
  for (const auto& row : rows) {
    auto p = FromRow(row);
    if (!p) co_return p.error();
    out.push_back(std::move(*p));
  }
  co_return out;
}

}  // namespace ispcloud::domain::bss
