#pragma once
// SQLite driver of the Database seam.
//
// - One write connection, used only by a dedicated writer thread that owns its own io_context.
//   Write() hops onto it and queues its body; the caller resumes on its own executor.
// - Group commit: the writer takes every queued body (at most kMaxWriteBatch) as one batch and
//   runs them one after the other, in queue order, inside one BEGIN IMMEDIATE .. COMMIT, each in
//   its own SAVEPOINT. A body that returns an error or throws is rolled back to its savepoint
//   alone; the others' work is committed together, with one fsync, and their callers are
//   answered only after that COMMIT succeeded (an acknowledged write is as durable as
//   `synchronous` makes a commit). A failed COMMIT, or SQLite rolling the whole transaction back
//   (disk full, I/O error), fails every write of the batch not yet answered. A failed body is
//   answered at once only when no earlier body of the transaction has work pending; otherwise
//   its refusal may rest on that uncommitted work, so it gets its own outcome after a successful
//   COMMIT and the COMMIT's error after a failed one. Writes queued while a batch commits form the
//   next batch, so batches grow with the load and a lone write still commits at once. Bodies run
//   strictly one at a time (also when one suspends, against the rule in db.h). Calling Write() from
//   inside a write body is refused (it could never run).
// - A pool of read connections; Read() runs on the caller's thread inside a deferred BEGIN, so it
//   sees one WAL snapshot and never waits for writers. When every pooled connection is leased, an
//   extra one is opened rather than blocking; at most `read_connections` are kept idle.
// - Durability follows `synchronous`: FULL (the default) makes an acknowledged commit survive
//   power loss; NORMAL may lose the last commits on power loss (never corrupts); OFF is for tests.
//
// Lifetime: every Write()/Read()/Ping() must have completed before the object is destroyed. The
// destructor lets queued writes finish, then stops the writer thread.

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "storage/db.h"

namespace ispcloud::storage {

namespace sqlite {
class Connection;
}

struct SqliteOptions {
  std::string path;                  // database file; its parent directory is created if missing
  std::string synchronous = "FULL";  // OFF | NORMAL | FULL | EXTRA (case-insensitive)
  int busy_timeout_ms = 5000;        // wait for locks held by other processes, >= 0
  int read_connections = 4;          // read connections opened up front and kept idle, >= 1
  int cache_mb = 64;                 // page cache of each connection, >= 1 (grows with use)
};

class SqliteDatabase final : public Database {
 public:
  // Most write transactions committed together by one COMMIT.
  static constexpr size_t kMaxWriteBatch = 128;

  // Validates `options`, creates the parent directory, opens the write connection and the read
  // pool (WAL, synchronous, busy_timeout, foreign_keys=ON) and starts the writer thread.
  // Errors: kInvalidArgument for bad options; kUnavailable naming the path and SQLite's message.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options);
  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // See Database. Runs `body` on the writer thread; the caller resumes on its own executor.
  asio::awaitable<Status> Write(TxBody body) override;
  // See Database. Runs `body` on the caller's thread with a pooled read connection.
  asio::awaitable<Status> Read(TxBody body) override;
  // Runs SELECT 1 on a read connection.
  asio::awaitable<Status> Ping() override;
  std::string_view Dialect() const override { return "sqlite"; }
  bool WritersOverlap() const override { return false; }
  DbMetrics& Metrics() override { return metrics_; }
  // The options in effect (synchronous upper-cased).
  const SqliteOptions& options() const { return options_; }
  // Number of idle read connections in the pool (for tests and /metrics).
  size_t IdleReadConnections();
  // COMMITs of write batches so far: Metrics().write_tx_seconds.Count() / WriteCommits() is the
  // mean number of write transactions per COMMIT (per fsync).
  uint64_t WriteCommits() const { return write_commits_.load(std::memory_order_relaxed); }
  // Writes queued on the writer thread and not yet taken into a batch (for tests).
  size_t QueuedWrites() const { return queued_writes_.load(std::memory_order_relaxed); }

 private:
  struct ReturnToPool {
    SqliteDatabase* db;
    void operator()(sqlite::Connection* conn) const;
  };
  using ReaderLease = std::unique_ptr<sqlite::Connection, ReturnToPool>;

  SqliteDatabase(SqliteOptions options, std::unique_ptr<sqlite::Connection> writer,
                 std::vector<std::unique_ptr<sqlite::Connection>> readers);
  Result<ReaderLease> AcquireReader();
  void ReleaseReader(std::unique_ptr<sqlite::Connection> conn);
  struct PendingWrite;
  // Runs on the writer thread: queues `body` for the next batch and waits for its outcome.
  asio::awaitable<Status> RunWrite(TxBody body);
  // The writer's committer: runs batches until the queue is empty.
  asio::awaitable<void> RunBatches();
  // Runs `batch` (in order) in one transaction and answers every write in it.
  asio::awaitable<void> RunBatch(std::vector<std::shared_ptr<PendingWrite>> batch);
  // Runs one body inside its savepoint; adds it to `staged` when its work awaits the COMMIT.
  asio::awaitable<void> RunInSavepoint(PendingWrite& write, std::vector<PendingWrite*>& staged);
  // Answers `write`; `failed` counts it in write_tx_errors.
  void Complete(PendingWrite& write, Status result, bool failed);
  // Rolls the open transaction back and answers every write of `staged` with `error`.
  void FailStaged(std::vector<PendingWrite*>& staged, const Error& error);

  SqliteOptions options_;
  DbMetrics metrics_;
  std::atomic<uint64_t> write_commits_{0};
  std::atomic<size_t> queued_writes_{0};  // write_queue_.size(), readable from any thread
  std::unique_ptr<sqlite::Connection> writer_;

  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;  // guarded by pool_mu_

  // Touched only on the writer thread.
  bool committer_running_ = false;
  std::deque<std::shared_ptr<PendingWrite>> write_queue_;

  asio::io_context writer_ctx_{1};
  asio::executor_work_guard<asio::io_context::executor_type> writer_work_;
  std::thread writer_thread_;
};

}  // namespace ispcloud::storage
