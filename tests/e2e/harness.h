#pragma once
// End-to-end test harness: runs the real ispcloud binary (ISPCLOUD_BINARY) on 127.0.0.1 port 0
// with a temporary database (test_database.h: SQLite, or PostgreSQL in the e2e_pg run) and talks
// HTTP to it with a small Beast client.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_database.h"

namespace ispcloud::e2e {

namespace beast_http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using HttpResponse = beast_http::response<beast_http::string_body>;

// A temporary directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the ispcloud binary with `args` to completion; `stdin_text` is fed to its stdin.
CommandResult RunIspcloud(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& stdin_text = "");

// The server process. Start() waits for the "listening" log line and reads the port from it.
class ServerProcess {
 public:
  ~ServerProcess();
  // Starts `ispcloud serve --listen 127.0.0.1:0 --threads 2 --db <DbUrlOf(dir)>` plus
  // `extra_args` (which may name another `--db` instead). Returns false (and keeps the output) when no listening line comes.
  // With `wait_for_schema`, also waits for the "ready" line (migrations applied, signing keys
  // loaded, about to serve).
  bool Start(const std::string& dir, const std::vector<std::string>& extra_args = {},
             const std::map<std::string, std::string>& env = {}, bool wait_for_schema = true);
  // Sends `signal` and waits up to `timeout` for the exit; returns the exit code, or -1 when
  // it did not exit (then it is killed) or died of a signal.
  int Stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  uint16_t port() const { return port_; }
  int pid() const { return pid_; }
  // Every stderr line so far.
  std::vector<std::string> Lines();
  // Waits until some stderr line contains `needle`.
  bool WaitForLine(const std::string& needle, std::chrono::milliseconds timeout);

 private:
  void ReadLoop(int fd);

  int pid_ = -1;
  uint16_t port_ = 0;
  std::thread reader_;
  std::mutex mu_;
  std::vector<std::string> lines_;
};

// A keep-alive HTTP/1.1 connection to 127.0.0.1:port.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  // Sends one request and reads the response. Throws on transport errors.
  HttpResponse Send(beast_http::verb method, const std::string& target,
                    const std::string& body = "",
                    const std::map<std::string, std::string>& headers = {});
  HttpResponse Get(const std::string& target) { return Send(beast_http::verb::get, target); }

 private:
  boost::asio::io_context ctx_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// A raw TCP connection for malformed, slow and oversized requests.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  // Writes bytes; returns false when the peer has closed or reset the connection.
  bool Send(const std::string& bytes);
  // Reads until the peer closes or `timeout` passes; returns what arrived.
  std::string ReadUntilClose(std::chrono::milliseconds timeout);
  // True when the peer closed the connection within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// Parses a JSON body; a parse failure yields a null value.
boost::json::value JsonOf(const HttpResponse& res);

// A JSON value as text: strings without quotes, anything else serialised.
std::string S(const boost::json::value& v);

// A partner access token from POST /oauth2/default/v1/token (client credentials, scope
// "partnerId:<partner> role:partnerIdAdmin"); "" when the server refuses.
std::string PartnerAccessToken(uint16_t port, const std::string& partner,
                               const std::string& client_id, const std::string& client_secret);

// Status code of a raw HTTP response text ("HTTP/1.1 413 ..." -> 413), 0 when absent.
int StatusOfRaw(const std::string& raw);

}  // namespace ispcloud::e2e
