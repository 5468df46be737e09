#include "storage/sqlite/sqlite_database.h"

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <system_error>

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

sqlite::ConnectionSettings SettingsOf(const SqliteOptions& options) {
  return sqlite::ConnectionSettings{options.synchronous, options.busy_timeout_ms};
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

asio::awaitable<Status> SqliteDatabase::RunWrite(TxBody body) {
  co_await AcquireWriteTurn();
  struct TurnGuard {
    SqliteDatabase* db;
    ~TurnGuard() { db->ReleaseWriteTurn(); }
  } guard{this};
  co_return co_await RunTx(*writer_, Access::kWriteTx, "BEGIN IMMEDIATE", body,
                           metrics_.write_tx_seconds, metrics_.write_tx_errors);
}

asio::awaitable<void> SqliteDatabase::AcquireWriteTurn() {
  if (!write_busy_) {
    write_busy_ = true;
    co_return;
  }
  // Another write transaction is suspended inside its body: queue behind it.
  asio::steady_timer turn(writer_ctx_, asio::steady_timer::time_point::max());
  write_waiters_.push_back(&turn);
  boost::system::error_code ignored;
  co_await turn.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  // ReleaseWriteTurn handed the turn over: write_busy_ stayed true.
}

void SqliteDatabase::ReleaseWriteTurn() {
  if (write_waiters_.empty()) {
    write_busy_ = false;
    return;
  }
  asio::steady_timer* next = write_waiters_.front();
  write_waiters_.pop_front();
  next->cancel();
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
