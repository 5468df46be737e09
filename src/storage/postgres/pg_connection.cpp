#include "storage/postgres/pg_connection.h"

#include <poll.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "core/log.h"
#include "storage/postgres/pg_connect_plan.h"

namespace ispcloud::storage::pg {

namespace {

// How much of a statement an error message quotes.
constexpr size_t kMaxQuotedSql = 300;

using Descriptor = asio::posix::stream_descriptor;

// Releases (never closes) the descriptor's socket, which libpq owns, when the scope ends.
struct ReleaseOnExit {
  Descriptor& descriptor;
  ~ReleaseOnExit() {
    if (descriptor.is_open()) descriptor.release();
  }
};

// True when `fd` is ready for `events` (or has an error or hang-up pending) right now.
bool ReadyNow(int fd, short events) {
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, 0) > 0;
}

// Waits for `fd` to become readable or writable. Readiness is checked first with poll(), so a
// state reached before the wait was queued is never missed.
asio::awaitable<Status> WaitReady(Descriptor& descriptor, int fd, bool read) {
  if (ReadyNow(fd, read ? POLLIN : POLLOUT)) co_return Ok();
  boost::system::error_code ec;
  const Descriptor::wait_type type = read ? Descriptor::wait_read : Descriptor::wait_write;
  co_await descriptor.async_wait(type, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    co_return MakeDbError(DbFailure::kUnreachable,
                          "postgres: waiting for the database server failed: " + ec.message());
  }
  co_return Ok();
}

std::string TrimmedErrorMessage(const PGconn* conn) {
  std::string text = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// SQLSTATE classes and codes the driver distinguishes (PostgreSQL appendix A).
DbFailure ClassifySqlstate(std::string_view state) {
  if (state == "23505") return DbFailure::kUniqueViolation;
  if (state == "23503") return DbFailure::kForeignKeyViolation;
  if (state.starts_with("23")) return DbFailure::kConstraintViolation;
  if (state == "25006") return DbFailure::kReadOnly;
  if (state == "53100") return DbFailure::kFull;
  if (state == "40001" || state == "40P01" || state == "55P03") return DbFailure::kBusy;
  // 08: connection exception; 57P01-57P03: administrator shutdown or terminate, crash
  // shutdown, cannot connect now.
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
    return DbFailure::kUnreachable;
  }
  return DbFailure::kOther;
}

// Server notices and warnings (e.g. "relation already exists, skipping") go to the JSON log at
// debug level instead of libpq's default, a raw line on stderr.
void LogNotice(void* /*arg*/, const PGresult* res) {
  if (!LogEnabled(LogLevel::kDebug)) return;
  const char* severity = PQresultErrorField(res, PG_DIAG_SEVERITY);
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  Log(LogLevel::kDebug, "postgres_notice",
      {{"severity", severity != nullptr ? severity : ""},
       {"message", primary != nullptr ? primary : ""}});
}

std::string QuoteSql(std::string_view sql) {
  if (sql.size() <= kMaxQuotedSql) return std::string(sql);
  return std::string(sql.substr(0, kMaxQuotedSql)) + "...";
}

}  // namespace

namespace {

// Connects to one host of `conninfo` (`target` overrides the URL's host lists); waits at most
// `timeout` (zero: no limit) for the whole handshake. Returns the open connection (blocking
// mode still on) or the reason it failed.
asio::awaitable<Result<PGconn*>> ConnectToHost(asio::io_context& ctx, const std::string& conninfo,
                                               const PgHostTarget& target,
                                               std::chrono::seconds timeout) {
  // The URL is expanded as "dbname"; the later keywords override what it says. Empty values
  // are left out (libpq would read them as "use the default").
  std::vector<const char*> keywords = {"dbname", "fallback_application_name", "client_encoding"};
  std::vector<const char*> values = {conninfo.c_str(), "ispcloud", "UTF8"};
  auto add = [&](const char* keyword, const std::string& value) {
    if (value.empty()) return;
    keywords.push_back(keyword);
    values.push_back(value.c_str());
  };
  add("host", target.host);
  add("hostaddr", target.hostaddr);
  add("port", target.port);
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectStartParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  auto failed = [&conn](std::string reason) -> Error {
    PQfinish(conn);
    return MakeDbError(DbFailure::kUnreachable, std::move(reason));
  };
  if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) {
    co_return failed(TrimmedErrorMessage(conn));
  }
  PQsetNoticeReceiver(conn, LogNotice, nullptr);
  // A timer cancels the wait in progress when the deadline passes. Its handler may run after
  // this coroutine has finished (expired just as the attempt ended), so it touches only state
  // it co-owns, and `waiting` is set only while a wait is in progress.
  struct Watch {
    bool timed_out = false;
    Descriptor* waiting = nullptr;
  };
  auto watch = std::make_shared<Watch>();
  asio::steady_timer deadline(ctx);
  if (timeout.count() > 0) {
    deadline.expires_after(timeout);
    deadline.async_wait([watch](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled: the attempt ended first
      watch->timed_out = true;
      if (watch->waiting != nullptr) watch->waiting->cancel();
    });
  }
  // libpq may move to another socket while connecting (SSL refused, another address of the
  // host), so each wait registers the current one afresh.
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) co_return failed(TrimmedErrorMessage(conn));
    const int fd = PQsocket(conn);
    Descriptor descriptor(ctx);
    boost::system::error_code ec;
    descriptor.assign(fd, ec);
    if (ec) co_return failed(TrimmedErrorMessage(conn));
    ReleaseOnExit release{descriptor};
    Status ready = Ok();
    if (!watch->timed_out) {
      watch->waiting = &descriptor;
      ready = co_await WaitReady(descriptor, fd, state == PGRES_POLLING_READING);
      watch->waiting = nullptr;
    }
    if (watch->timed_out) {
      co_return failed("no answer within " + std::to_string(timeout.count()) +
                       " s (connect_timeout)");
    }
    if (!ready) co_return failed(TrimmedErrorMessage(conn));
    state = PQconnectPoll(conn);
  }
  deadline.cancel();
  co_return conn;
}

}  // namespace

asio::awaitable<Result<std::unique_ptr<PgConnection>>> PgConnection::Connect(
    asio::io_context& ctx, const std::string& conninfo) {
  Result<PgConnectPlan> plan = PlanConnect(conninfo);
  if (!plan) co_return std::move(plan).error();
  std::string reasons;
  for (const PgHostTarget& target : plan->targets) {
    Result<PGconn*> conn = co_await ConnectToHost(ctx, conninfo, target, plan->timeout);
    if (conn) {
      if (PQsetnonblocking(*conn, 1) != 0) {
        Error e = MakeDbError(DbFailure::kUnreachable,
                              "postgres: cannot connect to the database: " +
                                  TrimmedErrorMessage(*conn));
        PQfinish(*conn);
        co_return e;
      }
      co_return std::unique_ptr<PgConnection>(new PgConnection(ctx, *conn));
    }
    if (!reasons.empty()) reasons += "; ";
    if (plan->targets.size() > 1) {
      reasons += (target.host.empty() ? target.hostaddr : target.host) + ":" + target.port + ": ";
    }
    reasons += conn.error().message;
  }
  co_return MakeDbError(DbFailure::kUnreachable,
                        "postgres: cannot connect to the database: " + reasons);
}

PgConnection::PgConnection(asio::io_context& ctx, PGconn* conn) : conn_(conn), socket_(ctx) {
  boost::system::error_code ec;
  socket_.assign(PQsocket(conn_), ec);
  if (ec) broken_ = true;
}

PgConnection::~PgConnection() {
  if (socket_.is_open()) socket_.release();
  PQfinish(conn_);
}

Error PgConnection::ConnectionError(std::string_view what) {
  broken_ = true;  // the protocol state is unknown after a failure of libpq itself
  return MakeDbError(DbFailure::kUnreachable, "postgres: connection to the database lost while " +
                                                  std::string(what) + ": " +
                                                  TrimmedErrorMessage(conn_));
}

bool PgConnection::CheckIdle() {
  if (broken_) return false;
  if (!ReadyNow(PQsocket(conn_), POLLIN)) return true;
  if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
  return !broken_;
}

asio::awaitable<Status> PgConnection::WaitSocket(bool read) {
  Status ready = co_await WaitReady(socket_, PQsocket(conn_), read);
  if (!ready) broken_ = true;
  co_return ready;
}

asio::awaitable<Status> PgConnection::Flush() {
  for (;;) {
    const int pending = PQflush(conn_);
    if (pending == 0) co_return Ok();
    if (pending < 0) co_return ConnectionError("sending to the server");
    if (Status w = co_await WaitSocket(/*read=*/false); !w) co_return w;
    // libpq asks to read whatever the server sent meanwhile, so that neither side stalls.
    if (PQconsumeInput(conn_) == 0) co_return ConnectionError("reading from the server");
  }
}

asio::awaitable<Result<PgResult>> PgConnection::Collect(std::string_view sql) {
  PgResult last;
  std::optional<Error> error;
  for (;;) {
    while (PQisBusy(conn_) != 0) {
      if (Status w = co_await WaitSocket(/*read=*/true); !w) co_return std::move(w).error();
      if (PQconsumeInput(conn_) == 0) co_return ConnectionError("reading from the server");
    }
    PgResult res(PQgetResult(conn_));
    if (res == nullptr) break;
    switch (PQresultStatus(res.get())) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        last = std::move(res);
        break;
      case PGRES_COPY_IN:
      case PGRES_COPY_OUT:
      case PGRES_COPY_BOTH:
        broken_ = true;  // the protocol now expects COPY data, which the driver never sends
        co_return MakeError(ErrorCode::kInternal,
                            "postgres: COPY is not supported, in: " + QuoteSql(sql));
      default: {
        if (error) break;  // keep the first error of a script
        const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
        const char* primary = PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY);
        std::string_view code = state != nullptr ? state : "";
        DbFailure failure = ClassifySqlstate(code);
        if (code.empty() && PQstatus(conn_) == CONNECTION_BAD) failure = DbFailure::kUnreachable;
        if (failure == DbFailure::kUnreachable) broken_ = true;
        std::string text = primary != nullptr ? primary : TrimmedErrorMessage(conn_);
        error = MakeDbError(failure, "postgres: " + text + " (SQLSTATE " + std::string(code) +
                                         ") in: " + QuoteSql(sql));
        break;
      }
    }
  }
  if (error) co_return std::move(*error);
  if (last == nullptr) {
    co_return MakeError(ErrorCode::kInternal, "postgres: no result for: " + QuoteSql(sql));
  }
  co_return std::move(last);
}

asio::awaitable<Result<PgResult>> PgConnection::Run(std::string_view sql, const Params& params) {
  if (broken_) co_return ConnectionError("running a statement");
  PgParams wire(params);
  const std::string text(sql);
  std::string key = wire.signature();
  key += '\x1f';
  key += text;
  auto it = prepared_.find(key);
  if (it == prepared_.end() && prepared_.size() < kMaxCachedStatements) {
    std::string name = "ispcloud_" + std::to_string(prepared_.size() + 1);
    if (PQsendPrepare(conn_, name.c_str(), text.c_str(), wire.size(), wire.types()) == 0) {
      co_return ConnectionError("sending a statement");
    }
    if (Status f = co_await Flush(); !f) co_return std::move(f).error();
    Result<PgResult> prepared = co_await Collect(sql);
    if (!prepared) co_return std::move(prepared).error();
    it = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  int sent = 0;
  if (it != prepared_.end()) {
    sent = PQsendQueryPrepared(conn_, it->second.c_str(), wire.size(), wire.values(),
                               wire.lengths(), wire.formats(), /*resultFormat=*/0);
  } else {
    sent = PQsendQueryParams(conn_, text.c_str(), wire.size(), wire.types(), wire.values(),
                             wire.lengths(), wire.formats(), /*resultFormat=*/0);
  }
  if (sent == 0) co_return ConnectionError("sending a statement");
  if (Status f = co_await Flush(); !f) co_return std::move(f).error();
  co_return co_await Collect(sql);
}

asio::awaitable<Result<PgResult>> PgConnection::RunScript(std::string_view sql) {
  if (broken_) co_return ConnectionError("running a statement");
  const std::string text(sql);
  if (PQsendQuery(conn_, text.c_str()) == 0) co_return ConnectionError("sending a statement");
  if (Status f = co_await Flush(); !f) co_return std::move(f).error();
  co_return co_await Collect(sql);
}

}  // namespace ispcloud::storage::pg
