#include "domain/bss/usage_rating.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/buckets.h"
#include "domain/bss/catalog.h"
#include "domain/bss/errors.h"
#include "domain/bss/ledger.h"
#include "domain/bss/money.h"
#include "domain/bss/subscription_state.h"
#include "storage/audit_repository.h"
#include "storage/bss/sequence_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr int64_t kVoiceOriginated = 1;
constexpr int64_t kVoiceTerminated = 2;
constexpr int64_t kSms = 3;
constexpr int64_t kData = 11;

// What an event costs before buckets: the unit it is counted in, how many, and the rate that
// prices what the buckets leave (member of usageRates, and how many units the rate is for).
struct Metering {
  int64_t unit_type = 0;
  int64_t units = 0;
  std::string_view rate;
  int64_t per = 1;
  std::string_view what;
};

Metering MeterOf(const UsageEvent& e) {
  switch (*e.call_type) {
    case kVoiceOriginated:
      return {0, (e.duration_ms.value_or(0) + 999) / 1000, "voicePerMinute", 60, "voice"};
    case kSms:
      return {2, 1, "smsPerMessage", 1, "SMS"};
    case kData:
      return {1, e.data_bytes.value_or(0), "dataPerMegabyte", 1048576, "data"};
    default:  // voice terminated: free
      return {0, 0, "", 1, "incoming voice"};
  }
}

// ceil(units * rate / per), exact (128-bit intermediate); nullopt beyond int64.
std::optional<int64_t> Price(int64_t units, int64_t rate, int64_t per) {
  const __int128 total = static_cast<__int128>(units) * rate;
  const __int128 charge = (total + per - 1) / per;
  if (charge > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(charge);
}

const char* CallTypeName(int64_t call_type) {
  switch (call_type) {
    case kVoiceOriginated:
      return "VOICE_MO";
    case kVoiceTerminated:
      return "VOICE_MT";
    case kSms:
      return "SMS";
    default:
      return "DATA";
  }
}

}  // namespace

Status ValidateUsageEvent(const UsageEvent& e) {
  FieldErrors errors;
  for (const FieldError& f : e.decode_errors) errors.Add(f.field, f.rule, f.message);
  if (e.line.empty()) {
    errors.Add("subscriptionId", "presence", "subscriptionId or mobileNumber is required");
  }
  if (!e.call_type) {
    errors.Add("callType", "presence", "callType is required (1, 2, 3 or 11)");
  } else if (*e.call_type != kVoiceOriginated && *e.call_type != kVoiceTerminated &&
             *e.call_type != kSms && *e.call_type != kData) {
    errors.Add("callType", "inclusion", "callType must be 1, 2, 3 or 11");
  } else if (*e.call_type == kData && !e.data_bytes) {
    errors.Add("dataUsage", "presence", "dataUsage (bytes) is required for data");
  } else if ((*e.call_type == kVoiceOriginated || *e.call_type == kVoiceTerminated) &&
             !e.duration_ms) {
    errors.Add("duration", "presence", "duration (milliseconds) is required for voice");
  }
  if (e.duration_ms && (*e.duration_ms < 0 || *e.duration_ms > 86400000LL * 31)) {
    errors.Add("duration", "range", "duration must be 0 to 31 days in milliseconds");
  }
  if (e.data_bytes && (*e.data_bytes < 0 || *e.data_bytes > (int64_t{1} << 50))) {
    errors.Add("dataUsage", "range", "dataUsage must be 0 to 2^50 bytes");
  }
  if (e.destination && e.destination->size() > 32) {
    errors.Add("destinationNumber", "length", "destinationNumber has at most 32 characters");
  }
  if (e.transaction_date && !ParseRfc3339(*e.transaction_date)) {
    errors.Add("transactionDate", "format", "transactionDate must be an RFC 3339 date-time");
  }
  if (!errors.empty()) return errors.ToError("usage");
  return Ok();
}

json::object UsageRecordJson(const repo::UsageRow& u) {
  boost::system::error_code ec;
  json::value info = json::parse(u.bundle_info, ec);
  if (ec || !info.is_array()) info = json::array();
  return json::object{
      {"identifier", std::to_string(u.id)},
      {"transactionDate", u.transaction_date},
      {"accountID", u.account_ban},
      {"mobileNumber", u.msisdn},
      {"callType", u.call_type},
      {"usageType", CallTypeName(u.call_type)},
      {"originatingNumber", u.call_type == kVoiceTerminated ? json::value(u.destination.value_or(""))
                                                            : json::value(u.msisdn)},
      {"destinationNumber", u.call_type == kVoiceTerminated
                                ? json::value(u.msisdn)
                                : json::value(u.destination.value_or(""))},
      {"duration", u.duration_ms},
      {"dataUsage", u.data_bytes},
      {"charge", u.charge},
      {"balance", u.balance_after},
      {"transactionId",
       u.transaction_id ? json::value(std::to_string(*u.transaction_id)) : json::value(nullptr)},
      {"bundleInfo", std::move(info)},
      {"parameters",
       json::array{json::object{{"name", "ChargedParty"},
                                {"value", u.call_type == kVoiceTerminated ? "T" : "O"}},
                   json::object{{"name", "RatingRule"},
                                {"value", u.charge > 0 ? "MAIN_BALANCE" : "BUNDLE"}}}}};
}

UsageService::UsageService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

asio::awaitable<Result<json::object>> UsageService::RateInTx(storage::Tx& tx,
                                                             const BssContext& ctx,
                                                             const UsageEvent& event) {
  const TimePoint now = clock_.Now();
  auto line = co_await ResolveSubscription(tx, ctx.spid(), event.line);
  if (!line) co_return line.error();
  if (line->state != kActive && line->state != kNonPaymentWarned) {
    co_return InvalidState("subscription " + line->id + " is " +
                           std::string(StateName(static_cast<int>(line->state))) +
                           " and cannot use the network");
  }
  const Metering meter = MeterOf(event);
  json::array info;
  int64_t uncovered = 0;
  if (meter.units > 0) {
    const BucketMove move{ctx.spid(), line->id, ctx.actor.id, "", now};
    auto used = co_await ConsumeBuckets(tx, move, meter.unit_type, meter.units);
    if (!used) co_return used.error();
    for (const BucketDraw& d : used->draws) {
      info.push_back(json::object{{"bundleID", d.bundle_id},
                                  {"bucketID", std::to_string(d.bucket_id)},
                                  {"unitType", d.unit_type},
                                  {"chargedAmount", d.units}});
    }
    uncovered = used->uncovered;
  }
  int64_t charge = 0;
  if (uncovered > 0) {
    std::optional<int64_t> rate;
    if (line->price_plan_offering_id) {
      auto plan = co_await FindOfferingOrFail(tx, ctx.spid(), *line->price_plan_offering_id);
      const json::value* rates = plan ? plan->if_contains("usageRates") : nullptr;
      const json::value* r = rates != nullptr && rates->is_object()
                                 ? rates->get_object().if_contains(meter.rate)
                                 : nullptr;
      if (r != nullptr) {
        auto parsed = DecimalFromJson(*r, meter.rate);
        if (parsed) rate = parsed->units;
      }
    }
    if (!rate) {
      co_return InsufficientBalance("no allowance left for " + std::string(meter.what) +
                                    " and the price plan has no " + std::string(meter.rate) +
                                    " rate");
    }
    const std::optional<int64_t> priced = Price(uncovered, *rate, meter.per);
    if (!priced) co_return InsufficientBalance("the usage charge exceeds any balance");
    charge = *priced;
  }
  auto number = co_await repo::NextSequenceValue(tx, "usage", kFirstUsageRecordId);
  if (!number) co_return number.error();
  repo::UsageRow u;
  u.id = *number;
  u.spid = ctx.spid();
  u.subscription_id = line->id;
  u.account_ban = line->ban;
  u.msisdn = line->msisdn;
  u.call_type = *event.call_type;
  u.duration_ms = event.duration_ms.value_or(0);
  u.data_bytes = event.data_bytes.value_or(0);
  u.destination = event.destination;
  u.transaction_date = event.transaction_date
                           ? FormatIso8601Millis(*ParseRfc3339(*event.transaction_date))
                           : FormatIso8601Millis(now);
  u.charge = charge;
  u.balance_after = line->balance;
  u.bundle_info = json::serialize(info);
  u.created_at = FormatIso8601Millis(now);
  if (charge > 0) {
    Posting posting =
        PostingFor(ctx, line->id, now, "usageAdjustmentType", kUsageAdjustmentType);
    posting.amount = Amount4{-charge};
    posting.source = MoneySource::kUsage;
    posting.source_ref = std::to_string(u.id);
    posting.reason = std::string(CallTypeName(u.call_type)) + " usage";
    auto entry = co_await PostToMainBalance(tx, posting);
    if (!entry) co_return entry.error();
    u.transaction_id = entry->id;
    u.balance_after = entry->balance_after.units;
  }
  if (Status s = co_await repo::InsertUsage(tx, u); !s) co_return s.error();
  const storage::AuditEntry audit{
      u.created_at, "usage.rate", "subscription", line->id,
      json::serialize(json::object{{"record", u.id}, {"charge", charge}})};
  if (Status s = co_await storage::AppendAudit(tx, ctx.actor, audit); !s) co_return s.error();
  co_return UsageRecordJson(u);
}

}  // namespace ispcloud::domain::bss
