// End-to-end tests of the HTTP server foundation: routing errors, limits, timeouts,
// connection cap, request ids, health/readiness/metrics, graceful shutdown, port conflicts.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

using namespace std::chrono_literals;
using beast_http::verb;

class ServerTest : public ::testing::Test {
 protected:
  // Starts the server with extra TOML settings under [server].
  void StartWith(const std::string& server_toml = "") {
    std::vector<std::string> args;
    if (!server_toml.empty()) {
      std::string path = dir_.path() + "/ispcloud.toml";
      std::ofstream(path) << "[server]\n" << server_toml;
      args = {"--config", path};
    }
    ASSERT_TRUE(server_.Start(dir_.path(), args)) << Joined();
  }
  std::string Joined() {
    std::string all;
    for (auto& l : server_.Lines()) all += l + "\n";
    return all;
  }

  TempDir dir_;
  ServerProcess server_;
};

TEST_F(ServerTest, HealthzAnswersJsonWithRequestId) {
  StartWith();
  HttpClient c(server_.port());
  auto res = c.Get("/healthz");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonOf(res).at("status"), "ok");
  EXPECT_NE(res["Content-Type"].find("application/json"), std::string::npos);
  EXPECT_EQ(res["X-Request-Id"].size(), 24u);
}

TEST_F(ServerTest, EchoesAcceptableRequestIdAndReplacesBadOnes) {
  StartWith();
  HttpClient c(server_.port());
  auto res = c.Send(verb::get, "/healthz", "", {{"X-Request-Id", "trace-123.abc"}});
  EXPECT_EQ(res["X-Request-Id"], "trace-123.abc");
  auto bad = c.Send(verb::get, "/healthz", "", {{"X-Request-Id", "has spaces and \"quotes\""}});
  EXPECT_NE(bad["X-Request-Id"], "has spaces and \"quotes\"");
  EXPECT_EQ(bad["X-Request-Id"].size(), 24u);
}

TEST_F(ServerTest, ReadyzReportsCurrentSchema) {
  StartWith();
  HttpClient c(server_.port());
  auto res = c.Get("/readyz");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_EQ(S(body.at("database")), E2eDialect());
  EXPECT_GE(body.at("schemaVersion").to_number<int>(), 1);
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  StartWith();
  HttpClient c(server_.port());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.Get("/healthz").result_int(), 200u);
  ASSERT_EQ(c.Get("/nope").result_int(), 404u);
  auto res = c.Get("/metrics");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_NE(res["Content-Type"].find("text/plain"), std::string::npos);
  const std::string& m = res.body();
  EXPECT_NE(
      m.find("ispcloud_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 3"),
      std::string::npos)
      << m;
  EXPECT_NE(
      m.find("ispcloud_http_requests_total{route=\"unmatched\",method=\"ANY\",status=\"404\"} 1"),
      std::string::npos);
  EXPECT_NE(m.find("ispcloud_http_request_duration_seconds_bucket{route=\"/healthz\""),
            std::string::npos);
  EXPECT_NE(m.find("ispcloud_http_open_connections 1"), std::string::npos);
  EXPECT_NE(m.find("ispcloud_db_transaction_duration_seconds_count{kind=\"write\"}"),
            std::string::npos);
  // On PostgreSQL, the connection pool's gauges (default database.pool_size 16); SQLite has none.
  const bool pool = m.find("ispcloud_db_pool_connections{state=\"open\"} ") != std::string::npos;
  EXPECT_EQ(pool, E2eOnPostgres());
  if (E2eOnPostgres()) {
    EXPECT_NE(m.find("ispcloud_db_pool_size 16\n"), std::string::npos) << m;
  }
}

TEST_F(ServerTest, UnknownRoutesAnswer404InEachFamilyFormat) {
  StartWith();
  HttpClient c(server_.port());
  auto sys = c.Get("/does-not-exist");
  EXPECT_EQ(sys.result_int(), 404u);
  EXPECT_EQ(JsonOf(sys).at("code"), "not_found");

  auto plume = c.Get("/api/Customers/66ef34687f1c07000b200925/unknown");
  EXPECT_EQ(plume.result_int(), 404u);
  auto perr = JsonOf(plume).at("error");
  EXPECT_EQ(perr.at("statusCode"), 404);
  EXPECT_EQ(perr.at("status"), 404);
  EXPECT_EQ(perr.at("code"), "NOT_FOUND");
  EXPECT_EQ(perr.at("name"), "Error");

  auto tmf = c.Get("/tmf-api/party/v4/unknown");
  EXPECT_EQ(tmf.result_int(), 404u);
  auto terr = JsonOf(tmf);
  EXPECT_EQ(terr.at("code"), "ERCRT1003");
  EXPECT_EQ(terr.at("status"), "404");
  EXPECT_EQ(terr.at("@type"), "Error");

  auto oauth = c.Send(verb::post, "/oauth2/default/v1/unknown", "a=b",
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(oauth.result_int(), 404u);
  EXPECT_TRUE(JsonOf(oauth).as_object().contains("error_description"));
}

TEST_F(ServerTest, WrongMethodAnswers405WithAllow) {
  StartWith();
  HttpClient c(server_.port());
  auto res = c.Send(verb::post, "/healthz", "{}");
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_EQ(res["Allow"], "GET");
  EXPECT_EQ(JsonOf(res).at("code"), "method_not_allowed");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartWith();
  HttpClient c(server_.port());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(c.Get("/healthz").result_int(), 200u);
}

TEST_F(ServerTest, MalformedRequestGets400AndClose) {
  StartWith();
  RawConnection raw(server_.port());
  raw.Send("THIS IS NOT HTTP\r\n\r\n");
  std::string reply = raw.ReadUntilClose(5s);
  EXPECT_EQ(StatusOfRaw(reply), 400) << reply;
  EXPECT_NE(reply.find("\"code\""), std::string::npos);
  // The server is still healthy afterwards.
  HttpClient c(server_.port());
  EXPECT_EQ(c.Get("/healthz").result_int(), 200u);
}

TEST_F(ServerTest, BadPercentEncodingInTargetGets400) {
  StartWith();
  RawConnection raw(server_.port());
  raw.Send("GET /api/Customers/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string reply = raw.ReadUntilClose(3s);
  EXPECT_EQ(StatusOfRaw(reply), 400) << reply;
}

TEST_F(ServerTest, OversizedHeaderGets431) {
  StartWith();
  RawConnection raw(server_.port());
  std::string req =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  raw.Send(req);
  std::string reply = raw.ReadUntilClose(5s);
  EXPECT_EQ(StatusOfRaw(reply), 431) << reply.substr(0, 200);
}

TEST_F(ServerTest, OversizedBodyGets413WhileClientStreamsWithoutExpect) {
  StartWith();
  RawConnection raw(server_.port());
  const size_t size = 3u << 20;  // 3 MiB against the 1 MiB default
  raw.Send(
      "POST /api/Customers/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(size) + "\r\n\r\n");
  // Keep streaming the body like a naive client; the server may stop reading at any point.
  std::string chunk(64 * 1024, 'x');
  for (size_t sent = 0; sent < size; sent += chunk.size()) {
    if (!raw.Send(chunk)) break;
  }
  std::string reply = raw.ReadUntilClose(5s);
  EXPECT_EQ(StatusOfRaw(reply), 413) << reply.substr(0, 200);
  EXPECT_NE(reply.find("PAYLOAD_TOO_LARGE"), std::string::npos) << reply;
}

TEST_F(ServerTest, OversizedChunkedBodyGets413) {
  StartWith();
  RawConnection raw(server_.port());
  raw.Send(
      "POST /tmf-api/party/v4/individual HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string data(256 * 1024, 'y');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", data.size());
  for (int i = 0; i < 8; ++i) {
    if (!raw.Send(size_line + data + "\r\n")) break;
  }
  std::string reply = raw.ReadUntilClose(5s);
  EXPECT_EQ(StatusOfRaw(reply), 413) << reply.substr(0, 200);
  EXPECT_NE(reply.find("ERCRT1018"), std::string::npos) << reply;
}

TEST_F(ServerTest, ExpectContinueWithOversizedLengthIsRefusedBeforeTheBody) {
  StartWith();
  RawConnection raw(server_.port());
  raw.Send(
      "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n"
      "Expect: 100-continue\r\n\r\n");
  std::string reply = raw.ReadUntilClose(5s);
  EXPECT_EQ(StatusOfRaw(reply), 413) << reply;
}

TEST_F(ServerTest, ExpectContinueWithinLimitGets100ThenResponse) {
  StartWith();
  RawConnection raw(server_.port());
  raw.Send(
      "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n"
      "Expect: 100-continue\r\n\r\n");
  std::string first = raw.ReadUntilClose(500ms);
  EXPECT_EQ(StatusOfRaw(first), 100) << first;
  raw.Send("{}");
  std::string reply = first + raw.ReadUntilClose(5s);
  EXPECT_NE(reply.find("HTTP/1.1 405"), std::string::npos) << reply;
}

TEST_F(ServerTest, SlowHeaderClientIsDisconnected) {
  StartWith("header_timeout_ms = 400\n");
  RawConnection raw(server_.port());
  raw.Send("GET /healthz HTTP/1.1\r\n");
  // Trickle one header byte at a time; the whole header must arrive within the timeout.
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {
    if (!raw.Send("X")) closed = true;
    std::this_thread::sleep_for(100ms);
  }
  std::string reply = raw.ReadUntilClose(3s);
  EXPECT_TRUE(closed || StatusOfRaw(reply) == 400 || reply.empty()) << reply;
  // Meanwhile a normal client is served.
  HttpClient c(server_.port());
  EXPECT_EQ(c.Get("/healthz").result_int(), 200u);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  StartWith("idle_timeout_ms = 300\n");
  RawConnection raw(server_.port());
  raw.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string reply = raw.ReadUntilClose(200ms);
  ASSERT_EQ(StatusOfRaw(reply), 200);
  EXPECT_TRUE(raw.ClosedWithin(3s));
}

TEST_F(ServerTest, ConnectionsOverTheLimitGet503WithRetryAfter) {
  StartWith("max_connections = 2\n");
  RawConnection a(server_.port()), b(server_.port());
  // Make sure both are accepted and counted before the third arrives.
  a.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  b.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(StatusOfRaw(a.ReadUntilClose(300ms)), 200);
  ASSERT_EQ(StatusOfRaw(b.ReadUntilClose(300ms)), 200);
  RawConnection c(server_.port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string reply = c.ReadUntilClose(3s);
  EXPECT_EQ(StatusOfRaw(reply), 503) << reply;
  EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
}

TEST_F(ServerTest, SigtermDrainsInFlightRequestAndExitsZero) {
  StartWith();
  RawConnection idle(server_.port());
  idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(StatusOfRaw(idle.ReadUntilClose(300ms)), 200);

  // A request whose body is still arriving when SIGTERM comes must still be answered.
  RawConnection busy(server_.port());
  busy.Send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n{}");
  std::this_thread::sleep_for(200ms);
  kill(server_.pid(), SIGTERM);
  ASSERT_TRUE(server_.WaitForLine("\"event\":\"draining\"", 5s));
  busy.Send("  ");
  std::string reply = busy.ReadUntilClose(5s);
  EXPECT_EQ(StatusOfRaw(reply), 405) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  EXPECT_TRUE(idle.ClosedWithin(5s));
  EXPECT_EQ(server_.Stop(SIGTERM, 15s), 0);
}

TEST_F(ServerTest, SecondSignalDuringDrainStopsAtOnce) {
  StartWith();
  // A request stuck mid-body would hold the drain for drain_timeout_ms (10 s by default).
  RawConnection busy(server_.port());
  busy.Send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
  std::this_thread::sleep_for(200ms);
  kill(server_.pid(), SIGTERM);
  ASSERT_TRUE(server_.WaitForLine("\"event\":\"draining\"", 5s));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server_.Stop(SIGINT, 5s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_TRUE(server_.WaitForLine("forced_shutdown", 1s));
}

TEST_F(ServerTest, AccessLogHasOneJsonLinePerRequest) {
  StartWith();
  HttpClient c(server_.port());
  c.Send(verb::get, "/healthz", "", {{"X-Request-Id", "log-check-1"}});
  ASSERT_TRUE(server_.WaitForLine("log-check-1", 5s));
  for (const std::string& line : server_.Lines()) {
    if (line.find("log-check-1") == std::string::npos) continue;
    auto doc = boost::json::parse(line);
    EXPECT_EQ(doc.at("event"), "request");
    EXPECT_EQ(doc.at("status"), 200);
    EXPECT_EQ(doc.at("route"), "/healthz");
  }
}

TEST(ServerStartTest, FirstStderrLineIsListeningEvent) {
  TempDir dir;
  ServerProcess server;
  ASSERT_TRUE(server.Start(dir.path()));
  auto lines = server.Lines();
  ASSERT_FALSE(lines.empty());
  auto first = boost::json::parse(lines.front());
  EXPECT_EQ(first.at("event"), "listening");
  EXPECT_EQ(first.at("port").to_number<int>(), server.port());
  EXPECT_EQ(server.Stop(SIGINT), 0);
}

// Binds 127.0.0.1 on a free port (optionally with SO_REUSEPORT) and listens; returns the fd.
int HoldPort(bool reuseport, uint16_t& port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  if (reuseport) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(fd, 8);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

TEST(ServerStartTest, PortHeldByAnotherProgramFailsLoudly) {
  for (bool reuseport : {false, true}) {
    TempDir dir;
    uint16_t port = 0;
    int fd = HoldPort(reuseport, port);
    auto r = RunIspcloud({"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--db",
                          "sqlite:" + dir.path() + "/db.sqlite"});
    close(fd);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("already in use"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace ispcloud::e2e

namespace ispcloud::e2e {
namespace {

TEST(ServerStartTest, ReadyzIs503WhenSchemaIsBehindAndNoMigrate) {
  TempDir dir;
  ServerProcess server;
  ASSERT_TRUE(server.Start(dir.path(), {"--no-migrate"}, {}, /*wait_for_schema=*/false));
  HttpClient c(server.port());
  ASSERT_TRUE(server.WaitForLine("\"event\":\"listening\"", std::chrono::seconds(5)));
  auto res = c.Get("/readyz");
  EXPECT_EQ(res.result_int(), 503u) << res.body();
  EXPECT_EQ(res["Retry-After"], "1");
  EXPECT_EQ(c.Get("/healthz").result_int(), 200u);
  EXPECT_EQ(server.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ispcloud::e2e
