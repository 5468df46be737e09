#include "http/client/fake_http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "storage/run_sync.h"

namespace ispcloud::http {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kJwksUrl = "https://idp.example/realms/a/protocol/openid-connect/certs";

OutgoingRequest Get(std::string_view url, milliseconds timeout = milliseconds(5000)) {
  OutgoingRequest request;
  request.url = std::string(url);
  request.timeout = timeout;
  return request;
}

OutgoingResponse Ok(std::string body) {
  OutgoingResponse response;
  response.status = 200;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = std::move(body);
  return response;
}

Result<OutgoingResponse> SendSync(HttpClient& client, OutgoingRequest request) {
  return storage::RunSync(client.Send(std::move(request)));
}

asio::awaitable<void> SendInto(HttpClient& client, OutgoingRequest request,
                               std::optional<Result<OutgoingResponse>>* out) {
  Result<OutgoingResponse> result = co_await client.Send(std::move(request));
  out->emplace(std::move(result));
}

TEST(FakeHttpClientTest, AnswersInOrderAndRepeatsTheLast) {
  FakeHttpClient client;
  const std::string url(kJwksUrl);
  client.Respond(url, Ok("first"));
  client.Fail(url, MakeError(ErrorCode::kUnavailable, "down"));
  client.Respond(url, Ok("last"));

  Result<OutgoingResponse> first = SendSync(client, Get(url));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->body, "first");
  EXPECT_EQ(first->Header("content-type"), "application/json");
  Result<OutgoingResponse> failed = SendSync(client, Get(url));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().message, "down");
  for (int i = 0; i < 2; ++i) {
    Result<OutgoingResponse> last = SendSync(client, Get(url));
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->body, "last");
  }
  EXPECT_EQ(client.CallCount(url), 4);
}

TEST(FakeHttpClientTest, UnknownUrlIsUnavailable) {
  FakeHttpClient client;
  client.Respond(std::string(kJwksUrl), Ok("{}"));
  Result<OutgoingResponse> res = SendSync(client, Get("https://idp.example/other"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("no fake response for URL"), std::string::npos);
  EXPECT_EQ(client.CallCount("https://idp.example/other"), 1);
  EXPECT_EQ(client.CallCount(kJwksUrl), 0);
}

TEST(FakeHttpClientTest, RecordsEveryRequest) {
  FakeHttpClient client;
  client.Respond("https://hub.example/listener", Ok(""));
  OutgoingRequest post = Get("https://hub.example/listener");
  post.method = Verb::post;
  post.headers = {{"X-Signature", "abc"}};
  post.body = "{\"eventType\":\"CustomerCreateEvent\"}";
  ASSERT_TRUE(SendSync(client, post).ok());
  ASSERT_FALSE(SendSync(client, Get(kJwksUrl)).ok());

  std::vector<OutgoingRequest> seen = client.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, Verb::post);
  EXPECT_EQ(seen[0].url, "https://hub.example/listener");
  ASSERT_EQ(seen[0].headers.size(), 1u);
  EXPECT_EQ(seen[0].headers[0].second, "abc");
  EXPECT_EQ(seen[0].body, post.body);
  EXPECT_EQ(seen[1].url, kJwksUrl);
}

TEST(FakeHttpClientTest, DelayLetsConcurrentCallsOverlap) {
  FakeHttpClient client;
  const std::string url(kJwksUrl);
  client.Respond(url, Ok("keys"));
  client.Delay(url, milliseconds(300));

  asio::io_context ctx;
  std::optional<Result<OutgoingResponse>> a;
  std::optional<Result<OutgoingResponse>> b;
  int in_flight_count = -1;
  bool done_midway = true;
  asio::co_spawn(ctx, SendInto(client, Get(url), &a), asio::detached);
  asio::co_spawn(ctx, SendInto(client, Get(url), &b), asio::detached);
  asio::steady_timer midway(ctx, milliseconds(100));
  midway.async_wait([&](const boost::system::error_code&) {
    in_flight_count = client.CallCount(url);
    done_midway = a.has_value() || b.has_value();
  });
  const auto start = std::chrono::steady_clock::now();
  ctx.run();
  const auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(in_flight_count, 2);  // both recorded before either answered
  EXPECT_FALSE(done_midway);
  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_TRUE(a->ok());
  ASSERT_TRUE(b->ok());
  EXPECT_EQ((*a)->body, "keys");
  EXPECT_GE(elapsed, milliseconds(300));
}

TEST(FakeHttpClientTest, DelayBeyondTheTimeoutTimesOut) {
  FakeHttpClient client;
  const std::string url(kJwksUrl);
  client.Respond(url, Ok("keys"));
  client.Delay(url, milliseconds(5000));
  const auto start = std::chrono::steady_clock::now();
  Result<OutgoingResponse> res = SendSync(client, Get(url, milliseconds(100)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("timed out"), std::string::npos);
  EXPECT_GE(elapsed, milliseconds(100));
  EXPECT_LT(elapsed, milliseconds(2000));
}

TEST(FakeHttpClientTest, ConcurrentThreadsAreRecorded) {
  FakeHttpClient client;
  const std::string url(kJwksUrl);
  client.Respond(url, Ok("keys"));
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCallsPerThread; ++i) EXPECT_TRUE(SendSync(client, Get(url)).ok());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(client.CallCount(url), kThreads * kCallsPerThread);
  EXPECT_EQ(client.requests().size(), static_cast<size_t>(kThreads * kCallsPerThread));
}

}  // namespace
}  // namespace ispcloud::http
