#pragma once
// A loopback HTTP receiver for event deliveries (TMF hub callbacks): records every POST it gets
// (path and body) and answers with a status the test chooses. One request per connection,
// served on a background thread; port 0.

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ispcloud::e2e {

struct ReceivedCall {
  std::string path;
  std::string body;
};

class CallbackServer {
 public:
  CallbackServer();  // listens on 127.0.0.1:0
  ~CallbackServer();
  CallbackServer(const CallbackServer&) = delete;
  CallbackServer& operator=(const CallbackServer&) = delete;

  uint16_t port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The status answered from now on (default 201).
  void AnswerWith(int status) { status_ = status; }
  // Every call so far, in arrival order.
  std::vector<ReceivedCall> Calls();
  // Waits until some call's path starts with `prefix` and its body contains `needle`.
  bool WaitFor(const std::string& prefix, const std::string& needle,
               std::chrono::milliseconds timeout);

 private:
  void Serve();

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> status_{201};
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<ReceivedCall> calls_;
  std::thread thread_;
};

}  // namespace ispcloud::e2e
