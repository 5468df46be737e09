#pragma once
// FakeHttpClient: an in-memory HttpClient for unit tests of code that sends HTTP requests (JWKS
// cache, webhook dispatcher). Answers are scripted per exact URL; every request is recorded.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/client/http_client.h"

namespace ispcloud::http {

class FakeHttpClient final : public HttpClient {
 public:
  // Queues `response` as an answer to requests for exactly `url`. A URL's answers (responses and
  // failures) are used in the order queued; the last one keeps answering once the others are
  // used up.
  void Respond(std::string url, OutgoingResponse response);
  // Queues `error` as an answer for `url`, in the same queue as Respond.
  void Fail(std::string url, Error error);
  // Makes every later request for `url` wait `delay` on a timer of the caller's executor before
  // answering, so that concurrent callers overlap. A delay not shorter than the request's
  // timeout answers kUnavailable ("timed out") once the timeout has passed, as the real client
  // would.
  void Delay(std::string url, std::chrono::milliseconds delay);

  // Records the request and picks its answer at once, then waits for the URL's delay (if any)
  // and resolves on the caller's executor. A URL with no queued answer fails with kUnavailable
  // "no fake response for URL ...". Thread-safe.
  asio::awaitable<Result<OutgoingResponse>> Send(OutgoingRequest request) override;

  // Every request sent so far, in the order Send was called. Thread-safe.
  std::vector<OutgoingRequest> requests() const;
  // How many requests were sent for exactly `url`. Thread-safe.
  int CallCount(std::string_view url) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::deque<Result<OutgoingResponse>>, std::less<>> answers_;
  std::map<std::string, std::chrono::milliseconds, std::less<>> delays_;
  std::vector<OutgoingRequest> requests_;
};

}  // namespace ispcloud::http
