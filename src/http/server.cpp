#include "http/server.h"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.h"
#include "http/session.h"

namespace ispcloud::http {

namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct Server::Worker {
  asio::io_context ctx{1};
  tcp::acceptor acceptor{ctx};
  std::unordered_set<beast::tcp_stream*> idle;
  std::unique_ptr<SessionEnv> env;
  std::thread thread;
};

struct Server::Control {
  asio::io_context ctx{1};
  asio::steady_timer drain_deadline{ctx};
};

namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

namespace {

Result<asio::ip::address> ResolveHost(const std::string& host) {
  beast::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (!ec) return addr;
  asio::io_context ctx;
  tcp::resolver resolver(ctx);
  auto results = resolver.resolve(host, "0", ec);
  if (ec || results.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "cannot resolve listen host '" + host + "'");
  }
  return results.begin()->endpoint().address();
}

Status OpenReusePort(tcp::acceptor& acceptor, const tcp::endpoint& ep) {
  beast::error_code ec;
  acceptor.open(ep.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) {
    int one = 1;
    if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
      ec = beast::error_code(errno, boost::system::system_category());
    }
  }
  if (!ec) acceptor.bind(ep, ec);
  if (!ec) acceptor.listen(1024, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable, "cannot listen on " + ep.address().to_string() + ":" +
                                                  std::to_string(ep.port()) + ": " + ec.message());
  }
  return Ok();
}

asio::awaitable<void> AcceptLoop(tcp::acceptor& acceptor, SessionEnv& env) {
  constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
  auto executor = co_await asio::this_coro::executor;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
      // Out of descriptors or similar: log, back off briefly, keep serving.
      LogWarn("accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(kTuple);
      continue;
    }
    ++env.metrics.accepted_connections;
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (env.metrics.open_connections.load() >= env.options.max_connections) {
      ++env.metrics.rejected_connections;
      asio::co_spawn(executor, RejectOverloaded(std::move(socket), env), asio::detached);
      continue;
    }
    asio::co_spawn(executor, RunSession(std::move(socket), env), asio::detached);
  }
}

}  // namespace

Server::Server(ServerOptions options, Dispatcher& dispatcher, HttpMetrics& metrics)
    : options_(std::move(options)),
      dispatcher_(dispatcher),
      metrics_(metrics),
      control_(std::make_unique<Control>()) {
  if (options_.threads < 1) options_.threads = 1;
}

Server::~Server() {
  stop_watching_ = true;
  if (signal_thread_.joinable()) signal_thread_.join();
  for (auto& w : workers_) {
    if (w->thread.joinable()) {
      w->ctx.stop();
      w->thread.join();
    }
  }
}

Result<uint16_t> Server::Listen() {
  auto addr = ResolveHost(options_.host);
  if (!addr) return addr.error();
  tcp::endpoint ep(*addr, options_.port);
  std::string where = options_.host + ":" + std::to_string(options_.port);

  // Probe without SO_REUSEPORT: it fails if any other socket holds the port, even one that
  // set SO_REUSEPORT itself, so the port is never silently shared with another program.
  {
    asio::io_context probe_ctx;
    tcp::acceptor probe(probe_ctx);
    beast::error_code ec;
    probe.open(ep.protocol(), ec);
    if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(ep, ec);
    if (ec == asio::error::address_in_use) {
      return MakeError(ErrorCode::kUnavailable,
                       "cannot listen on " + where + ": address already in use by another program");
    }
    if (ec)
      return MakeError(ErrorCode::kUnavailable, "cannot listen on " + where + ": " + ec.message());
    ep.port(probe.local_endpoint().port());
  }

  for (int i = 0; i < options_.threads; ++i) {
    auto worker = std::make_unique<Worker>();
    Status st = OpenReusePort(worker->acceptor, ep);
    if (!st) return st.error();
    worker->env = std::make_unique<SessionEnv>(
        SessionEnv{options_, dispatcher_, metrics_, draining_, worker->idle});
    workers_.push_back(std::move(worker));
  }
  options_.port = ep.port();
  return ep.port();
}

void Server::Run() {
  live_workers_ = static_cast<int>(workers_.size());
  signal_thread_ = std::thread([this] { WatchSignals(); });
  for (auto& w : workers_) {
    asio::co_spawn(w->ctx, AcceptLoop(w->acceptor, *w->env), asio::detached);
    w->thread = std::thread([this, worker = w.get()] {
      worker->ctx.run();
      asio::post(control_->ctx, [this] {
        if (--live_workers_ == 0) control_->ctx.stop();
      });
    });
  }
  {
    // Keeps the control loop alive (for Shutdown and the drain deadline) until the last
    // worker finishes and stops it.
    auto alive = asio::make_work_guard(control_->ctx);
    control_->ctx.run();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  stop_watching_ = true;
  signal_thread_.join();
  LogLifecycle("stopped");
}

void Server::WatchSignals() {
  const sigset_t set = TerminationSignals();
  const timespec poll{0, 100'000'000};  // 100 ms: how soon the watcher notices the end of Run
  while (!stop_watching_) {
    siginfo_t info;
    int signo = sigtimedwait(&set, &info, &poll);
    if (signo != SIGTERM && signo != SIGINT) continue;
    const char* name = signo == SIGTERM ? "SIGTERM" : "SIGINT";
    if (!draining_) {
      LogLifecycle("shutdown_signal", {{"signal", name}});
      Shutdown();
    } else {
      LogWarn("forced_shutdown", {{"signal", name}});
      asio::post(control_->ctx, [this] { ForceStop(); });
    }
  }
}

void Server::Shutdown() {
  asio::post(control_->ctx, [this] { StartDrain(); });
}

void Server::StartDrain() {
  if (draining_.exchange(true)) return;
  LogLifecycle("draining", {{"open_connections", metrics_.open_connections.load()},
                            {"timeout_ms", options_.drain_timeout.count()}});
  for (auto& w : workers_) {
    asio::post(w->ctx, [worker = w.get()] {
      beast::error_code ec;
      worker->acceptor.close(ec);
      // Connections between requests have nothing in flight: close them now.
      for (beast::tcp_stream* s : worker->idle) s->cancel();
    });
  }
  control_->drain_deadline.expires_after(options_.drain_timeout);
  control_->drain_deadline.async_wait([this](const beast::error_code& ec) {
    if (ec) return;
    LogWarn("drain_timeout", {{"open_connections", metrics_.open_connections.load()}});
    ForceStop();
  });
}

void Server::ForceStop() {
  for (auto& w : workers_) w->ctx.stop();
}

}  // namespace ispcloud::http
