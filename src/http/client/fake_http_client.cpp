#include "http/client/fake_http_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <utility>

namespace ispcloud::http {
namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

}  // namespace

void FakeHttpClient::Respond(std::string url, OutgoingResponse response) {
  std::lock_guard lock(mu_);
  answers_[std::move(url)].emplace_back(std::move(response));
}

void FakeHttpClient::Fail(std::string url, Error error) {
  std::lock_guard lock(mu_);
  answers_[std::move(url)].emplace_back(std::move(error));
}

void FakeHttpClient::Delay(std::string url, std::chrono::milliseconds delay) {
  std::lock_guard lock(mu_);
  delays_[std::move(url)] = delay;
}

asio::awaitable<Result<OutgoingResponse>> FakeHttpClient::Send(OutgoingRequest request) {
  std::optional<Result<OutgoingResponse>> answer;
  std::chrono::milliseconds delay{0};
  {
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    if (auto it = answers_.find(request.url); it != answers_.end() && !it->second.empty()) {
      answer.emplace(it->second.front());
      if (it->second.size() > 1) it->second.pop_front();
    }
    if (auto it = delays_.find(request.url); it != delays_.end()) delay = it->second;
  }
  const bool times_out = delay.count() > 0 && delay >= request.timeout;
  if (delay.count() > 0) {
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    timer.expires_after(times_out ? request.timeout : delay);
    co_await timer.async_wait(kTuple);
  }
  if (times_out) {
    co_return MakeError(ErrorCode::kUnavailable,
                        "fake HTTP request to " + request.url + " timed out after " +
                            std::to_string(request.timeout.count()) + " ms");
  }
  if (!answer) {
    co_return MakeError(ErrorCode::kUnavailable, "no fake response for URL " + request.url);
  }
  co_return std::move(*answer);
}

std::vector<OutgoingRequest> FakeHttpClient::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int FakeHttpClient::CallCount(std::string_view url) const {
  std::lock_guard lock(mu_);
  int count = 0;
  for (const auto& request : requests_) {
    if (request.url == url) ++count;
  }
  return count;
}

}  // namespace ispcloud::http
