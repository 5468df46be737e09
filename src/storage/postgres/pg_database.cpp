#include "storage/postgres/pg_database.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <exception>
#include <optional>

#include "storage/postgres/pg_connect_plan.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_pool.h"
#include "storage/postgres/pg_values.h"

namespace ispcloud::storage {

namespace {

using pg::PgConnection;

constexpr int kMaxPoolSize = 1024;
constexpr std::string_view kBeginWrite = "BEGIN ISOLATION LEVEL SERIALIZABLE";
constexpr std::string_view kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// The Tx handed to bodies: forwards to the connection, counts the results the body has seen
// (a Read is retried only before the first) and remembers whether a statement failed.
class PgTx final : public Tx {
 public:
  explicit PgTx(PgConnection& conn) : conn_(conn) {}

  asio::awaitable<Result<Rows>> Query(std::string_view sql, Params params) override {
    Result<pg::PgResult> res = co_await conn_.Run(sql, params);
    if (!res) co_return Fail(std::move(res).error());
    if (Status s = CheckStillInTransaction(sql); !s) co_return std::move(s).error();
    Result<Rows> rows = pg::ReadRows(res->get());
    if (!rows) co_return Fail(std::move(rows).error());
    ++results_;
    co_return rows;
  }
  asio::awaitable<Result<int64_t>> Exec(std::string_view sql, Params params) override {
    Result<pg::PgResult> res = co_await conn_.Run(sql, params);
    if (!res) co_return Fail(std::move(res).error());
    if (Status s = CheckStillInTransaction(sql); !s) co_return std::move(s).error();
    ++results_;
    co_return pg::AffectedRows(res->get());
  }
  asio::awaitable<Status> ExecScript(std::string_view sql) override {
    Result<pg::PgResult> res = co_await conn_.RunScript(sql);
    if (!res) co_return Fail(std::move(res).error());
    if (Status s = CheckStillInTransaction(sql); !s) co_return s;
    ++results_;
    co_return Ok();
  }
  bool failed() const { return failed_; }
  // A statement failed with a serialization failure or deadlock (kDbBusy): the first such error.
  const std::optional<Error>& busy() const { return busy_; }
  int results() const { return results_; }

 private:
  Error Fail(Error e) {
    failed_ = true;
    if (e.api_code == kDbBusy && !busy_) busy_ = e;
    return e;
  }
  // The driver owns BEGIN/COMMIT/ROLLBACK: a statement that ended the transaction is a bug.
  Status CheckStillInTransaction(std::string_view sql) {
    if (conn_.TxStatus() != PQTRANS_IDLE) return Ok();
    return Fail(MakeError(ErrorCode::kInternal,
                          "postgres: statement ended the transaction (transaction control "
                          "belongs to the driver): " +
                              std::string(sql)));
  }

  PgConnection& conn_;
  bool failed_ = false;
  std::optional<Error> busy_;
  int results_ = 0;
};

asio::awaitable<void> RollbackIfOpen(PgConnection& conn) {
  if (conn.broken() || conn.TxStatus() == PQTRANS_IDLE) co_return;
  // A failed ROLLBACK leaves the connection broken or inside the transaction: the pool drops it.
  Result<pg::PgResult> ignored = co_await conn.RunScript("ROLLBACK");
  (void)ignored;
}

Status ValidateOptions(const PgOptions& options) {
  if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
    return MakeError(ErrorCode::kInvalidArgument, "PostgreSQL pool size must be between 1 and " +
                                                      std::to_string(kMaxPoolSize) + ", got " +
                                                      std::to_string(options.pool_size));
  }
  Result<pg::PgConnectPlan> plan = pg::PlanConnect(options.conninfo);
  if (!plan) return std::move(plan).error();
  return Ok();
}

}  // namespace

// What one attempt of a transaction left behind, beyond its Status.
struct PgDatabase::Attempt {
  bool failed = false;     // counts in *_tx_errors
  bool retryable = false;  // the connection broke before the body saw anything
  bool busy = false;       // a serialization failure or deadlock: a write may run again
  std::exception_ptr thrown;
};

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const PgOptions& options) {
  if (Status s = ValidateOptions(options); !s) return std::move(s).error();
  std::unique_ptr<PgDatabase> db(new PgDatabase(options));
  std::future<Status> warm = asio::co_spawn(db->ctx_, db->Warm(), asio::use_future);
  Status ready = warm.get();
  if (!ready) return std::move(ready).error();
  return db;
}

PgDatabase::PgDatabase(const PgOptions& options)
    : work_(asio::make_work_guard(ctx_)),
      pool_(std::make_unique<pg::PgPool>(ctx_, options.conninfo, options.pool_size)) {
  thread_ = std::thread([this] { ctx_.run(); });
}

PgDatabase::~PgDatabase() {
  work_.reset();  // run() returns once nothing is pending
  if (thread_.joinable()) thread_.join();
  pool_.reset();  // closes the idle connections while the io_context still exists
}

PgPoolStats PgDatabase::PoolStats() const {
  return PgPoolStats{pool_->size(),     pool_->OpenConnections(), pool_->InUse(),
                     pool_->PeakOpen(), pool_->Waiting(),         pool_->Dropped()};
}

void PgDatabase::RenderDriverMetrics(std::string& out) const {
  const PgPoolStats s = PoolStats();
  auto gauge = [&out](std::string_view name, std::string_view help, std::string_view labels,
                      uint64_t value) {
    out += "# HELP " + std::string(name) + " " + std::string(help) + "\n";
    out += "# TYPE " + std::string(name) + (name.ends_with("_total") ? " counter\n" : " gauge\n");
    out += std::string(name) + std::string(labels) + " " + std::to_string(value) + "\n";
  };
  gauge("ispcloud_db_pool_size", "Most PostgreSQL connections this process opens.", "",
        static_cast<uint64_t>(s.size));
  gauge("ispcloud_db_pool_connections", "PostgreSQL connections open now.", "{state=\"open\"}",
        static_cast<uint64_t>(s.open));
  out += "ispcloud_db_pool_connections{state=\"in_use\"} " + std::to_string(s.in_use) + "\n";
  gauge("ispcloud_db_pool_peak_open", "Most PostgreSQL connections open at once so far.", "",
        static_cast<uint64_t>(s.peak_open));
  gauge("ispcloud_db_pool_waiting", "Transactions waiting for a free pooled connection.", "",
        static_cast<uint64_t>(s.waiting));
  gauge("ispcloud_db_pool_dropped_total", "Broken PostgreSQL connections dropped from the pool.",
        "", s.dropped);
}

asio::awaitable<Status> PgDatabase::Write(TxBody body) {
  co_return co_await asio::co_spawn(ctx_, RunTx(std::move(body), Kind::kWrite),
                                    asio::use_awaitable);
}

asio::awaitable<Status> PgDatabase::Read(TxBody body) {
  co_return co_await asio::co_spawn(ctx_, RunTx(std::move(body), Kind::kRead), asio::use_awaitable);
}

asio::awaitable<Status> PgDatabase::Ping() {
  co_return co_await asio::co_spawn(ctx_, RunPing(), asio::use_awaitable);
}

asio::awaitable<Status> PgDatabase::Warm() {
  Result<pg::PgLease> lease = co_await pool_->Acquire();
  if (!lease) co_return std::move(lease).error();
  co_return Ok();  // the lease returns the connection to the pool, idle
}

asio::awaitable<Status> PgDatabase::RunPing() {
  Result<pg::PgLease> lease = co_await pool_->Acquire();
  if (!lease) co_return std::move(lease).error();
  Result<pg::PgResult> res = co_await (*lease)->RunScript("SELECT 1");
  if (!res) co_return std::move(res).error();
  co_return Ok();
}

asio::awaitable<Status> PgDatabase::RunTx(TxBody body, Kind kind) {
  const auto start = std::chrono::steady_clock::now();
  Status result;
  Attempt last;
  bool fresh = false;
  bool alone = false;  // a write run again holds the write gate alone
  for (int attempt = 1;; ++attempt) {
    last = Attempt{};
    if (kind == Kind::kWrite) {
      co_await write_gate_.Enter(alone);
      pg::PgGatePass pass(write_gate_, alone);
      result = co_await RunOnce(body, kind, fresh, last);
    } else {
      result = co_await RunOnce(body, kind, fresh, last);
    }
    if (last.thrown != nullptr) break;
    if (last.retryable && !fresh) {
      fresh = true;  // once, on a fresh connection
      continue;
    }
    if (kind != Kind::kWrite || !last.busy || attempt >= kMaxWriteAttempts) break;
    metrics_.write_tx_retries.fetch_add(1, std::memory_order_relaxed);
    alone = true;
    co_await Backoff(attempt);
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  Histogram& seconds = kind == Kind::kRead ? metrics_.read_tx_seconds : metrics_.write_tx_seconds;
  seconds.Observe(took.count());
  if (last.failed) {
    std::atomic<uint64_t>& errors =
        kind == Kind::kRead ? metrics_.read_tx_errors : metrics_.write_tx_errors;
    errors.fetch_add(1, std::memory_order_relaxed);
  }
  if (last.thrown != nullptr) std::rethrow_exception(last.thrown);
  co_return result;
}

asio::awaitable<void> PgDatabase::Backoff(int attempt) {
  // Full jitter over a window doubling per attempt (2, 4, 8 ... ms, at most kMaxBackoff), so
  // transactions that collided do not collide again in lock step.
  const auto window =
      std::min(kFirstBackoff * (int64_t{1} << std::min(attempt - 1, 16)), kMaxBackoff);
  std::uniform_int_distribution<int64_t> pick(window.count() / 8, window.count());
  asio::steady_timer timer(ctx_, std::chrono::microseconds(pick(jitter_)));
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<Status> PgDatabase::RunOnce(TxBody& body, Kind kind, bool fresh, Attempt& attempt) {
  Result<pg::PgLease> lease = co_await pool_->Acquire(fresh);
  if (!lease) {
    attempt.failed = true;
    co_return std::move(lease).error();
  }
  PgConnection& conn = **lease;
  const std::string_view begin = kind == Kind::kRead ? kBeginRead : kBeginWrite;
  Result<pg::PgResult> begun = co_await conn.RunScript(begin);
  if (!begun) {
    attempt.failed = true;
    attempt.retryable = conn.broken();  // nothing ran yet: safe for writes too
    co_return std::move(begun).error();
  }
  PgTx tx(conn);
  Status result;
  try {
    result = co_await body(tx);
  } catch (...) {
    attempt.thrown = std::current_exception();
  }
  attempt.failed = tx.failed() || attempt.thrown != nullptr;
  // A serialization failure seen by any statement aborted the transaction, whatever the body
  // made of it; the body may also return the driver's error unchanged.
  attempt.busy = tx.busy() || (!result.ok() && result.error().api_code == kDbBusy);
  if (attempt.thrown != nullptr || !result.ok()) {
    attempt.retryable = kind == Kind::kRead && conn.broken() && tx.results() == 0;
    co_await RollbackIfOpen(conn);
    // A body that turned the conflict into an error of its own still answers busy.
    if (attempt.thrown == nullptr && tx.busy()) co_return *tx.busy();
    co_return result;
  }
  if (conn.TxStatus() == PQTRANS_INERROR) {
    // The body went on after a failed statement; PostgreSQL has aborted the transaction.
    attempt.failed = true;
    co_await RollbackIfOpen(conn);
    if (tx.busy()) co_return *tx.busy();
    co_return MakeError(ErrorCode::kInternal,
                        "postgres: the transaction was aborted by an earlier failed statement; "
                        "nothing was committed");
  }
  Result<pg::PgResult> committed = co_await conn.RunScript("COMMIT");
  if (!committed) {
    attempt.failed = true;
    Error e = std::move(committed).error();
    attempt.busy = e.api_code == kDbBusy;  // SERIALIZABLE may refuse the commit itself
    if (conn.broken()) {
      e.message +=
          " (the connection was lost during COMMIT: the transaction may or may not "
          "have been committed)";
    }
    co_await RollbackIfOpen(conn);
    co_return e;
  }
  co_return Ok();
}

}  // namespace ispcloud::storage
