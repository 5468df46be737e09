#include "http/session.h"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

#include "core/log.h"

namespace ispcloud::http {
namespace {

namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Keeps the open-connection gauge right on every exit path.
class ConnectionGauge {
 public:
  explicit ConnectionGauge(HttpMetrics& m) : m_(m) { ++m_.open_connections; }
  ~ConnectionGauge() { --m_.open_connections; }
  ConnectionGauge(const ConnectionGauge&) = delete;
  ConnectionGauge& operator=(const ConnectionGauge&) = delete;

 private:
  HttpMetrics& m_;
};

// Registers the stream as idle for the lifetime of the guard.
class IdleGuard {
 public:
  IdleGuard(std::unordered_set<beast::tcp_stream*>& set, beast::tcp_stream* s) : set_(set), s_(s) {
    set_.insert(s_);
  }
  ~IdleGuard() { set_.erase(s_); }
  IdleGuard(const IdleGuard&) = delete;
  IdleGuard& operator=(const IdleGuard&) = delete;

 private:
  std::unordered_set<beast::tcp_stream*>& set_;
  beast::tcp_stream* s_;
};

asio::ip::address RemoteOf(beast::tcp_stream& stream) {
  beast::error_code ec;
  auto ep = stream.socket().remote_endpoint(ec);
  return ec ? asio::ip::address() : ep.address();
}

// After an early error response (e.g. 413 while the client is still sending), stop sending,
// then read and discard for a short while so the client receives the response instead of a
// connection reset caused by unread data.
asio::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 16 * 1024> sink{};
  size_t discarded = 0;
  stream.expires_after(std::chrono::seconds(2));
  while (discarded < (64u << 20)) {
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
    if (rec) break;
    discarded += n;
  }
  stream.socket().close(ec);
}

Error BodyTooLarge(const ServerOptions& opt) {
  return MakeError(ErrorCode::kPayloadTooLarge,
                   "request body exceeds " + std::to_string(opt.max_body_bytes) + " bytes");
}

asio::awaitable<bool> WriteResponse(beast::tcp_stream& stream, Response& res,
                                    const ServerOptions& options) {
  res.prepare_payload();
  stream.expires_after(options.write_timeout);
  auto [ec, n] = co_await beast_http::async_write(stream, res, kTuple);
  co_return !ec;
}

// Sends an error produced before the request could be dispatched and closes the connection.
// `target` and `error` must outlive the call (the caller awaits it at once).
asio::awaitable<void> FailRequest(beast::tcp_stream& stream, SessionEnv& env,
                                  std::string_view target, const Error& error, bool linger) {
  Response res = env.dispatcher.FrameworkError(target, error, RemoteOf(stream));
  res.keep_alive(false);
  bool written = co_await WriteResponse(stream, res, env.options);
  if (written && linger) {
    co_await LingeringClose(stream);
  } else {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
  }
}

bool IsTimeout(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == asio::error::operation_aborted;
}

// How a failed read ends the connection.
struct ReadFailure {
  bool answer = true;   // send an error response (false: just close)
  bool linger = false;  // drain the socket after answering (client may still be sending)
  Error error;
};

enum class Phase { kHeader, kBody };

// Classifies a read error. `got_some`: part of a request had arrived.
ReadFailure ClassifyReadError(const beast::error_code& ec, Phase phase, bool got_some,
                              bool draining, const ServerOptions& opt) {
  if (ec == beast_http::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::connection_reset) {
    return {false, false, {}};
  }
  const char* part = phase == Phase::kHeader ? "header" : "body";
  if (IsTimeout(ec)) {
    // An idle keep-alive connection timing out (or closed by a drain) is no error.
    bool answer = phase == Phase::kBody || (got_some && !draining);
    return {answer, false,
            MakeError(ErrorCode::kInvalidArgument,
                      std::string("request ") + part + " not received in time")};
  }
  if (ec == beast_http::error::header_limit) {
    return {true, true,
            MakeError(ErrorCode::kHeaderTooLarge,
                      "request header exceeds " + std::to_string(opt.max_header_bytes) + " bytes")};
  }
  if (ec == beast_http::error::body_limit) return {true, true, BodyTooLarge(opt)};
  return {true, false,
          MakeError(ErrorCode::kInvalidArgument,
                    std::string("malformed HTTP request ") + part + ": " + ec.message())};
}

}  // namespace

asio::awaitable<void> RunSession(tcp::socket socket, SessionEnv& env) {
  ConnectionGauge gauge(env.metrics);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  const ServerOptions& opt = env.options;
  bool first = true;
  std::optional<ReadFailure> failure;
  std::string target;
  const asio::ip::address remote = RemoteOf(stream);  // one getpeername per connection
  try {
    for (;;) {
      beast_http::request_parser<beast_http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(opt.max_header_bytes));
      parser.body_limit(static_cast<uint64_t>(opt.max_body_bytes));

      if (env.draining) break;
      beast::error_code ec;
      {
        IdleGuard idle(env.idle, &stream);
        stream.expires_after(first ? opt.header_timeout : opt.idle_timeout);
        auto [rec, n] = co_await beast_http::async_read_header(stream, buffer, parser, kTuple);
        ec = rec;
      }
      first = false;
      // The start line may be parsed even when the header failed (e.g. body_limit on
      // Content-Length): the target then still selects the error format.
      target = std::string(parser.get().target());
      if (ec) {
        failure = ClassifyReadError(ec, Phase::kHeader, parser.got_some(), env.draining, opt);
        break;
      }
      if (auto len = parser.content_length();
          len && *len > static_cast<uint64_t>(opt.max_body_bytes)) {
        failure = ReadFailure{true, true, BodyTooLarge(opt)};
        break;
      }
      if (!parser.is_done()) {
        if (beast::iequals(parser.get()[beast_http::field::expect], "100-continue")) {
          beast_http::response<beast_http::empty_body> cont{beast_http::status::continue_, 11};
          stream.expires_after(opt.write_timeout);
          auto [wec, wn] = co_await beast_http::async_write(stream, cont, kTuple);
          if (wec) break;
        }
        stream.expires_after(opt.body_timeout);
        auto [rec, n] = co_await beast_http::async_read(stream, buffer, parser, kTuple);
        if (rec) {
          failure = ClassifyReadError(rec, Phase::kBody, true, env.draining, opt);
          break;
        }
      }

      Request request = parser.release();
      stream.expires_never();
      Response res = co_await env.dispatcher.Handle(request, remote);
      const bool keep_alive = request.keep_alive() && !env.draining;
      res.keep_alive(keep_alive);
      if (!co_await WriteResponse(stream, res, opt)) break;
      if (!keep_alive) break;
    }
    if (failure && failure->answer) {
      co_await FailRequest(stream, env, target, failure->error, failure->linger);
    }
  } catch (const std::exception& e) {
    LogError("session_exception", {{"what", e.what()}});
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
}

asio::awaitable<void> RejectOverloaded(tcp::socket socket, SessionEnv& env) {
  try {
    beast::tcp_stream stream(std::move(socket));
    asio::ip::address remote = RemoteOf(stream);
    Response res = env.dispatcher.FrameworkError(
        "/", MakeError(ErrorCode::kUnavailable, "too many open connections; retry shortly"),
        remote);
    res.set(beast_http::field::retry_after, "1");
    res.keep_alive(false);
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(2));
    co_await beast_http::async_write(stream, res, kTuple);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
  } catch (const std::exception& e) {
    LogError("session_exception", {{"what", e.what()}});
  }
}

}  // namespace ispcloud::http
