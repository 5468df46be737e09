#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "http/client/beast_http_client.h"
#include "http_test_server.h"
#include "storage/run_sync.h"

namespace ispcloud::http {
namespace {

using std::chrono::milliseconds;
using test_support::MakeSelfSignedCertificate;
using test_support::TestCertificate;
using test_support::TestHttpServer;

std::unique_ptr<BeastHttpClient> MakeClient(BeastHttpClientOptions options = {}) {
  Result<std::unique_ptr<BeastHttpClient>> client = BeastHttpClient::Create(std::move(options));
  if (!client) throw std::runtime_error(client.error().message);
  return std::move(*client);
}

OutgoingRequest Get(std::string url, milliseconds timeout = milliseconds(5000)) {
  OutgoingRequest request;
  request.url = std::move(url);
  request.timeout = timeout;
  return request;
}

Result<OutgoingResponse> SendSync(HttpClient& client, OutgoingRequest request) {
  return storage::RunSync(client.Send(std::move(request)));
}

// Sends and notes the thread the awaiting coroutine resumed on.
asio::awaitable<Result<OutgoingResponse>> SendNotingThread(HttpClient& client,
                                                           OutgoingRequest request,
                                                           std::thread::id* resumed_on) {
  Result<OutgoingResponse> result = co_await client.Send(std::move(request));
  *resumed_on = std::this_thread::get_id();
  co_return std::move(result);
}

TEST(HttpClientTest, GetReturnsStatusHeadersAndBody) {
  TestHttpServer server;
  auto client = MakeClient();
  std::thread::id resumed_on;
  Result<OutgoingResponse> res =
      storage::RunSync(SendNotingThread(*client, Get(server.Url("/hello")), &resumed_on));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello world");
  EXPECT_EQ(res->Header("x-TEST"), "yes");
  EXPECT_EQ(res->Header("Content-Type"), "text/plain");
  EXPECT_EQ(res->Header("X-Absent"), "");
  EXPECT_EQ(resumed_on, std::this_thread::get_id());

  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  const Request& req = seen[0].request;
  EXPECT_EQ(req.method(), Verb::get);
  EXPECT_EQ(req.target(), "/hello");
  EXPECT_EQ(req[beast_http::field::host], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(req[beast_http::field::user_agent], "ispcloud/" ISPCLOUD_VERSION);
  EXPECT_EQ(req[beast_http::field::connection], "close");
}

TEST(HttpClientTest, PostSendsBodyAndCustomHeaders) {
  TestHttpServer server;
  auto client = MakeClient();
  OutgoingRequest request = Get(server.Url("/echo?topic=a%20b#ignored"));
  request.method = Verb::post;
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Signature", "sha256=abc"},
                     {"User-Agent", "hub-delivery/1"}};
  request.body = R"({"event":"CustomerCreateEvent"})";
  Result<OutgoingResponse> res = SendSync(*client, request);
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, request.body);
  EXPECT_EQ(res->Header("content-type"), "application/json");

  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  const Request& req = seen[0].request;
  EXPECT_EQ(req.method(), Verb::post);
  EXPECT_EQ(req.target(), "/echo?topic=a%20b");
  EXPECT_EQ(req.body(), request.body);
  EXPECT_EQ(req["X-Signature"], "sha256=abc");
  EXPECT_EQ(req[beast_http::field::user_agent], "hub-delivery/1");
  EXPECT_EQ(req[beast_http::field::content_length], std::to_string(request.body.size()));
}

TEST(HttpClientTest, NonSuccessStatusesAreReturnedAndRedirectsNotFollowed) {
  TestHttpServer server;
  auto client = MakeClient();
  Result<OutgoingResponse> missing = SendSync(*client, Get(server.Url("/status/404")));
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "not here");

  Result<OutgoingResponse> moved = SendSync(*client, Get(server.Url("/redirect")));
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->status, 302);
  EXPECT_EQ(moved->Header("Location"), "/hello");
  EXPECT_EQ(server.requests().size(), 2u);  // the redirect was not followed
}

TEST(HttpClientTest, BodyDelimitedByConnectionCloseIsRead) {
  TestHttpServer server;
  auto client = MakeClient();
  Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/eof")));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->body, "until close");
}

TEST(HttpClientTest, HeadResponseHasNoBody) {
  TestHttpServer server;
  auto client = MakeClient();
  OutgoingRequest request = Get(server.Url("/hello"), milliseconds(3000));
  request.method = Verb::head;
  Result<OutgoingResponse> res = SendSync(*client, request);
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("Content-Length"), "11");
  EXPECT_EQ(res->body, "");
}

TEST(HttpClientTest, InterimResponsesAreSkipped) {
  TestHttpServer server;
  auto client = MakeClient();
  Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/interim")));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello world");
}

TEST(HttpClientTest, ResolvesHostNames) {
  TestHttpServer server;
  auto client = MakeClient();
  Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/hello", "localhost")));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].request[beast_http::field::host], "localhost:" + std::to_string(server.port()));
}

TEST(HttpClientTest, TimesOutWhenTheServerNeverAnswers) {
  TestHttpServer server;
  auto client = MakeClient();
  const auto start = std::chrono::steady_clock::now();
  Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/hang"), milliseconds(300)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("timed out after 300 ms"), std::string::npos)
      << res.error().message;
  EXPECT_NE(res.error().message.find("127.0.0.1:" + std::to_string(server.port())),
            std::string::npos);
  EXPECT_GE(elapsed, milliseconds(250));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  EXPECT_EQ(server.requests().size(), 1u);  // the request did reach the server
}

TEST(HttpClientTest, ConnectionRefusedIsUnavailable) {
  uint16_t port = 0;
  {
    asio::io_context ctx;
    asio::ip::tcp::acceptor acceptor(ctx, {asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  auto client = MakeClient();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  Result<OutgoingResponse> res = SendSync(*client, Get(url));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  EXPECT_NE(res.error().message.find("connecting"), std::string::npos) << res.error().message;
}

TEST(HttpClientTest, OversizedResponsesFail) {
  TestHttpServer server;
  auto client = MakeClient();
  for (const char* path : {"/big", "/big-chunked"}) {
    OutgoingRequest request = Get(server.Url(path));
    request.max_response_bytes = 4095;
    Result<OutgoingResponse> res = SendSync(*client, request);
    ASSERT_FALSE(res.ok()) << path;
    EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(res.error().message.find("response too large"), std::string::npos)
        << res.error().message;

    request.max_response_bytes = 4096;  // exactly at the limit is fine
    Result<OutgoingResponse> fits = SendSync(*client, request);
    ASSERT_TRUE(fits.ok()) << path << ": " << fits.error().message;
    EXPECT_EQ(fits->body.size(), 4096u);
  }
}

TEST(HttpClientTest, BadUrlsAreInvalidArguments) {
  TestHttpServer server;
  auto client = MakeClient();
  const std::string port = std::to_string(server.port());
  for (const std::string& url :
       {std::string("not a url"), std::string("http://"), std::string("http:/hello"),
        std::string("ftp://127.0.0.1:" + port + "/hello"), std::string("http://127.0.0.1:99999/"),
        std::string("http://127.0.0.1:0/"), std::string("http://user:pw@127.0.0.1:" + port),
        std::string("http://bad%0Ahost/")}) {
    Result<OutgoingResponse> res = SendSync(*client, Get(url));
    ASSERT_FALSE(res.ok()) << url;
    EXPECT_EQ(res.error().code, ErrorCode::kInvalidArgument) << url << ": " << res.error().message;
  }
  EXPECT_EQ(server.requests().size(), 0u);
}

TEST(HttpClientTest, HeadersThatCouldSplitTheRequestAreRefused) {
  TestHttpServer server;
  auto client = MakeClient();
  OutgoingRequest request = Get(server.Url("/hello"));
  request.headers = {{"X-Note", "a\r\nX-Injected: 1"}};
  Result<OutgoingResponse> res = SendSync(*client, request);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidArgument);
  request.headers = {{"Bad Name", "x"}};
  res = SendSync(*client, request);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(server.requests().size(), 0u);
}

TEST(HttpClientTest, AllowHttpFalseRefusesPlainHttp) {
  TestHttpServer server;
  auto client = MakeClient(BeastHttpClientOptions{.ca_file = "", .allow_http = false});
  Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/hello")));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(server.requests().size(), 0u);
}

TEST(HttpClientTest, HttpsAgainstAPlainServerFailsQuickly) {
  TestHttpServer server;
  auto client = MakeClient();
  std::string url = server.Url("/hello");
  url.replace(0, 4, "https");
  const auto start = std::chrono::steady_clock::now();
  Result<OutgoingResponse> res = SendSync(*client, Get(url, milliseconds(3000)));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("TLS handshake"), std::string::npos) << res.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(HttpClientTest, CreateFailsOnAnUnreadableCaFile) {
  Result<std::unique_ptr<BeastHttpClient>> client =
      BeastHttpClient::Create(BeastHttpClientOptions{.ca_file = "/nonexistent/ca.pem"});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, ErrorCode::kInvalidArgument);
}

// TLS against a server whose self-signed certificate the test writes to a CA file.
class HttpClientTlsTest : public ::testing::Test {
 protected:
  std::string WriteCaFile(const TestCertificate& cert) {
    std::string path = ::testing::TempDir() + "ispcloud_http_client_ca_" +
                       std::to_string(::getpid()) + "_" + std::to_string(files_.size()) + ".pem";
    std::ofstream(path) << cert.cert_pem;
    files_.push_back(path);
    return path;
  }
  ~HttpClientTlsTest() override {
    for (const auto& path : files_) std::remove(path.c_str());
  }
  std::vector<std::string> files_;
};

TEST_F(HttpClientTlsTest, TrustedCertificateWorksWithIpAndName) {
  TestCertificate cert = MakeSelfSignedCertificate("DNS:localhost,IP:127.0.0.1");
  TestHttpServer server(&cert);
  auto client = MakeClient(BeastHttpClientOptions{.ca_file = WriteCaFile(cert)});
  for (const char* host : {"127.0.0.1", "localhost"}) {
    Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/hello", host)));
    ASSERT_TRUE(res.ok()) << host << ": " << res.error().message;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "hello world");
  }
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].server_name, "");  // no SNI for an IP address
  EXPECT_EQ(seen[1].server_name, "localhost");
}

TEST_F(HttpClientTlsTest, UntrustedCertificateFails) {
  TestCertificate cert = MakeSelfSignedCertificate("DNS:localhost,IP:127.0.0.1");
  TestHttpServer server(&cert);
  auto client = MakeClient();
  Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/hello")));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("certificate verify failed"), std::string::npos)
      << res.error().message;
  EXPECT_EQ(server.requests().size(), 0u);
}

TEST_F(HttpClientTlsTest, CertificateForAnotherHostFails) {
  TestCertificate cert = MakeSelfSignedCertificate("DNS:other.example");
  TestHttpServer server(&cert);
  auto client = MakeClient(BeastHttpClientOptions{.ca_file = WriteCaFile(cert)});
  for (const char* host : {"127.0.0.1", "localhost"}) {
    Result<OutgoingResponse> res = SendSync(*client, Get(server.Url("/hello", host)));
    ASSERT_FALSE(res.ok()) << host;
    EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(res.error().message.find("TLS handshake"), std::string::npos) << res.error().message;
  }
  EXPECT_EQ(server.requests().size(), 0u);
}

}  // namespace
}  // namespace ispcloud::http
