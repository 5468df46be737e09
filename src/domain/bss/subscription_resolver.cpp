#include "domain/bss/subscription_resolver.h"

#include <initializer_list>

#include "domain/bss/errors.h"
#include "domain/tmf/query.h"

namespace ispcloud::domain::bss {
namespace {

namespace repo = storage::bss;

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// The first present value among `names`, via `get`.
template <typename Get>
Result<std::optional<std::string>> FirstOf(std::initializer_list<std::string_view> names, Get get) {
  for (std::string_view name : names) {
    auto v = get(name);
    if (!v) return v.error();
    if (*v && !(*v)->empty()) return v;
  }
  return std::optional<std::string>();
}

asio::awaitable<Result<repo::SubscriptionRow>> ByMsisdn(storage::Tx& tx, int64_t spid,
                                                        std::string msisdn) {
  auto rows = co_await repo::FindSubscriptionsByMsisdn(tx, spid, msisdn);
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return NotFound("subscription with mobile number " + msisdn);
  co_return std::move(rows->front());
}

}  // namespace

SubscriptionRef SubscriptionRef::FromKey(std::string key) {
  SubscriptionRef ref;
  ref.subscription_id = std::move(key);
  return ref;
}

bool IsMsisdn(std::string_view value) {
  return AllDigits(value) && value.size() >= 7 && value.size() <= 15;
}

Result<SubscriptionRef> SubscriptionRefFromQuery(std::string_view raw_query) {
  auto get = [raw_query](std::string_view name) { return tmf::FindQueryParam(raw_query, name); };
  auto id = FirstOf({"subscriptionId", "subscriptionID", "identifier"}, get);
  if (!id) return id.error();
  auto msisdn = FirstOf({"mobileNumber", "msisdn"}, get);
  if (!msisdn) return msisdn.error();
  return SubscriptionRef{std::move(*id), std::move(*msisdn)};
}

Result<SubscriptionRef> SubscriptionRefFromJson(const boost::json::object& body) {
  auto get = [&body](std::string_view name) -> Result<std::optional<std::string>> {
    const boost::json::value* v = body.if_contains(name);
    if (v == nullptr || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) {
      return BadField(std::string(name), "type", std::string(name) + " must be a string");
    }
    return std::optional<std::string>(std::string(v->get_string()));
  };
  auto id = FirstOf({"subscriptionId", "subscriptionID", "identifier"}, get);
  if (!id) return id.error();
  auto msisdn = FirstOf({"mobileNumber", "msisdn"}, get);
  if (!msisdn) return msisdn.error();
  return SubscriptionRef{std::move(*id), std::move(*msisdn)};
}

asio::awaitable<Result<repo::SubscriptionRow>> ResolveSubscription(storage::Tx& tx, int64_t spid,
                                                                   SubscriptionRef ref) {
  if (ref.empty()) {
    co_return BadField("subscriptionId", "presence", "subscriptionId or mobileNumber is required");
  }
  std::optional<repo::SubscriptionRow> by_id;
  if (ref.subscription_id) {
    const std::string value = *ref.subscription_id;
    if (value.find('-') != std::string::npos) {
      auto found = co_await repo::FindSubscription(tx, spid, value);
      if (!found) co_return found.error();
      if (!*found) co_return NotFound("subscription " + value);
      by_id = std::move(**found);
    } else if (AllDigits(value)) {
      auto found = co_await ByMsisdn(tx, spid, value);
      if (!found) co_return found.error();
      by_id = std::move(*found);
    } else {
      co_return BadField("subscriptionId", "format",
                         "subscriptionId must be a subscription id (<BAN>-<n>) or a mobile number");
    }
  }
  if (ref.msisdn) {
    const std::string msisdn = *ref.msisdn;
    if (!AllDigits(msisdn)) {
      co_return BadField("mobileNumber", "format", "mobileNumber must be digits only");
    }
    if (by_id) {
      if (by_id->msisdn != msisdn) {
        co_return BadField(
            "mobileNumber", "consistency",
            "mobileNumber " + msisdn + " is not the number of subscription " + by_id->id);
      }
      co_return std::move(*by_id);
    }
    co_return co_await ByMsisdn(tx, spid, msisdn);
  }
  co_return std::move(*by_id);
}

}  // namespace ispcloud::domain::bss
