#include "storage/sqlite/sqlite_database.h"

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <chrono>
#include <exception>
#include <filesystem>
#include <system_error>

#include "core/log.h"
#include "storage/sqlite/sqlite_connection.h"

namespace ispcloud::storage {

namespace {

using sqlite::Access;
using sqlite::Connection;

constexpr int kMaxReadConnections = 1024;

// The Tx handed to bodies: forwards to the connection and remembers whether a statement failed
// (for the error counters).
class SqliteTx final : public Tx {
 public:
  SqliteTx(Connection& conn, Access access) : conn_(conn), access_(access) {}

  asio::awaitable<Result<Rows>> Query(std::string_view sql, Params params) override {
    co_return Track(conn_.Query(sql, params, access_));
  }
  asio::awaitable<Result<int64_t>> Exec(std::string_view sql, Params params) override {
    co_return Track(conn_.Exec(sql, params, access_));
  }
  asio::awaitable<Status> ExecScript(std::string_view sql) override {
    co_return Track(conn_.ExecScript(sql, access_));
  }
  bool failed() const { return failed_; }

 private:
  template <typename R>
  R Track(R result) {
    if (!result) failed_ = true;
    return result;
  }

  Connection& conn_;
  Access access_;
  bool failed_ = false;
};

// Runs `body` between `begin` and COMMIT on `conn`; rolls back when the body returns an error or
// throws (the exception propagates). Records the duration and, when a statement, BEGIN or COMMIT
// failed or the body threw, one error.
asio::awaitable<Status> RunTx(Connection& conn, Access access, const char* begin, TxBody& body,
                              Histogram& seconds, std::atomic<uint64_t>& errors) {
  const auto start = std::chrono::steady_clock::now();
  auto finish = [&](bool failed) {
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    seconds.Observe(took.count());
    if (failed) errors.fetch_add(1, std::memory_order_relaxed);
  };
  if (Result<int64_t> b = conn.Exec(begin, {}, Access::kControl); !b) {
    finish(true);
    co_return std::move(b).error();
  }
  SqliteTx tx(conn, access);
  Status result;
  try {
    result = co_await body(tx);
  } catch (...) {
    conn.RollbackIfActive();
    finish(true);
    throw;
  }
  bool failed = tx.failed();
  if (!result.ok()) {
    conn.RollbackIfActive();
  } else if (!conn.InTransaction()) {
    // SQLite rolls back the whole transaction on some errors (disk full, I/O); a body that
    // ignored such an error must not be told its work was committed.
    result = MakeError(ErrorCode::kInternal,
                       "sqlite: the transaction was rolled back after an earlier error; nothing "
                       "was committed");
    failed = true;
  } else if (Result<int64_t> c = conn.Exec("COMMIT", {}, Access::kControl); !c) {
    result = std::move(c).error();
    conn.RollbackIfActive();
    failed = true;
  }
  finish(failed);
  co_return result;
}

std::string DescribeException(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

sqlite::ConnectionSettings SettingsOf(const SqliteOptions& options) {
  return sqlite::ConnectionSettings{options.synchronous, options.busy_timeout_ms,
                                    options.cache_mb};
}

Status ValidateOptions(SqliteOptions& options) {
  std::string sync = options.synchronous;
  std::transform(sync.begin(), sync.end(), sync.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  constexpr std::array<std::string_view, 4> kModes = {"OFF", "NORMAL", "FULL", "EXTRA"};
  if (std::find(kModes.begin(), kModes.end(), sync) == kModes.end()) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid SQLite synchronous mode '" +
                                                      options.synchronous +
                                                      "': expected OFF, NORMAL, FULL or EXTRA");
  }
  options.synchronous = sync;
  if (options.path.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "SQLite database path is empty");
  }
  if (options.busy_timeout_ms < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "SQLite busy timeout must be >= 0 ms, got " +
                                                      std::to_string(options.busy_timeout_ms));
  }
  if (options.read_connections < 1 || options.read_connections > kMaxReadConnections) {
    return MakeError(ErrorCode::kInvalidArgument, "SQLite read connections must be between 1 and " +
                                                      std::to_string(kMaxReadConnections) +
                                                      ", got " +
                                                      std::to_string(options.read_connections));
  }
  if (options.cache_mb < 1 || options.cache_mb > 65536) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "SQLite cache must be between 1 and 65536 MiB, got " +
                         std::to_string(options.cache_mb));
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& options) {
  SqliteOptions opts = options;
  if (Status s = ValidateOptions(opts); !s) return std::move(s).error();

  std::filesystem::path parent = std::filesystem::path(opts.path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return MakeError(ErrorCode::kUnavailable, "cannot create directory '" + parent.string() +
                                                    "' for SQLite database '" + opts.path +
                                                    "': " + ec.message());
    }
  }
  Result<std::unique_ptr<Connection>> writer =
      Connection::Open(opts.path, SettingsOf(opts), /*create=*/true);
  if (!writer) return std::move(writer).error();
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < opts.read_connections; ++i) {
    Result<std::unique_ptr<Connection>> reader =
        Connection::Open(opts.path, SettingsOf(opts), /*create=*/false);
    if (!reader) return std::move(reader).error();
    readers.push_back(std::move(*reader));
  }
  return std::unique_ptr<SqliteDatabase>(
      new SqliteDatabase(std::move(opts), std::move(*writer), std::move(readers)));
}

SqliteDatabase::SqliteDatabase(SqliteOptions options, std::unique_ptr<Connection> writer,
                               std::vector<std::unique_ptr<Connection>> readers)
    : options_(std::move(options)),
      writer_(std::move(writer)),
      idle_readers_(std::move(readers)),
      writer_work_(asio::make_work_guard(writer_ctx_)) {
  writer_thread_ = std::thread([this] { writer_ctx_.run(); });
}

SqliteDatabase::~SqliteDatabase() {
  writer_work_.reset();  // run() returns once the queued writes are done
  if (writer_thread_.joinable()) writer_thread_.join();
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    idle_readers_.clear();
  }
  writer_.reset();  // closed last: the final close checkpoints the WAL into the database file
}

asio::awaitable<Status> SqliteDatabase::Write(TxBody body) {
  if (writer_ctx_.get_executor().running_in_this_thread()) {
    co_return MakeError(ErrorCode::kInternal,
                        "sqlite: Write() called from inside a write transaction body; nested "
                        "write transactions are not supported");
  }
  co_return co_await asio::co_spawn(writer_ctx_, RunWrite(std::move(body)), asio::use_awaitable);
}

struct SqliteDatabase::PendingWrite {
  TxBody* body;
  asio::steady_timer* done;  // cancelled to wake RunWrite once `completed` is set
  bool completed = false;
  Status result;
  std::exception_ptr exception;  // thrown by the body: rethrown to its caller
  bool failed = false;           // a statement of the body failed (for write_tx_errors)
  bool body_failed = false;      // rolled back to its savepoint; `result` holds its own outcome
  std::chrono::steady_clock::time_point start{};  // when it was queued
};

asio::awaitable<Status> SqliteDatabase::RunWrite(TxBody body) {
  asio::steady_timer done(writer_ctx_, asio::steady_timer::time_point::max());
  // Shared with the batch, which may still look at it after this coroutine has returned.
  auto write = std::make_shared<PendingWrite>();
  write->body = &body;
  write->done = &done;
  write->start = std::chrono::steady_clock::now();
  write_queue_.push_back(write);
  queued_writes_.store(write_queue_.size(), std::memory_order_relaxed);
  if (!committer_running_) {
    committer_running_ = true;
    asio::co_spawn(writer_ctx_, RunBatches(), [](std::exception_ptr e) {
      // RunBatch catches everything; nothing is expected here.
      if (e) LogError("sqlite_writer_exception", {{"what", DescribeException(e)}});
    });
  }
  while (!write->completed) {
    boost::system::error_code ignored;
    co_await done.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  if (write->exception) std::rethrow_exception(write->exception);
  co_return std::move(write->result);
}

asio::awaitable<void> SqliteDatabase::RunBatches() {
  for (;;) {
    // Yield first, so that every write handed to the writer meanwhile (e.g. while the previous
    // batch was in fsync) is queued and joins this batch.
    co_await asio::post(writer_ctx_, asio::use_awaitable);
    if (write_queue_.empty()) break;
    std::vector<std::shared_ptr<PendingWrite>> batch;
    while (!write_queue_.empty() && batch.size() < kMaxWriteBatch) {
      batch.push_back(write_queue_.front());
      write_queue_.pop_front();
    }
    queued_writes_.store(write_queue_.size(), std::memory_order_relaxed);
    co_await RunBatch(std::move(batch));
  }
  committer_running_ = false;
}

asio::awaitable<void> SqliteDatabase::RunBatch(std::vector<std::shared_ptr<PendingWrite>> batch) {
  std::vector<PendingWrite*> staged;  // bodies that succeeded; their work awaits the COMMIT
  try {
    for (size_t i = 0; i < batch.size(); ++i) {
      PendingWrite& write = *batch[i];
      if (!writer_->InTransaction()) {
        if (Result<int64_t> b = writer_->Exec("BEGIN IMMEDIATE", {}, Access::kControl); !b) {
          // Another process holds the lock past the busy timeout: the rest would wait as long.
          for (size_t j = i; j < batch.size(); ++j) Complete(*batch[j], b.error(), true);
          FailStaged(staged, b.error());
          co_return;
        }
      }
      co_await RunInSavepoint(write, staged);
    }
    const bool work = std::any_of(staged.begin(), staged.end(),
                                  [](const PendingWrite* w) { return !w->body_failed; });
    if (!work) {
      writer_->RollbackIfActive();  // nothing to commit: every savepoint was rolled back
    } else if (Result<int64_t> c = writer_->Exec("COMMIT", {}, Access::kControl); !c) {
      FailStaged(staged, c.error());
      co_return;
    } else {
      write_commits_.fetch_add(1, std::memory_order_relaxed);
    }
    for (PendingWrite* write : staged) {
      Status outcome = write->body_failed ? std::move(write->result) : Ok();
      Complete(*write, std::move(outcome), write->failed);
    }
  } catch (...) {
    // Only the driver itself can throw here (body exceptions are caught in RunInSavepoint):
    // nothing of the batch is committed and no caller may be left waiting.
    const std::string what = DescribeException(std::current_exception());
    LogError("sqlite_write_batch_failed", {{"what", what}});
    const Error error = MakeError(ErrorCode::kInternal, "sqlite: write batch failed: " + what);
    FailStaged(staged, error);
    for (const std::shared_ptr<PendingWrite>& write : batch) {
      if (!write->completed) Complete(*write, error, true);
    }
  }
}

asio::awaitable<void> SqliteDatabase::RunInSavepoint(PendingWrite& write,
                                                     std::vector<PendingWrite*>& staged) {
  static constexpr const char* kSavepoint = "SAVEPOINT ispcloud_write";
  static constexpr const char* kRollbackTo = "ROLLBACK TO ispcloud_write";
  static constexpr const char* kRelease = "RELEASE ispcloud_write";
  if (Result<int64_t> sp = writer_->Exec(kSavepoint, {}, Access::kControl); !sp) {
    Complete(write, std::move(sp).error(), true);
    co_return;
  }
  SqliteTx tx(*writer_, Access::kWriteTx);
  Status result;
  try {
    result = co_await (*write.body)(tx);
  } catch (...) {
    write.exception = std::current_exception();
  }
  write.failed = tx.failed() || write.exception != nullptr;
  if (!writer_->InTransaction()) {
    // SQLite rolled back the whole transaction on an error (disk full, I/O): the work of the
    // bodies before this one is gone too.
    const Error lost = MakeError(ErrorCode::kInternal,
                                 "sqlite: the transaction was rolled back after an earlier error; "
                                 "nothing was committed");
    FailStaged(staged, lost);
    if (result.ok()) result = lost;
    Complete(write, std::move(result), true);
    co_return;
  }
  if (write.exception != nullptr || !result.ok()) {
    Result<int64_t> undo = writer_->Exec(kRollbackTo, {}, Access::kControl);
    if (undo) undo = writer_->Exec(kRelease, {}, Access::kControl);
    if (!undo) FailStaged(staged, undo.error());  // cannot isolate it: give up the batch
    if (staged.empty()) {
      Complete(write, std::move(result), write.failed);
    } else {
      // It ran on top of the uncommitted work of the bodies before it, on which its refusal may
      // rest: it learns its outcome with theirs, once the COMMIT has succeeded or failed.
      write.result = std::move(result);
      write.body_failed = true;
      staged.push_back(&write);
    }
    co_return;
  }
  if (Result<int64_t> released = writer_->Exec(kRelease, {}, Access::kControl); !released) {
    FailStaged(staged, released.error());
    Complete(write, std::move(released).error(), true);
    writer_->RollbackIfActive();
    co_return;
  }
  staged.push_back(&write);
}

void SqliteDatabase::Complete(PendingWrite& write, Status result, bool failed) {
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - write.start;
  metrics_.write_tx_seconds.Observe(took.count());
  if (failed) metrics_.write_tx_errors.fetch_add(1, std::memory_order_relaxed);
  write.result = std::move(result);
  write.completed = true;
  write.done->cancel();
}

void SqliteDatabase::FailStaged(std::vector<PendingWrite*>& staged, const Error& error) {
  writer_->RollbackIfActive();
  for (PendingWrite* write : staged) {
    write->exception = nullptr;  // a body that threw after others' work learns the batch's fate
    Complete(*write, error, true);
  }
  staged.clear();
}

asio::awaitable<Status> SqliteDatabase::Read(TxBody body) {
  Result<ReaderLease> lease = AcquireReader();
  if (!lease) {
    metrics_.read_tx_errors.fetch_add(1, std::memory_order_relaxed);
    co_return std::move(lease).error();
  }
  co_return co_await RunTx(**lease, Access::kReadTx, "BEGIN", body, metrics_.read_tx_seconds,
                           metrics_.read_tx_errors);
}

asio::awaitable<Status> SqliteDatabase::Ping() {
  Result<ReaderLease> lease = AcquireReader();
  if (!lease) co_return std::move(lease).error();
  Result<Rows> rows = (*lease)->Query("SELECT 1", {}, Access::kControl);
  if (!rows) co_return std::move(rows).error();
  co_return Ok();
}

size_t SqliteDatabase::IdleReadConnections() {
  std::lock_guard<std::mutex> lock(pool_mu_);
  return idle_readers_.size();
}

Result<SqliteDatabase::ReaderLease> SqliteDatabase::AcquireReader() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(conn.release(), ReturnToPool{this});
    }
  }
  // Every pooled connection is in use: open another instead of waiting for one.
  Result<std::unique_ptr<Connection>> conn =
      Connection::Open(options_.path, SettingsOf(options_), /*create=*/false);
  if (!conn) return std::move(conn).error();
  return ReaderLease(conn->release(), ReturnToPool{this});
}

void SqliteDatabase::ReturnToPool::operator()(Connection* conn) const {
  db->ReleaseReader(std::unique_ptr<Connection>(conn));
}

void SqliteDatabase::ReleaseReader(std::unique_ptr<Connection> conn) {
  conn->RollbackIfActive();
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (idle_readers_.size() < static_cast<size_t>(options_.read_connections)) {
      idle_readers_.push_back(std::move(conn));
      return;
    }
  }
  conn.reset();  // an extra connection beyond the pool size: close it outside the lock
}

}  // namespace ispcloud::storage
