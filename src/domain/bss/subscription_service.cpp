#include "domain/bss/subscription_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/buckets.h"
#include "domain/bss/errors.h"
#include "domain/bss/ledger.h"
#include "domain/bss/payment_service.h"
#include "domain/bss/subscription_state.h"
#include "storage/audit_repository.h"
#include "storage/bss/account_repository.h"
#include "storage/bss/bucket_repository.h"
#include "storage/bss/catalog_repository.h"
#include "storage/bss/ledger_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

json::value EpochMs(const std::optional<std::string>& iso) {
  if (!iso) return nullptr;
  auto micros = ParseIso8601Micros(*iso);
  if (!micros) return nullptr;
  return *micros / 1000;
}

json::value Epoch(const std::string& iso) {
  return EpochMs(std::optional<std::string>(iso));
}

std::string_view Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// optionType of a component type (§2.8.5): 0 service, 1 package, 2 bundle, 3 auxiliary
// service, 4 auxiliary bundle.
int OptionType(std::string_view product_type) {
  if (product_type == "PROD_COMP_TPS") return 0;
  if (product_type == "PROD_COMP_PACKAGE") return 1;
  if (product_type == "PROD_COMP_ATPS") return 3;
  if (product_type == "PROD_COMP_ABDLE") return 4;
  return 2;
}

// The enabled options of a line grouped as the profile's rating lists.
json::object Rating(const repo::SubscriptionRow& row) {
  json::array bundles, services, packages, aux_services, aux_bundles;
  for (const json::value& c : EnabledComponents(row)) {
    if (!c.is_object()) continue;
    const json::object& comp = c.get_object();
    json::value id =
        comp.contains("bundleId") ? comp.at("bundleId") : json::value(Str(comp, "productId"));
    switch (OptionType(Str(comp, "productTypeId"))) {
      case 0:
        services.push_back(id);
        break;
      case 1:
        packages.push_back(id);
        break;
      case 3:
        aux_services.push_back(id);
        break;
      case 4:
        aux_bundles.push_back(id);
        break;
      default:
        bundles.push_back(id);
    }
  }
  return json::object{{"primaryPricePlanID", row.primary_price_plan_id},
                      {"secondaryPricePlanID", -1},
                      {"pricePlanVersion", 1},
                      {"enabledOptionalBundles", std::move(bundles)},
                      {"enabledOptionalServices", std::move(services)},
                      {"enabledOptionalPackages", std::move(packages)},
                      {"enabledAuxiliaryServices", std::move(aux_services)},
                      {"enabledAuxiliaryBundles", std::move(aux_bundles)}};
}

}  // namespace

json::array EnabledComponents(const repo::SubscriptionRow& row) {
  boost::system::error_code ec;
  json::value v = json::parse(row.enabled_components, ec);
  if (ec || !v.is_array()) return {};
  return std::move(v.get_array());
}

json::object SubscriptionSummary(const repo::SubscriptionRow& row) {
  return json::object{{"id", row.id},
                      {"identifier", row.id},
                      {"accountID", row.ban},
                      {"spid", row.spid},
                      {"mobileNumber", row.msisdn},
                      {"subscriptionType", row.subscription_type},
                      {"paidType", row.paid_type},
                      {"state", row.state},
                      {"stateName", StateName(static_cast<int>(row.state))},
                      {"primaryPricePlanID", row.primary_price_plan_id},
                      {"cardPackageID", row.iccid ? json::value(*row.iccid) : json::value(nullptr)},
                      {"created", Epoch(row.created_at)},
                      {"lastModified", Epoch(row.updated_at)}};
}

json::object SubscriptionProfile(const repo::SubscriptionRow& row,
                                 const ServiceProvider& provider) {
  json::object profile{
      {"identifier", row.id},
      {"accountID", row.ban},
      {"spid", row.spid},
      {"mobileNumber", row.msisdn},
      {"subscriptionType", row.subscription_type},
      {"subscriptionClass", 1},
      {"paidType", row.paid_type},
      {"technologyType", 0},
      {"cardPackageID", row.iccid ? json::value(*row.iccid) : json::value(nullptr)},
      {"imsi", row.imsi ? json::value(*row.imsi) : json::value(nullptr)},
      {"notificationPreference", row.notification_preference},
      {"created", Epoch(row.created_at)},
      {"lastModified", Epoch(row.updated_at)}};
  json::object status{{"state", row.state},
                      {"stateName", StateName(static_cast<int>(row.state))},
                      {"startDate", EpochMs(row.status_start_at)},
                      {"endDate", nullptr},
                      {"expiryDate", EpochMs(row.expiry_at)}};
  json::object billing{{"creditLimit", row.credit_limit},
                       {"monthlySpendLimit", row.monthly_spend_limit},
                       {"monthlySpendAmount", 0},
                       {"initialBalance", 0},
                       {"maximumBalance", row.maximum_balance},
                       {"billingLanguage", row.billing_language},
                       {"currency", provider.currency}};
  return json::object{{"profile", std::move(profile)},
                      {"status", std::move(status)},
                      {"billing", std::move(billing)},
                      {"rating", Rating(row)},
                      {"atu", nullptr}};
}

SubscriptionService::SubscriptionService(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

json::array SubscriptionService::Types(const BssContext& ctx) const {
  const json::value* types = ctx.provider.settings.if_contains("subscriptionTypes");
  if (types == nullptr || !types->is_array()) return {};
  return types->get_array();
}

asio::awaitable<Result<SubscriptionPage>> SubscriptionService::List(const BssContext& ctx,
                                                                    SubscriptionFilter filter) {
  if (!filter.account && !filter.msisdn) {
    co_return BadField("accountID", "presence", "accountID or mobileNumber is required");
  }
  std::vector<repo::SubscriptionRow> rows;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (filter.account) {
      auto account = co_await repo::FindAccount(tx, ctx.spid(), *filter.account);
      if (!account) co_return account.error();
      if (!*account) co_return Ok();
      std::vector<std::string> ids = {(*account)->id};
      for (size_t i = 0; filter.recurse && i < ids.size() && ids.size() < 1000; ++i) {
        const std::string parent = ids[i];
        auto children = co_await repo::ListChildAccountIds(tx, ctx.spid(), parent);
        if (!children) co_return children.error();
        ids.insert(ids.end(), children->begin(), children->end());
      }
      auto list = co_await repo::ListSubscriptionsOfAccounts(tx, ctx.spid(), ids);
      if (!list) co_return list.error();
      rows = std::move(*list);
    } else {
      auto list = co_await repo::FindSubscriptionsByMsisdn(tx, ctx.spid(), *filter.msisdn);
      if (!list) co_return list.error();
      rows = std::move(*list);
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::vector<json::object> matches;
  for (const repo::SubscriptionRow& row : rows) {
    if (filter.msisdn && row.msisdn != *filter.msisdn) continue;
    if (filter.state && row.state != *filter.state) continue;
    if (filter.subscription_type && row.subscription_type != *filter.subscription_type) continue;
    matches.push_back(SubscriptionSummary(row));
  }
  SubscriptionPage page;
  page.total = static_cast<int64_t>(matches.size());
  const size_t begin = std::min(matches.size(), static_cast<size_t>(filter.offset));
  const size_t end = std::min(matches.size(), begin + static_cast<size_t>(filter.limit));
  for (size_t i = begin; i < end; ++i) page.items.push_back(std::move(matches[i]));
  co_return page;
}

namespace {

// The profile document with the spend of the current calendar month (UTC).
asio::awaitable<Result<json::object>> ProfileWithSpend(storage::Tx& tx,
                                                       const repo::SubscriptionRow& row,
                                                       const ServiceProvider& provider,
                                                       TimePoint now) {
  json::object profile = SubscriptionProfile(row, provider);
  const std::string since = MonthStart(now);
  auto spent = co_await repo::SumSpendSince(tx, row.id, since);
  if (!spent) co_return spent.error();
  profile["billing"].as_object()["monthlySpendAmount"] = *spent;
  auto atu = co_await AtuOf(tx, row.spid, row.id);
  if (!atu) co_return atu.error();
  profile["atu"] = std::move(*atu);
  co_return profile;
}

}  // namespace

asio::awaitable<Result<json::object>> SubscriptionService::Profile(const BssContext& ctx,
                                                                   SubscriptionRef ref) {
  std::optional<json::object> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!row) co_return row.error();
    auto profile = co_await ProfileWithSpend(tx, *row, ctx.provider, clock_.Now());
    if (!profile) co_return profile.error();
    out = std::move(*profile);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::object>> SubscriptionService::UpdateProfile(const BssContext& ctx,
                                                                         SubscriptionRef ref,
                                                                         ProfilePatch patch) {
  if (Status s = ValidateProfilePatch(patch); !s) co_return s.error();
  std::optional<json::object> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!found) co_return found.error();
    repo::SubscriptionRow row = std::move(*found);
    const bool credit_changes = patch.credit_limit && *patch.credit_limit != row.credit_limit;
    const bool spend_changes =
        patch.monthly_spend_limit && *patch.monthly_spend_limit != row.monthly_spend_limit;
    if (Status s = CheckLimitGate(ctx, auth::CsrLimit::kCreditLimit, credit_changes); !s) {
      co_return s;
    }
    if (Status s = CheckLimitGate(ctx, auth::CsrLimit::kMonthlySpendLimit, spend_changes); !s) {
      co_return s;
    }
    if (patch.credit_limit && row.balance + *patch.credit_limit < 0) {
      co_return InsufficientBalance("creditLimit " + std::to_string(*patch.credit_limit) +
                                    " is below the current overdraft of " +
                                    std::to_string(-row.balance));
    }
    json::object before{{"creditLimit", row.credit_limit},
                        {"monthlySpendLimit", row.monthly_spend_limit},
                        {"notificationPreference", row.notification_preference},
                        {"billingLanguage", row.billing_language},
                        {"maximumBalance", row.maximum_balance}};
    row.credit_limit = patch.credit_limit.value_or(row.credit_limit);
    row.monthly_spend_limit = patch.monthly_spend_limit.value_or(row.monthly_spend_limit);
    row.notification_preference =
        patch.notification_preference.value_or(row.notification_preference);
    row.billing_language = patch.billing_language.value_or(row.billing_language);
    row.maximum_balance = patch.maximum_balance.value_or(row.maximum_balance);
    const std::string now = FormatIso8601Millis(clock_.Now());
    row.updated_at = now;
    if (Status s = co_await repo::UpdateSubscription(tx, row); !s) co_return s;
    json::object after{{"creditLimit", row.credit_limit},
                       {"monthlySpendLimit", row.monthly_spend_limit},
                       {"notificationPreference", row.notification_preference},
                       {"billingLanguage", row.billing_language},
                       {"maximumBalance", row.maximum_balance}};
    repo::HistoryRow history{ctx.spid(),
                             row.id,
                             "PROFILE",
                             json::serialize(before),
                             json::serialize(after),
                             std::nullopt,
                             std::nullopt,
                             ctx.agent,
                             now};
    if (auto s = co_await repo::InsertHistory(tx, history); !s) co_return s.error();
    const storage::AuditEntry audit{
        now, "subscription.profile", "subscription", row.id,
        json::serialize(json::object{{"before", std::move(before)}, {"after", std::move(after)}})};
    if (Status s = co_await storage::AppendAudit(tx, ctx.actor, audit); !s) co_return s;
    auto profile = co_await ProfileWithSpend(tx, row, ctx.provider, clock_.Now());
    if (!profile) co_return profile.error();
    out = std::move(*profile);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::object>> SubscriptionService::PricePlan(const BssContext& ctx,
                                                                     SubscriptionRef ref) {
  std::optional<json::object> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!row) co_return row.error();
    json::object details{{"identifier", row->primary_price_plan_id},
                         {"name", nullptr},
                         {"productOfferingId", row->price_plan_offering_id
                                                   ? json::value(*row->price_plan_offering_id)
                                                   : json::value(nullptr)}};
    if (row->price_plan_offering_id) {
      const std::string offering_id = *row->price_plan_offering_id;
      auto offering = co_await repo::FindOffering(tx, ctx.spid(), offering_id);
      if (!offering) co_return offering.error();
      if (*offering) {
        boost::system::error_code ec;
        json::value doc = json::parse((*offering)->body, ec);
        if (!ec && doc.is_object()) details["name"] = Str(doc.get_object(), "name");
      }
    }
    json::array items;
    for (const json::value& c : EnabledComponents(*row)) {
      if (!c.is_object()) continue;
      const json::object& comp = c.get_object();
      json::value identifier =
          comp.contains("bundleId") ? comp.at("bundleId") : json::value(Str(comp, "productId"));
      json::object item{{"identifier", identifier},
                        {"productId", Str(comp, "productId")},
                        {"optionType", OptionType(Str(comp, "productTypeId"))},
                        {"name", Str(comp, "name")},
                        {"optionState", "ENABLED"},
                        {"provisioningState", "2"},
                        {"startDate", comp.contains("startDate") ? comp.at("startDate") : nullptr},
                        {"endDate", comp.contains("endDate") ? comp.at("endDate") : nullptr},
                        {"fee", comp.contains("fee") ? comp.at("fee") : json::value(0)}};
      if (comp.contains("recurrence")) {
        item["recurrence"] = json::array{comp.at("recurrence")};
      } else {
        item["recurrence"] = json::array();
      }
      if (comp.contains("adjustmentTypeID")) item["adjustmentTypeID"] = comp.at("adjustmentTypeID");
      items.push_back(std::move(item));
    }
    out = json::object{{"pricePlanDetails", std::move(details)}, {"items", std::move(items)}};
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::object>> SubscriptionService::BalanceQuery(const BssContext& ctx,
                                                                        SubscriptionRef ref) {
  std::optional<json::object> out;
  const TimePoint now = clock_.Now();
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!row) co_return row.error();
    const std::string since = MonthStart(now);
    auto spent = co_await repo::SumSpendSince(tx, row->id, since);
    if (!spent) co_return spent.error();
    out = json::object{
        {"subscriptionId", row->id},
        {"mobileNumber", row->msisdn},
        {"accountID", row->ban},
        {"currency", ctx.provider.currency},
        {"balance", row->balance},
        {"creditLimit", row->credit_limit},
        {"availableBalance", row->balance + row->credit_limit},
        {"monthlySpendLimit", row->monthly_spend_limit},
        {"monthlySpendAmount", *spent},
        {"expiryDate", row->expiry_at ? json::value(*row->expiry_at) : json::value(nullptr)},
        {"state", row->state},
        {"stateName", StateName(static_cast<int>(row->state))},
        {"asOf", FormatIso8601Millis(now)}};
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::object>> SubscriptionService::BundleBalance(
    const BssContext& ctx, SubscriptionRef ref, std::optional<int64_t> bundle_id,
    std::optional<int64_t> bucket_id) {
  std::optional<json::object> out;
  const TimePoint now = clock_.Now();
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!row) co_return row.error();
    auto buckets = co_await repo::ListBuckets(tx, ctx.spid(), row->id, false);
    if (!buckets) co_return buckets.error();
    out = BundleBalanceDocument(*buckets, row->msisdn, now, bundle_id, bucket_id);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

}  // namespace ispcloud::domain::bss
