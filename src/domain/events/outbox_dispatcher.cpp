#include "domain/events/outbox_dispatcher.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.h"
#include "storage/events/outbox_repository.h"

namespace ispcloud::domain::events {
namespace {

namespace repo = storage::events;

// The first line of an error or status, bounded, for last_error.
std::string Summary(std::string text) {
  if (size_t nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  if (text.size() > 300) text.resize(300);
  return text;
}

}  // namespace

OutboxDispatcher::OutboxDispatcher(storage::Database& db, http::HttpClient& client,
                                   const Clock& clock, OutboxDispatcherOptions options)
    : db_(db), client_(client), clock_(clock), options_(options) {}

OutboxDispatcher::~OutboxDispatcher() {
  Stop();
}

std::chrono::milliseconds OutboxDispatcher::RetryDelay(int64_t attempts,
                                                       const OutboxDispatcherOptions& options) {
  std::chrono::milliseconds delay = options.first_retry;
  for (int64_t i = 1; i < attempts && delay < options.max_retry; ++i) delay *= 2;
  return std::min(delay, options.max_retry);
}

void OutboxDispatcher::Start() {
  if (io_) return;
  io_ = std::make_unique<asio::io_context>(1);
  asio::co_spawn(*io_, Loop(), asio::detached);
  thread_ = std::thread([io = io_.get()] { io->run(); });
}

void OutboxDispatcher::Stop() {
  if (!io_) return;
  stopping_ = true;
  // The loop notices within one poll interval and returns; in-flight sends end by their timeout.
  if (thread_.joinable()) thread_.join();
  io_.reset();
}

asio::awaitable<void> OutboxDispatcher::Loop() {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  TimePoint next_prune = clock_.Now();
  TimePoint next_backlog = clock_.Now();
  while (!stopping_) {
    auto round = co_await RunOnce();
    if (!round) {
      LogWarn("outbox_round_failed", {{"error", round.error().message}});
    }
    // The backlog gauges count every pending delivery: refreshed once per backlog_interval,
    // not per poll.
    if (clock_.Now() >= next_backlog) {
      next_backlog = clock_.Now() + options_.backlog_interval;
      co_await RefreshBacklog();
    }
    if (clock_.Now() >= next_prune) {
      next_prune = clock_.Now() + options_.prune_interval;
      auto pruned = co_await PruneOnce();
      if (!pruned) {
        LogWarn("outbox_prune_failed", {{"error", pruned.error().message}});
      } else if (*pruned > 0) {
        LogInfo("outbox_pruned", {{"events", *pruned}});
      }
    }
    // A full batch means more may be due: go again at once.
    if (round && *round >= options_.batch) continue;
    timer.expires_after(options_.poll_interval);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> OutboxDispatcher::RefreshBacklog() {
  repo::OutboxBacklog backlog;
  Status read = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto b = co_await repo::ReadBacklog(tx);
    if (!b) co_return b.error();
    backlog = std::move(*b);
    co_return Ok();
  });
  if (!read) co_return;
  pending_ = backlog.pending;
  int64_t age_ms = 0;
  if (auto oldest_us = ParseIso8601Micros(backlog.oldest_created_at)) {
    age_ms = std::max<int64_t>(0, ToEpochMillis(clock_.Now()) - *oldest_us / 1000);
  }
  oldest_pending_ms_ = age_ms;
}

asio::awaitable<OutboxDispatcher::Outcome> OutboxDispatcher::Deliver(
    const repo::ClaimedDelivery& delivery) {
  http::OutgoingRequest request;
  request.method = http::beast_http::verb::post;
  request.url = delivery.url;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = delivery.payload;
  request.timeout = options_.send_timeout;
  request.max_response_bytes = 64 * 1024;
  auto response = co_await client_.Send(std::move(request));
  if (!response) co_return Outcome{false, Summary(response.error().message)};
  if (response->status < 200 || response->status > 299) {
    co_return Outcome{false, "callback answered HTTP " + std::to_string(response->status)};
  }
  co_return Outcome{true, ""};
}

asio::awaitable<Result<int>> OutboxDispatcher::RunOnce() {
  const TimePoint now = clock_.Now();
  const std::string now_text = FormatIso8601Millis(now);
  const std::string lease_text = FormatIso8601Millis(now + options_.lease);
  const repo::ClaimLocking locking =
      db_.WritersOverlap() ? repo::ClaimLocking::kSkipLocked : repo::ClaimLocking::kSerialized;
  std::vector<repo::ClaimedDelivery> claimed;
  Status claim = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto due = co_await repo::ClaimDueDeliveries(tx, now_text, lease_text, options_.batch, locking);
    if (!due) co_return due.error();
    claimed = std::move(*due);
    co_return Ok();
  });
  if (!claim) co_return claim.error();
  if (claimed.empty()) co_return 0;

  // Send concurrently; the last send to finish wakes this coroutine.
  auto executor = co_await asio::this_coro::executor;
  std::vector<Outcome> outcomes(claimed.size());
  size_t left = claimed.size();
  asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
  for (size_t i = 0; i < claimed.size(); ++i) {
    asio::co_spawn(executor, Deliver(claimed[i]),
                   [&outcomes, &left, &all_done, i](std::exception_ptr failure, Outcome outcome) {
                     outcomes[i] = failure ? Outcome{false, "internal error while sending"}
                                           : std::move(outcome);
                     if (--left == 0) all_done.cancel();
                   });
  }
  co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));

  const TimePoint finished = clock_.Now();
  const std::string finished_text = FormatIso8601Millis(finished);
  Status recorded = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    for (size_t i = 0; i < claimed.size(); ++i) {
      const repo::ClaimedDelivery& d = claimed[i];
      const Outcome& o = outcomes[i];
      Status st;
      if (o.delivered) {
        st = co_await repo::MarkDelivered(tx, d.event_id, d.subscription_id, finished_text);
      } else if (d.attempts + 1 >= options_.max_attempts) {
        st = co_await repo::MarkFailed(tx, d.event_id, d.subscription_id, finished_text, o.error);
      } else {
        const std::string next =
            FormatIso8601Millis(finished + RetryDelay(d.attempts + 1, options_));
        st = co_await repo::ScheduleRetry(tx, d.event_id, d.subscription_id, next, o.error);
      }
      if (!st) co_return st;
    }
    co_return Ok();
  });
  if (!recorded) co_return recorded.error();
  for (size_t i = 0; i < claimed.size(); ++i) {
    if (outcomes[i].delivered) {
      ++delivered_;
    } else {
      ++failed_attempts_;
      if (claimed[i].attempts + 1 >= options_.max_attempts) ++given_up_;
      LogInfo("outbox_delivery_failed", {{"event_id", claimed[i].event_id},
                                         {"subscription_id", claimed[i].subscription_id},
                                         {"attempt", claimed[i].attempts + 1},
                                         {"error", outcomes[i].error}});
    }
  }
  co_return static_cast<int>(claimed.size());
}

asio::awaitable<Result<int64_t>> OutboxDispatcher::PruneOnce() {
  const std::string cutoff = FormatIso8601Millis(clock_.Now() - options_.retention);
  int64_t total = 0;
  while (!stopping_) {
    int64_t deleted = 0;
    Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto n = co_await repo::PruneFinishedEvents(tx, cutoff, options_.prune_batch);
      if (!n) co_return n.error();
      deleted = *n;
      co_return Ok();
    });
    if (!st) co_return st.error();
    total += deleted;
    if (deleted < options_.prune_batch) break;
  }
  co_return total;
}

void OutboxDispatcher::RenderMetrics(std::string& out) const {
  out += "# HELP ispcloud_outbox_pending_deliveries Event deliveries not yet acknowledged.\n";
  out += "# TYPE ispcloud_outbox_pending_deliveries gauge\n";
  out += "ispcloud_outbox_pending_deliveries " + std::to_string(pending_.load()) + "\n";
  out += "# HELP ispcloud_outbox_lag_seconds Age of the oldest pending event.\n";
  out += "# TYPE ispcloud_outbox_lag_seconds gauge\n";
  out += "ispcloud_outbox_lag_seconds " +
         std::to_string(static_cast<double>(oldest_pending_ms_.load()) / 1000.0) + "\n";
  out += "# HELP ispcloud_outbox_delivered_total Event deliveries acknowledged with 2xx.\n";
  out += "# TYPE ispcloud_outbox_delivered_total counter\n";
  out += "ispcloud_outbox_delivered_total " + std::to_string(delivered_.load()) + "\n";
  out += "# HELP ispcloud_outbox_failed_attempts_total Delivery attempts that failed.\n";
  out += "# TYPE ispcloud_outbox_failed_attempts_total counter\n";
  out += "ispcloud_outbox_failed_attempts_total " + std::to_string(failed_attempts_.load()) + "\n";
  out += "# HELP ispcloud_outbox_given_up_total Deliveries abandoned after max attempts.\n";
  out += "# TYPE ispcloud_outbox_given_up_total counter\n";
  out += "ispcloud_outbox_given_up_total " + std::to_string(given_up_.load()) + "\n";
}

}  // namespace ispcloud::domain::events
