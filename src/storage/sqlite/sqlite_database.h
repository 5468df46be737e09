#pragma once
// SQLite driver of the Database seam.
//
// - One write connection, used only by a dedicated writer thread that owns its own io_context:
//   Write() hops onto it for BEGIN IMMEDIATE .. body .. COMMIT and the caller resumes on its own
//   executor. Write transactions are serialized (also when a body suspends, against the rule in
//   db.h). Calling Write() from inside a write body is refused (it could never run).
// - A pool of read connections; Read() runs on the caller's thread inside a deferred BEGIN, so it
//   sees one WAL snapshot and never waits for writers. When every pooled connection is leased, an
//   extra one is opened rather than blocking; at most `read_connections` are kept idle.
// - Durability follows `synchronous`: FULL (the default) makes an acknowledged commit survive
//   power loss; NORMAL may lose the last commits on power loss (never corrupts); OFF is for tests.
//
// Lifetime: every Write()/Read()/Ping() must have completed before the object is destroyed. The
// destructor lets queued writes finish, then stops the writer thread.

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
};

class SqliteDatabase final : public Database {
 public:
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
  DbMetrics& Metrics() override { return metrics_; }
  // The options in effect (synchronous upper-cased).
  const SqliteOptions& options() const { return options_; }
  // Number of idle read connections in the pool (for tests and /metrics).
  size_t IdleReadConnections();

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
  // Runs on the writer thread: waits for its turn, then runs one write transaction.
  asio::awaitable<Status> RunWrite(TxBody body);
  asio::awaitable<void> AcquireWriteTurn();
  void ReleaseWriteTurn();

  SqliteOptions options_;
  DbMetrics metrics_;
  std::unique_ptr<sqlite::Connection> writer_;

  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;  // guarded by pool_mu_

  // Touched only on the writer thread.
  bool write_busy_ = false;
  std::deque<asio::steady_timer*> write_waiters_;

  asio::io_context writer_ctx_{1};
  asio::executor_work_guard<asio::io_context::executor_type> writer_work_;
  std::thread writer_thread_;
};

}  // namespace ispcloud::storage
