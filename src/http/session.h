#pragma once
// One HTTP/1.1 connection: reads requests with limits and timeouts, hands each complete request
// to the dispatcher, writes responses, keeps the connection alive while allowed.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <unordered_set>

#include "http/dispatcher.h"
#include "http/metrics.h"
#include "http/server.h"

namespace ispcloud::http {

// What a session needs from its server and worker. Lives as long as the worker.
struct SessionEnv {
  const ServerOptions& options;
  Dispatcher& dispatcher;
  HttpMetrics& metrics;
  const std::atomic<bool>& draining;
  // Connections waiting for their next request, closed at shutdown. Touched only on the
  // worker's thread.
  std::unordered_set<boost::beast::tcp_stream*>& idle;
};

// Serves one accepted connection until it closes. Never throws.
asio::awaitable<void> RunSession(asio::ip::tcp::socket socket, SessionEnv& env);

// Answers a connection over the limit with 503 + Retry-After and closes it. Never throws.
asio::awaitable<void> RejectOverloaded(asio::ip::tcp::socket socket, SessionEnv& env);

}  // namespace ispcloud::http
