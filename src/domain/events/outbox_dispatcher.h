#pragma once
// Delivers outbox events to hub subscribers: claims due deliveries with a lease, POSTs each
// event's JSON to the subscription's callback + listener path, and records the outcome. A 2xx
// answer marks the delivery done; anything else (other status, timeout, refused connection)
// schedules a retry with exponential back-off, until max_attempts, then gives up (recorded).
// Delivery is at least once: a crash between sending and recording repeats the send after the
// lease. Runs on its own thread so that slow subscribers never hold an HTTP worker.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/asio.h"
#include "core/clock.h"
#include "http/client/http_client.h"
#include "storage/db.h"
#include "storage/events/outbox_repository.h"

namespace ispcloud::domain::events {

struct OutboxDispatcherOptions {
  std::chrono::milliseconds poll_interval{200};
  int64_t batch = 32;              // deliveries claimed per round
  std::chrono::seconds lease{60};  // > send_timeout: a claim outlives its send
  std::chrono::milliseconds send_timeout{5000};
  std::chrono::milliseconds first_retry{1000};   // doubled per failed attempt ...
  std::chrono::milliseconds max_retry{300'000};  // ... up to this
  int max_attempts = 20;                         // then the delivery is given up
  // Events whose deliveries are all finished (or that had no subscriber) are deleted once older
  // than this; checked every prune_interval, at most prune_batch events per statement.
  std::chrono::hours retention{72};
  std::chrono::seconds prune_interval{60};
  // How often the pending/lag gauges of /metrics are recomputed.
  std::chrono::seconds backlog_interval{5};
  int64_t prune_batch = 1000;
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(storage::Database& db, http::HttpClient& client, const Clock& clock,
                   OutboxDispatcherOptions options = {});
  ~OutboxDispatcher();
  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // Starts the delivery loop on a thread of its own. Idempotent.
  void Start();
  // Stops the loop; waits for in-flight sends (each bounded by send_timeout). Idempotent.
  void Stop();

  // One round: claims due deliveries, sends them concurrently, records the outcomes. Returns the
  // number of deliveries attempted. Used by the loop, and by tests on their own io_context.
  asio::awaitable<Result<int>> RunOnce();

  // Appends Prometheus metrics: pending deliveries, age of the oldest pending event, delivered,
  // failed attempts and given-up totals.
  void RenderMetrics(std::string& out) const;

  // Deletes the events older than options.retention none of whose deliveries is pending, in
  // batches of prune_batch; returns how many. Used by the loop every prune_interval, and by tests.
  asio::awaitable<Result<int64_t>> PruneOnce();

  // The wait before attempt `attempts + 1` after `attempts` failed ones (attempts >= 1).
  static std::chrono::milliseconds RetryDelay(int64_t attempts,
                                              const OutboxDispatcherOptions& options);

 private:
  // What happened to one delivery attempt.
  struct Outcome {
    bool delivered = false;
    std::string error;  // when not delivered
  };

  asio::awaitable<void> Loop();
  // Sends one claimed delivery; never throws for network or HTTP failures.
  asio::awaitable<Outcome> Deliver(const storage::events::ClaimedDelivery& delivery);
  asio::awaitable<void> RefreshBacklog();

  storage::Database& db_;
  http::HttpClient& client_;
  const Clock& clock_;
  OutboxDispatcherOptions options_;

  std::unique_ptr<asio::io_context> io_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  std::atomic<int64_t> pending_{0};
  std::atomic<int64_t> oldest_pending_ms_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_attempts_{0};
  std::atomic<uint64_t> given_up_{0};
};

}  // namespace ispcloud::domain::events
