#include "domain/bss/buckets.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <charconv>
#include <map>

#include "domain/bss/adjustment.h"
#include "domain/bss/json_members.h"
#include "storage/bss/sequence_repository.h"
#include "storage/bss/subscription_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kBucketSequence = "bucket";
constexpr int64_t kStatusActive = 0;
constexpr int64_t kStatusExpired = 1;
constexpr int64_t kStatusRemoved = 2;
constexpr int64_t kMoneyUnit = 3;
constexpr std::optional<int64_t> kNoType;  // movements without an adjustment type

bool Unlimited(const repo::BucketRow& b) {
  return b.limit_units == 0 && b.unit_type != kMoneyUnit;
}

int64_t Remaining(const repo::BucketRow& b) {
  return Unlimited(b) ? 0 : b.limit_units - b.used_units;
}

bool Live(const repo::BucketRow& b, const std::string& now) {
  return b.status == kStatusActive && b.expiry_at > now;
}

// Writes the history entry of a movement of `b` (already holding its new state); returns its id.
asio::awaitable<Result<int64_t>> Record(storage::Tx& tx, const BucketMove& move,
                                        const repo::BucketRow& b, std::string_view operation,
                                        int64_t amount, std::optional<int64_t> adjustment_type) {
  repo::HistoryRow h;
  h.spid = move.spid;
  h.subscription_id = move.subscription_id;
  h.kind = "BUCKET";
  h.to_value = std::string(operation);
  if (!move.reference.empty()) h.reference = move.reference;
  h.actor = move.actor;
  h.created_at = FormatIso8601Millis(move.at);
  h.bucket = repo::BucketMovement{b.id,      b.bundle_id,  b.bundle_category_id,
                                  std::string(operation), amount, Remaining(b),
                                  b.unit_type, b.expiry_at, adjustment_type};
  co_return co_await repo::InsertHistory(tx, h);
}

}  // namespace

asio::awaitable<Status> ProvisionBucket(storage::Tx& tx, const BucketMove& move,
                                        const json::object& component, int64_t default_days) {
  const json::object* attrs = ComponentAttributes(component);
  const std::optional<int64_t> unit =
      attrs != nullptr ? IntMember(*attrs, "unitType") : std::nullopt;
  if (!unit) co_return Ok();
  auto id = co_await repo::NextSequenceValue(tx, kBucketSequence, kFirstBucketId);
  if (!id) co_return id.error();
  const std::string product_id = StringMember(component, "productId");
  int64_t numeric_product = 0;
  std::from_chars(product_id.data(), product_id.data() + product_id.size(), numeric_product);
  const std::string now = FormatIso8601Millis(move.at);
  const int64_t days = IntMember(*attrs, "validityDays").value_or(default_days);
  repo::BucketRow b;
  b.id = *id;
  b.spid = move.spid;
  b.subscription_id = move.subscription_id;
  b.product_id = product_id;
  b.bundle_id = IntMember(*attrs, "bundleId").value_or(numeric_product);
  b.bundle_name = StringMember(component, "name");
  const json::value* category = attrs->if_contains("bundleCategoryId");
  b.bundle_category_id = category != nullptr && category->is_string()
                             ? std::string(category->get_string())
                             : std::to_string(*unit);
  b.unit_type = *unit;
  b.limit_units = std::max<int64_t>(0, IntMember(*attrs, "quantity").value_or(0));
  b.activation_at = now;
  b.expiry_at = FormatIso8601Millis(move.at + std::chrono::hours(24 * days));
  if (!move.reference.empty()) b.reference = move.reference;
  b.created_at = now;
  b.updated_at = now;
  if (Status s = co_await repo::InsertBucket(tx, b); !s) co_return s;
  auto recorded = co_await Record(tx, move, b, "PROVISION", b.limit_units, kNoType);
  if (!recorded) co_return recorded.error();
  co_return Ok();
}

asio::awaitable<Status> RemoveBuckets(storage::Tx& tx, const BucketMove& move,
                                      std::string_view product_id) {
  auto buckets = co_await repo::ListBuckets(tx, move.spid, move.subscription_id, false);
  if (!buckets) co_return buckets.error();
  for (repo::BucketRow& b : *buckets) {
    if (b.product_id != product_id) continue;
    const int64_t left = Remaining(b);
    b.status = kStatusRemoved;
    b.updated_at = FormatIso8601Millis(move.at);
    if (Status s = co_await repo::UpdateBucket(tx, b); !s) co_return s;
    repo::BucketRow after = b;
    after.used_units = after.limit_units;  // nothing is left of a removed bucket
    auto recorded = co_await Record(tx, move, after, "REMOVE", -left, kNoType);
    if (!recorded) co_return recorded.error();
  }
  co_return Ok();
}

asio::awaitable<Result<BucketAdjustmentResult>> AdjustBucket(storage::Tx& tx,
                                                             const BucketMove& move,
                                                             const BucketAdjustment& adj) {
  auto buckets = co_await repo::ListBuckets(tx, move.spid, move.subscription_id, false);
  if (!buckets) co_return buckets.error();
  const std::string now = FormatIso8601Millis(move.at);
  repo::BucketRow* target = nullptr;
  for (repo::BucketRow& b : *buckets) {
    if (b.bundle_id == adj.bundle_id && Live(b, now)) {
      target = &b;
      break;
    }
  }
  BucketAdjustmentResult out;
  if (target == nullptr) {
    out.failure_reason = std::string(kFailBundleNotEnabled);
    co_return out;
  }
  repo::BucketRow& b = *target;
  if (adj.debit) {
    if (!Unlimited(b) && adj.amount > Remaining(b)) {
      out.failure_reason = std::string(kFailInsufficientBalance);
      co_return out;
    }
    b.used_units += adj.amount;
  } else if (!Unlimited(b)) {
    const int64_t back = std::min(adj.amount, b.used_units);
    b.used_units -= back;
    b.limit_units += adj.amount - back;
  }
  if (adj.extension_days > 0) {
    const std::optional<TimePoint> expiry = ParseRfc3339(b.expiry_at);
    const TimePoint from = expiry && *expiry > move.at ? *expiry : move.at;
    b.expiry_at = FormatIso8601Millis(from + std::chrono::hours(24 * adj.extension_days));
  }
  b.updated_at = now;
  if (Status s = co_await repo::UpdateBucket(tx, b); !s) co_return s.error();
  const int64_t signed_amount = adj.debit ? -adj.amount : adj.amount;
  auto recorded = co_await Record(tx, move, b, "ADJUST", signed_amount, adj.adjustment_type);
  if (!recorded) co_return recorded.error();
  out.history_id = std::to_string(*recorded);
  co_return out;
}

asio::awaitable<Result<Consumption>> ConsumeBuckets(storage::Tx& tx, const BucketMove& move,
                                                    int64_t unit_type, int64_t units) {
  auto buckets = co_await repo::ListBuckets(tx, move.spid, move.subscription_id, false);
  if (!buckets) co_return buckets.error();
  const std::string now = FormatIso8601Millis(move.at);
  std::vector<repo::BucketRow*> usable;
  for (repo::BucketRow& b : *buckets) {
    if (b.unit_type == unit_type && Live(b, now) && (Unlimited(b) || Remaining(b) > 0)) {
      usable.push_back(&b);
    }
  }
  std::stable_sort(usable.begin(), usable.end(),
                   [](const repo::BucketRow* a, const repo::BucketRow* b) {
                     return a->expiry_at < b->expiry_at;
                   });
  Consumption out;
  out.uncovered = units;
  for (repo::BucketRow* b : usable) {
    if (out.uncovered == 0) break;
    const int64_t take = Unlimited(*b) ? out.uncovered : std::min(out.uncovered, Remaining(*b));
    b->used_units += take;
    b->updated_at = now;
    out.uncovered -= take;
    if (Status s = co_await repo::UpdateBucket(tx, *b); !s) co_return s.error();
    auto recorded = co_await Record(tx, move, *b, "CONSUME", -take, kNoType);
    if (!recorded) co_return recorded.error();
    out.draws.push_back(BucketDraw{b->bundle_id, b->id, b->unit_type, take});
  }
  co_return out;
}

json::object BundleBalanceDocument(const std::vector<repo::BucketRow>& buckets,
                                   std::string_view msisdn, TimePoint now,
                                   std::optional<int64_t> bundle_id,
                                   std::optional<int64_t> bucket_id) {
  const std::string now_text = FormatIso8601Millis(now);
  struct Sum {
    int64_t limit = 0;
    int64_t used = 0;
    int64_t balance = 0;
  };
  std::map<std::string, Sum> categories;
  json::array balances;
  for (const repo::BucketRow& b : buckets) {
    if (b.status == kStatusRemoved) continue;
    if (bundle_id && b.bundle_id != *bundle_id) continue;
    if (bucket_id && b.id != *bucket_id) continue;
    const bool expired = b.expiry_at <= now_text;
    const int64_t balance = expired ? 0 : Remaining(b);
    json::object amounts{{"bundleCategoryId", b.bundle_category_id},
                         {"personalLimit", b.limit_units},
                         {"personalUsed", b.used_units},
                         {"personalBalance", balance},
                         {"groupLimit", 0},
                         {"groupUsed", 0},
                         {"groupBalance", 0},
                         {"rolloverLimit", 0},
                         {"rolloverUsed", 0},
                         {"rolloverBalance", 0}};
    balances.push_back(json::object{{"msisdn", msisdn},
                                    {"bundleID", b.bundle_id},
                                    {"bundleName", b.bundle_name},
                                    {"bucketID", std::to_string(b.id)},
                                    {"unitType", b.unit_type},
                                    {"status", expired ? kStatusExpired : kStatusActive},
                                    {"isPromotional", "false"},
                                    {"activationTime", b.activation_at},
                                    {"provisionTime", b.created_at},
                                    {"expiryTime", b.expiry_at},
                                    {"balances", json::array{std::move(amounts)}}});
    if (expired) continue;
    Sum& sum = categories[b.bundle_category_id];
    sum.limit += b.limit_units;
    sum.used += b.used_units;
    sum.balance += balance;
  }
  json::array summaries;
  for (const auto& [category, sum] : categories) {
    summaries.push_back(json::object{{"bundleCategoryId", category},
                                     {"personalLimit", sum.limit},
                                     {"personalUsed", sum.used},
                                     {"personalBalance", sum.balance}});
  }
  return json::object{{"bundleBalances", std::move(balances)},
                      {"categorySummaries", std::move(summaries)}};
}

}  // namespace ispcloud::domain::bss
