#include "domain/bss/schedule_runner.h"

#include <boost/json/serialize.hpp>

#include "domain/bss/errors.h"
#include "domain/bss/ledger.h"
#include "domain/bss/money.h"
#include "domain/bss/payment_service.h"
#include "domain/bss/subscription_state.h"
#include "storage/audit_repository.h"
#include "storage/bss/payment_repository.h"
#include "storage/bss/subscription_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kRunner = "system:atu";
constexpr int64_t kBatch = 500;

enum class RunResult { kSkipped, kApproved, kDeclined, kRefused };

// The context the runner acts in for `provider`: no principal, agent "system:atu".
BssContext RunnerContext(const ServiceProvider& provider) {
  BssContext ctx;
  ctx.actor = Actor{std::string(kRunner), "", provider.SpidText()};
  ctx.provider = provider;
  ctx.agent = std::string(kRunner);
  return ctx;
}

// Applies schedule `id` of `provider` if it is still ACTIVE and due; everything in `tx`.
asio::awaitable<Result<RunResult>> ApplyOne(storage::Tx& tx, const ServiceProvider& provider,
                                            BssEventPublisher& events, const std::string& id,
                                            TimePoint at) {
  const std::string now = FormatIso8601Millis(at);
  auto found = co_await repo::FindPaymentSchedule(tx, id);
  if (!found) co_return found.error();
  if (!*found || (*found)->status != "ACTIVE" || (*found)->next_application > now) {
    co_return RunResult::kSkipped;  // another runner got there first
  }
  repo::PaymentScheduleRow s = std::move(**found);
  const BssContext ctx = RunnerContext(provider);
  const int64_t spid = s.spid;
  const std::string token_id = s.token_id;
  auto token = co_await repo::FindPaymentToken(tx, spid, token_id);
  if (!token) co_return token.error();

  const std::string line_id = s.subscription_id;
  auto line = co_await repo::FindSubscription(tx, spid, line_id);
  if (!line) co_return line.error();

  json::object result{{"date", now}, {"transactionId", nullptr}};
  RunResult outcome = RunResult::kApproved;
  bool finished = s.recurrence == "ONE_TIME";
  if (!*line || (*line)->state == kInactive) {
    // A deactivated line is never topped up again: the schedule ends.
    outcome = RunResult::kRefused;
    finished = true;
    s.status = "CANCELLED";
    result["resultCode"] = "REFUSED";
    result["message"] = "subscription " + line_id + " is INACTIVE";
  } else if (!*token || (*token)->token_value.starts_with("fail_")) {
    outcome = RunResult::kDeclined;
    result["resultCode"] = "DECLINED";
    result["message"] = "the payment gateway declined the token";
  } else {
    auto amount = FromMinor(s.amount_minor, provider.currency_exponent, "amount");
    if (!amount) co_return amount.error();
    Posting posting =
        PostingFor(ctx, s.subscription_id, at, "atuAdjustmentType", kAtuAdjustmentType);
    posting.amount = *amount;
    posting.source = MoneySource::kAtu;
    posting.source_ref = s.id;
    posting.reason = "Automatic top-up";
    auto entry = co_await PostToMainBalance(tx, posting);
    // A ledger refusal is recorded on the schedule instead of failing the run.
    if (!entry && !IsBusinessRefusal(entry.error())) co_return entry.error();
    if (!entry) {
      outcome = RunResult::kRefused;
      result["resultCode"] = "REFUSED";
      result["message"] = entry.error().message;
    } else {
      result["resultCode"] = "APPROVED";
      result["transactionId"] = std::to_string(entry->id);
      json::object topup{{"subscriptionId", s.subscription_id},
                         {"amount", amount->units},
                         {"balance", entry->balance_after.units},
                         {"transactionId", std::to_string(entry->id)},
                         {"scheduleID", s.id},
                         {"source", "atu"}};
      const std::string path = "/api/subscription/balanceQuery?subscriptionId=" + s.subscription_id;
      const std::string event = "BalanceTopupEvent";
      const std::string resource = "balanceTopup";
      if (Status st = co_await events.Publish(tx, ctx, event, resource, std::move(topup), path);
          !st) {
        co_return st.error();
      }
    }
  }
  if (finished) {
    if (s.status == "ACTIVE") s.status = "COMPLETED";
  } else {
    TimePoint next = ParseRfc3339(s.next_application).value_or(at);
    while (next <= at) next = NextApplication(next, s.recurrence);
    s.next_application = FormatIso8601Millis(next);
  }
  s.last_result = json::serialize(result);
  s.updated_at = now;
  if (Status st = co_await repo::UpdatePaymentSchedule(tx, s); !st) co_return st.error();
  const storage::AuditEntry audit{now, "paymentSchedule.apply", "paymentSchedule", s.id,
                                  *s.last_result};
  if (Status st = co_await storage::AppendAudit(tx, ctx.actor, audit); !st) co_return st.error();
  co_return outcome;
}

}  // namespace

ScheduleRunner::ScheduleRunner(storage::Database& db, ServiceProviderService& providers,
                               BssEventPublisher& events)
    : db_(db), providers_(providers), events_(events) {}

asio::awaitable<Result<ScheduleRunSummary>> ScheduleRunner::RunDue(TimePoint at) {
  ScheduleRunSummary summary;
  const std::string due_by = FormatIso8601Millis(at);
  while (true) {
    std::vector<repo::PaymentScheduleRow> due;
    Status listed = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto ids = co_await repo::ListDueSchedules(tx, due_by, kBatch);
      if (!ids) co_return ids.error();
      due = std::move(*ids);
      co_return Ok();
    });
    if (!listed) co_return listed.error();
    if (due.empty()) co_return summary;
    int64_t progressed = 0;
    for (const repo::PaymentScheduleRow& row : due) {
      const std::string spid = std::to_string(row.spid);
      auto provider = co_await providers_.Find(spid);
      if (!provider) co_return provider.error();
      RunResult outcome = RunResult::kSkipped;
      Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
        auto applied = co_await ApplyOne(tx, *provider, events_, row.id, at);
        if (!applied) co_return applied.error();
        outcome = *applied;
        co_return Ok();
      });
      if (!st) co_return st.error();
      switch (outcome) {
        case RunResult::kApproved:
          ++summary.applied;
          break;
        case RunResult::kDeclined:
          ++summary.declined;
          break;
        case RunResult::kRefused:
          ++summary.refused;
          break;
        case RunResult::kSkipped:
          continue;
      }
      ++progressed;
    }
    if (progressed == 0) co_return summary;  // everything left was taken by another runner
  }
}

}  // namespace ispcloud::domain::bss
