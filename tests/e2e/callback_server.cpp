#include "callback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace ispcloud::e2e {
namespace {

// Reads one request (headers + Content-Length body) from `fd`; false on EOF/timeout.
bool ReadRequest(int fd, std::string& path, std::string& body) {
  std::string data;
  char buf[4096];
  size_t header_end = std::string::npos;
  size_t want = 0;
  while (true) {
    if (header_end != std::string::npos && data.size() >= header_end + 4 + want) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos &&
        (header_end = data.find("\r\n\r\n")) != std::string::npos) {
      std::string head = data.substr(0, header_end);
      for (size_t i = 0; i < head.size(); ++i) head[i] = static_cast<char>(std::tolower(head[i]));
      size_t cl = head.find("content-length:");
      if (cl != std::string::npos) want = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
    }
  }
  size_t sp1 = data.find(' ');
  size_t sp2 = data.find(' ', sp1 + 1);
  path = data.substr(sp1 + 1, sp2 - sp1 - 1);
  body = data.substr(header_end + 4, want);
  return true;
}

}  // namespace

CallbackServer::CallbackServer() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 64) != 0) {
    throw std::runtime_error("callback server: bind/listen failed");
  }
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

CallbackServer::~CallbackServer() {
  stop_ = true;
  shutdown(fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  close(fd_);
}

void CallbackServer::Serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int c = accept(fd_, nullptr, nullptr);
    if (c < 0) continue;
    ReceivedCall call;
    if (ReadRequest(c, call.path, call.body)) {
      {
        std::lock_guard lock(mu_);
        calls_.push_back(call);
      }
      std::string reply = "HTTP/1.1 " + std::to_string(status_.load()) +
                          " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ssize_t ignored = write(c, reply.data(), reply.size());
      (void)ignored;
    }
    close(c);
  }
}

std::vector<ReceivedCall> CallbackServer::Calls() {
  std::lock_guard lock(mu_);
  return calls_;
}

bool CallbackServer::WaitFor(const std::string& prefix, const std::string& needle,
                             std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    for (const ReceivedCall& c : Calls()) {
      if (c.path.rfind(prefix, 0) == 0 && c.body.find(needle) != std::string::npos) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace ispcloud::e2e
