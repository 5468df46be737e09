#pragma once
// HTTP/1.1 server: one io_context per thread, each with its own SO_REUSEPORT listening socket
// on the same port; keep-alive; header/body limits; read, idle and write timeouts; a cap on
// open connections; graceful drain on SIGTERM/SIGINT.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "http/dispatcher.h"
#include "http/metrics.h"

namespace ispcloud::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = any free port
  int threads = 1;
  int64_t max_body_bytes = 1 << 20;
  int64_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds drain_timeout{10'000};
  int max_connections = 10'000;
};

// Blocks SIGTERM and SIGINT in the calling thread and, through inheritance, in every thread it
// starts afterwards. Call it first thing in the process that will Run() a server: the server
// then takes the signals with sigtimedwait, so a signal arriving while the process exits can
// never kill it with the default action.
void BlockTerminationSignals();

class Server {
 public:
  Server(ServerOptions options, Dispatcher& dispatcher, HttpMetrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on every worker's socket. Fails with a clear message when the address is
  // held by another program (SO_REUSEPORT is shared only among this server's own sockets).
  // Returns the bound port.
  Result<uint16_t> Listen();

  // Serves until SIGTERM/SIGINT or Shutdown(), then drains in-flight requests (up to
  // drain_timeout) and returns; a second signal during the drain stops at once. Blocks the
  // calling thread. Call Listen() first; signals are seen only after BlockTerminationSignals().
  void Run();

  // Begins a graceful shutdown: stop accepting, close idle connections, let in-flight requests
  // finish with `Connection: close`. Thread-safe.
  void Shutdown();

  struct Worker;

 private:
  void StartDrain();
  void ForceStop();
  void WatchSignals();

  ServerOptions options_;
  Dispatcher& dispatcher_;
  HttpMetrics& metrics_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> draining_{false};
  std::atomic<int> live_workers_{0};
  std::atomic<bool> stop_watching_{false};
  std::thread signal_thread_;
  struct Control;
  std::unique_ptr<Control> control_;
};

}  // namespace ispcloud::http
