#pragma once
// Rating of usage events (OPTIVA-API.md §2.20 row 93; records read by row 46, §2.10). ispcloud
// has no network: an operator (or a test) posts each event. Rating, in one write transaction:
//   1. the line must be ACTIVE (or NON_PAYMENT_WARNED) -> else 409 ERCRT1007;
//   2. units: voice originated (callType 1) = started seconds of `duration` (ms), SMS (3) = 1
//      message, data (11) = `dataUsage` bytes; voice terminated (2) is free;
//   3. the line's live buckets of that unit pay first (buckets.h ConsumeBuckets);
//   4. what is left is charged to the main balance at the price plan's `usageRates`
//      (voicePerMinute per 60 s, smsPerMessage, dataPerMegabyte per 1,048,576 bytes), rounded
//      up to the next Amount4; no rate for it -> 409 ERCRT1005;
//   5. the ledger refuses a debit the balance, credit limit or spend limit cannot carry (409,
//      and nothing at all is written); otherwise the CDR, the bucket movements and the
//      transaction commit together.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/subscription_resolver.h"
#include "storage/bss/usage_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

inline constexpr int64_t kFirstUsageRecordId = 7000000001;

// Row 93 input.
struct UsageEvent {
  SubscriptionRef line;
  std::optional<int64_t> call_type;   // 1, 2, 3 or 11
  std::optional<int64_t> duration_ms;  // voice; >= 0
  std::optional<int64_t> data_bytes;   // data; >= 0
  std::optional<std::string> destination;
  std::optional<std::string> transaction_date;  // RFC 3339; default now
  std::vector<FieldError> decode_errors;        // type errors found while reading the body
};

// Every invalid field at once (400): the decode errors, the line named, callType one of 1, 2, 3, 11, duration
// required for voice and dataUsage for data (integers >= 0), a parseable transactionDate.
Status ValidateUsageEvent(const UsageEvent& event);

// The CDR item of row 46 / the answer of row 93.
boost::json::object UsageRecordJson(const storage::bss::UsageRow& row);

class UsageService {
 public:
  UsageService(storage::Database& db, const Clock& clock);

  // Row 93 inside `tx` (for RunIdempotent): rates a validated event as described above and
  // returns its record. Audited as usage.rate.
  asio::awaitable<Result<boost::json::object>> RateInTx(storage::Tx& tx, const BssContext& ctx,
                                                        const UsageEvent& event);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::bss
