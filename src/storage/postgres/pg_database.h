#pragma once
// PostgreSQL driver of the Database seam, on libpq in non-blocking mode.
//
// - The driver owns one io_context run by its own thread. Write(), Read() and Ping() hop onto it
//   (the caller resumes on its own executor); every wait for the server is an asynchronous wait
//   on the connection's socket, so no thread ever blocks on a query. Bodies run on the driver
//   thread and, per db.h, must do database work only.
// - A bounded pool (`pool_size` connections, opened on demand); callers wait asynchronously for
//   a free one. A connection found broken is dropped and replaced by a new one on demand.
// - Write = BEGIN ISOLATION LEVEL SERIALIZABLE .. COMMIT, so that concurrent writers (of this
//   process or of other instances) behave as if run one at a time, like SQLite's single writer;
//   Read = BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY (one snapshot for the whole body).
//   Statements are prepared once per connection (keyed by SQL text and parameter types).
// - A statement error aborts the PostgreSQL transaction: later statements of the same body fail
//   and nothing is committed (unlike SQLite, where the body may carry on after a failed
//   statement). A body that returns Ok after such an error gets kInternal, never a silent
//   rollback.
// - Retries: a Write that fails with a serialization failure or deadlock (SQLSTATE 40001, 40P01;
//   also 55P03 lock_not_available: all kDbBusy), at a statement, in the error its body returns
//   or at COMMIT, is rolled back and its body run again, up to kMaxWriteAttempts times in all,
//   after a short randomised pause; then the kDbBusy error is returned. A statement that failed
//   that way makes the attempt busy whatever the body then returned, and the kDbBusy error is
//   what a last attempt returns. A body that threw is never run again. The runs after the first
//   hold the write gate (pg_write_gate.h) alone: no other write of this process runs meanwhile,
//   so only writes of other processes can make a retry fail again. Besides, a Read whose
//   connection broke before the body saw any result is run once more on a fresh connection; a
//   Write when its BEGIN failed that way (the body never ran).
//
// - A Write() or Read() called from inside a body takes a second connection: with every
//   connection held by such bodies it would wait forever, so bodies must not nest them (a
//   nested Write() would also wait forever for a retry waiting to hold the write gate alone).
//
// Lifetime: every Write()/Read()/Ping() must have completed before the object is destroyed.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "core/result.h"
#include "storage/db.h"
#include "storage/postgres/pg_write_gate.h"

namespace ispcloud::storage {

namespace pg {
class PgPool;
}

struct PgOptions {
  std::string
      conninfo;        // postgresql://... (never logged nor quoted in errors: may hold a password)
  int pool_size = 16;  // most connections open at once, 1..1024
};

// A snapshot of the pool, for tests and /metrics.
struct PgPoolStats {
  int size = 0;
  int open = 0;       // connections open now
  int in_use = 0;     // of which lent to a transaction
  int peak_open = 0;  // most open at once so far
  int waiting = 0;    // callers waiting for a connection
  uint64_t dropped = 0;
};

class PgDatabase final : public Database {
 public:
  // Runs in all of a write that keeps failing with a serialization failure or deadlock.
  static constexpr int kMaxWriteAttempts = 8;

  // Validates `options` (without echoing the URL), starts the driver thread and opens one
  // connection to check the server answers. Errors: kInvalidArgument for bad options or an
  // unparsable URL; kUnavailable + kDbUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PgDatabase>> Open(const PgOptions& options);
  ~PgDatabase() override;
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  asio::awaitable<Status> Write(TxBody body) override;
  asio::awaitable<Status> Read(TxBody body) override;
  // Runs SELECT 1 on a pooled connection.
  asio::awaitable<Status> Ping() override;
  std::string_view Dialect() const override { return "postgres"; }
  bool WritersOverlap() const override { return true; }
  DbMetrics& Metrics() override { return metrics_; }
  PgPoolStats PoolStats() const;
  // The pool's gauges: ispcloud_db_pool_size, _connections{state="open"|"in_use"},
  // _peak_open, _waiting, _dropped_total.
  void RenderDriverMetrics(std::string& out) const override;

 private:
  enum class Kind { kRead, kWrite };
  struct Attempt;
  // The randomised pause before a write's retry: its window doubles per attempt, up to kMaxBackoff.
  static constexpr std::chrono::microseconds kFirstBackoff{2000};
  static constexpr std::chrono::microseconds kMaxBackoff{100000};

  explicit PgDatabase(const PgOptions& options);
  // Runs on the driver thread: one transaction, run again when that is safe (see above).
  asio::awaitable<Status> RunTx(TxBody body, Kind kind);
  // Waits before retry number `attempt` (1, 2 ...) of a write; never holds a connection.
  asio::awaitable<void> Backoff(int attempt);
  asio::awaitable<Status> RunOnce(TxBody& body, Kind kind, bool fresh, Attempt& attempt);
  asio::awaitable<Status> RunPing();
  asio::awaitable<Status> Warm();

  DbMetrics metrics_;
  asio::io_context ctx_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  pg::PgWriteGate write_gate_{ctx_};
  std::unique_ptr<pg::PgPool> pool_;
  std::minstd_rand jitter_{std::random_device{}()};  // used on the driver thread only
  std::thread thread_;
};

}  // namespace ispcloud::storage
