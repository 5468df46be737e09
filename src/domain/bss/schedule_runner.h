#pragma once
// The runner of automatic top-up schedules (OPTIVA-API.md §2.15 "a background job applies due
// schedules", §2.7.4). `ispcloud payments run-due` calls it; run it from a timer (cron, systemd)
// every few minutes. For each ACTIVE schedule whose nextApplication has come, in its own write
// transaction (so concurrent runners, e.g. on several instances, apply a schedule once):
//   - the payment gateway is simulated: a token whose value starts with "fail_" is declined;
//   - approved: the line's main balance is credited with the amount (minor units converted to
//     Amount4), transaction type `atuAdjustmentType` "Automatic Top Up", source "atu", and a
//     BalanceTopupEvent is published; a credit the ledger refuses (INACTIVE line, maximum
//     balance) is recorded as REFUSED;
//   - lastResult = {date, resultCode APPROVED | DECLINED | REFUSED, transactionId, message};
//   - nextApplication moves on by whole periods until it is in the future (periods missed while
//     nothing ran are not charged again); a ONE_TIME schedule becomes COMPLETED;
//   - the schedule of a line that has become INACTIVE is CANCELLED (REFUSED, nothing charged).

#include <cstdint>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/events.h"
#include "domain/bss/service_provider.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

struct ScheduleRunSummary {
  int64_t applied = 0;
  int64_t declined = 0;
  int64_t refused = 0;
};

class ScheduleRunner {
 public:
  ScheduleRunner(storage::Database& db, ServiceProviderService& providers,
                 BssEventPublisher& events);

  // Applies every schedule due at `at` (see above), 500 per batch until none is left.
  asio::awaitable<Result<ScheduleRunSummary>> RunDue(TimePoint at);

 private:
  storage::Database& db_;
  ServiceProviderService& providers_;
  BssEventPublisher& events_;
};

}  // namespace ispcloud::domain::bss
