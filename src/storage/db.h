#pragma once
// The database seam. Repositories talk only to Database and Tx, in SQL from the common subset
// of SQLite and PostgreSQL with $1..$n placeholders, so a PostgreSQL driver can implement the
// same interface without repository changes. All calls are coroutines: the SQLite driver
// completes them synchronously (writes on its single writer thread), a PostgreSQL driver can
// suspend on the socket without blocking a thread.
//
// Rule for transaction bodies: do database work only. Do not await network I/O or timers inside
// a body; on SQLite the body runs on the writer thread and would stall every other writer.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/histogram.h"
#include "core/result.h"

namespace ispcloud::storage {

namespace asio = boost::asio;

using Blob = std::vector<uint8_t>;
struct Null {
  bool operator==(const Null&) const = default;
};
// A column or parameter value. Integers are 64-bit; text is UTF-8.
using Value = std::variant<Null, int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

// Builds Params from values. Build them into a named local before awaiting:
//   Params params = MakeParams(id, int64_t{n});
//   auto rows = co_await tx.Query(kSql, std::move(params));
// GCC 12 rejects braced lists inside a co_await expression and miscompiles some temporaries
// that live across one (see docs/architecture.md, "GCC 12 coroutine pitfalls").
template <typename... V>
Params MakeParams(V&&... values) {
  Params out;
  out.reserve(sizeof...(V));
  (out.emplace_back(std::forward<V>(values)), ...);
  return out;
}

// One result row; columns by position, in SELECT order. The typed accessors throw
// std::out_of_range for a bad index and std::logic_error when the column holds another type.
struct Row {
  std::vector<Value> values;

  bool IsNull(size_t i) const { return std::holds_alternative<Null>(values.at(i)); }
  // Integer column (a NULL reads as `fallback`).
  int64_t Int(size_t i, int64_t fallback = 0) const;
  // Text column (a NULL reads as "").
  const std::string& Text(size_t i) const;
  // Real column; an INTEGER is widened to double (a NULL reads as 0.0).
  double Real(size_t i) const;
  // Blob column (a NULL reads as an empty blob).
  const Blob& Bytes(size_t i) const;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

// Machine codes set in Error::api_code by drivers, so repositories can translate them.
inline constexpr std::string_view kDbUniqueViolation = "DB_UNIQUE_VIOLATION";
inline constexpr std::string_view kDbForeignKeyViolation = "DB_FOREIGN_KEY_VIOLATION";
inline constexpr std::string_view kDbConstraintViolation = "DB_CONSTRAINT_VIOLATION";
inline constexpr std::string_view kDbBusy = "DB_BUSY";
inline constexpr std::string_view kDbReadOnly = "DB_READ_ONLY";
inline constexpr std::string_view kDbFull = "DB_FULL";
// The database server cannot be reached or dropped the connection (PostgreSQL).
inline constexpr std::string_view kDbUnavailable = "DB_UNAVAILABLE";
// The storage under the database failed (an I/O error other than a full or read-only disk).
inline constexpr std::string_view kDbIoError = "DB_IO_ERROR";

// A failure a driver has classified; MakeDbError turns it into the Error every driver returns.
enum class DbFailure {
  kUniqueViolation,      // kConflict + kDbUniqueViolation
  kForeignKeyViolation,  // kConflict + kDbForeignKeyViolation
  kConstraintViolation,  // kConflict + kDbConstraintViolation (CHECK, NOT NULL, trigger...)
  kBusy,                 // kUnavailable + kDbBusy (locked, serialization failure, deadlock)
  kReadOnly,             // kUnavailable + kDbReadOnly
  kFull,                 // kUnavailable + kDbFull
  kUnreachable,          // kUnavailable + kDbUnavailable
  kIoError,              // kUnavailable + kDbIoError
  kOther,                // kInternal
};

// The Error for `failure`; `message` is for logs (it may quote SQL) and never reaches clients
// for kInternal/kUnavailable.
Error MakeDbError(DbFailure failure, std::string message);

// An open transaction. Valid only inside the body it is passed to.
// Statement rules (breaking one is a bug, reported as kInternal naming the SQL): one statement per
// Query/Exec call; placeholders $1..$n only, as many params as placeholders; no BEGIN, COMMIT or
// ROLLBACK (Database owns transaction control; SAVEPOINT is fine); nothing that writes inside Read.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs one statement with parameters bound to $1..$n; returns the rows it produced.
  // Errors: constraint violations as kConflict with a kDb* api_code; others kInternal/kUnavailable.
  virtual asio::awaitable<Result<Rows>> Query(std::string_view sql, Params params = {}) = 0;
  // Runs one statement; returns the number of rows inserted, updated or deleted.
  virtual asio::awaitable<Result<int64_t>> Exec(std::string_view sql, Params params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual asio::awaitable<Status> ExecScript(std::string_view sql) = 0;
};

using TxBody = std::function<asio::awaitable<Status>(Tx&)>;

// Counters and timings exported on /metrics. A transaction counts once, however many times its
// body ran (its duration covers every attempt). *_tx_errors counts transactions in which the
// database failed (a statement, BEGIN or COMMIT; the last attempt's) or the body threw; a body
// returning its own business error (e.g. kNotFound) is not counted. write_tx_retries counts the
// extra runs of write bodies after a serialization failure or deadlock (PostgreSQL; 0 on SQLite).
struct DbMetrics {
  Histogram read_tx_seconds;
  Histogram write_tx_seconds;
  std::atomic<uint64_t> read_tx_errors{0};
  std::atomic<uint64_t> write_tx_errors{0};
  std::atomic<uint64_t> write_tx_retries{0};
};

class Database {
 public:
  virtual ~Database() = default;
  // Runs `body` in a read-write transaction. Commits when the body returns Ok, rolls back when
  // it returns an error or throws (the exception then propagates). Returns the body's error, or
  // the commit's. Writers are serialized: every write transaction behaves as if it ran alone
  // (SQLite runs them one at a time; PostgreSQL runs them concurrently at SERIALIZABLE and,
  // when the server detects a conflict, rolls back and runs the body again, a bounded number of
  // times, before answering kUnavailable + kDbBusy). So a body may run more than once: it must
  // not have effects outside the transaction other than assigning its results (no appending to
  // captured containers without clearing them first, no moving out of captured inputs, no
  // network I/O, notifications or success logs; do those after Write returns). An acknowledged
  // commit is durable per the driver's settings.
  virtual asio::awaitable<Status> Write(TxBody body) = 0;
  // Runs `body` in a read-only transaction that sees one consistent snapshot.
  virtual asio::awaitable<Status> Read(TxBody body) = 0;
  // Ok when the database answers a trivial query.
  virtual asio::awaitable<Status> Ping() = 0;
  // "sqlite" or "postgres": selects the migration set.
  virtual std::string_view Dialect() const = 0;
  // True when write transactions run at the same time, also those of other instances sharing
  // the database (PostgreSQL); a query that picks work rows to claim must then lock them with
  // `FOR UPDATE ... SKIP LOCKED` so that concurrent claimers take disjoint rows. False when
  // writers never overlap (SQLite).
  virtual bool WritersOverlap() const = 0;
  virtual DbMetrics& Metrics() = 0;
  // Appends the driver's own gauges (PostgreSQL: its connection pool) to /metrics text in the
  // Prometheus format; nothing by default. Safe from any thread.
  virtual void RenderDriverMetrics(std::string& out) const { (void)out; }
};

}  // namespace ispcloud::storage
