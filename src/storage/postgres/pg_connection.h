#pragma once
// One libpq connection driven without blocking: every wait for the server is an asynchronous
// wait for socket readiness on the driver's io_context. Keeps a prepared-statement cache keyed
// by SQL text and parameter types, and maps server errors (SQLSTATE) to Error. Internal to the
// PostgreSQL driver; repositories use storage::Tx.
//
// Not thread-safe: used by one coroutine at a time, on the io_context it was connected on.

#include <libpq-fe.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "storage/db.h"
#include "storage/postgres/pg_values.h"

namespace ispcloud::storage::pg {

class PgConnection {
 public:
  // Statements cached per connection; further distinct statements run unprepared.
  static constexpr size_t kMaxCachedStatements = 1024;

  // Connects to `conninfo` (a URL libpq accepts, already checked by PQconninfoParse) on `ctx`.
  // Errors: kUnavailable + kDbUnavailable with libpq's reason (which never holds the password).
  static asio::awaitable<Result<std::unique_ptr<PgConnection>>> Connect(
      asio::io_context& ctx, const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with `params` bound to $1..$n (prepared on first use) and returns its
  // result. Errors are mapped from SQLSTATE (see MakeDbError); a connection failure marks the
  // connection broken.
  asio::awaitable<Result<PgResult>> Run(std::string_view sql, const Params& params);
  // Runs `sql` through the simple protocol (several statements allowed, no parameters) and
  // returns the last statement's result, or the first error.
  asio::awaitable<Result<PgResult>> RunScript(std::string_view sql);

  // True once the connection failed; it must then be dropped.
  bool broken() const { return broken_; }
  // PQTRANS_IDLE, PQTRANS_INTRANS, PQTRANS_INERROR...
  PGTransactionStatusType TxStatus() const { return PQtransactionStatus(conn_); }
  // The server process id serving this connection.
  int BackendPid() const { return PQbackendPID(conn_); }
  // For an idle connection: reads anything the server sent meanwhile (without waiting) and
  // returns false when that shows the connection is gone (e.g. the server terminated it).
  bool CheckIdle();
  size_t CachedStatements() const { return prepared_.size(); }

 private:
  PgConnection(asio::io_context& ctx, PGconn* conn);
  // Sends everything libpq buffered.
  asio::awaitable<Status> Flush();
  // Waits until the socket is readable (read=true) or writable.
  asio::awaitable<Status> WaitSocket(bool read);
  // Reads results until the command completes; returns the last one or the first error.
  asio::awaitable<Result<PgResult>> Collect(std::string_view sql);
  // The error for a failure of libpq itself (send, flush, read); marks the connection broken
  // when libpq reports it bad.
  Error ConnectionError(std::string_view what);

  PGconn* conn_;
  asio::posix::stream_descriptor socket_;  // PQsocket(conn_), owned by libpq (released, not closed)
  bool broken_ = false;
  std::unordered_map<std::string, std::string> prepared_;  // signature + SQL -> statement name
};

}  // namespace ispcloud::storage::pg
