// Two `ispcloud serve` instances on one PostgreSQL database behind nginx (round robin): unique
// rules hold under concurrent requests to both, a node is claimed once, each hub event is
// delivered once, signing keys and client revocation are shared. Runs in the e2e_pg run only.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

#include "callback_server.h"
#include "harness.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;
using verb = beast_http::verb;

// A port free right now on 127.0.0.1 (for nginx, which cannot report the port it picked).
uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class MultiInstanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!E2eOnPostgres()) GTEST_SKIP() << "needs PostgreSQL: runs as e2e_pg.MultiInstanceTest.*";
    ASSERT_EQ(std::system("command -v nginx >/dev/null"), 0)
        << "nginx is not installed (scripts/install-deps.sh installs nginx-light)";
    db_ = DbUrlOf(dir_.path());
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    const std::string csv = dir_.path() + "/inventory.csv";
    std::ofstream(csv) << "serialNumber,model\nRACE1,PP203X\n";
    ASSERT_EQ(Cli({"inventory", "import", "--partner", "acme", "--file", csv}).exit_code, 0);
    auto client = Cli({"client", "create", "--partner", "acme"});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto doc = json::parse(client.out);
    client_id_ = S(doc.at("client_id"));
    client_secret_ = S(doc.at("client_secret"));
    auto subscribed = Cli({"hub", "subscribe", "--topic", "plume", "--tenant", "acme", "--callback",
                           receiver_.Url("/events"), "--query", "eventType=customer.registered"});
    ASSERT_EQ(subscribed.exit_code, 0) << subscribed.err;

    // Both instances sign and verify tokens for the address clients use: the balancer's.
    lb_port_ = FreePort();
    const std::string public_url = "http://127.0.0.1:" + std::to_string(lb_port_);
    ASSERT_TRUE(a_.Start(dir_.path(), {"--public-url", public_url}));
    ASSERT_TRUE(b_.Start(dir_.path(), {"--public-url", public_url}));
    StartNginx();
    token_ = PartnerAccessToken(lb_port_, "acme", client_id_, client_secret_);
    ASSERT_FALSE(token_.empty());
  }

  void TearDown() override {
    if (!nginx_conf_.empty()) {
      std::system(("nginx -c '" + nginx_conf_ + "' -p '" + dir_.path() + "' -s stop").c_str());
    }
  }

  void StartNginx() {
    nginx_conf_ = dir_.path() + "/nginx.conf";
    std::ofstream(nginx_conf_) << "worker_processes 1;\n"
                               << "pid " << dir_.path() << "/nginx.pid;\n"
                               << "error_log " << dir_.path() << "/nginx-error.log;\n"
                               << "events { worker_connections 256; }\n"
                               << "http {\n  access_log off;\n"
                               << "  upstream ispcloud {\n    server 127.0.0.1:" << a_.port()
                               << ";\n    server 127.0.0.1:" << b_.port() << ";\n  }\n"
                               << "  server {\n    listen 127.0.0.1:" << lb_port_ << ";\n"
                               << "    location / {\n      proxy_pass http://ispcloud;\n"
                               << "      proxy_set_header Host $http_host;\n    }\n  }\n}\n";
    ASSERT_EQ(std::system(("nginx -c '" + nginx_conf_ + "' -p '" + dir_.path() + "'").c_str()), 0);
    for (int i = 0; i < 50; ++i) {
      try {
        HttpClient probe(lb_port_);
        if (probe.Get("/healthz").result_int() == 200u) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "nginx did not start";
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }

  // A request through the balancer (or to `port`).
  HttpResponse Call(verb method, const std::string& path, const std::string& body = "",
                    uint16_t port = 0) {
    std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token_}};
    if (!body.empty()) headers["Content-Type"] = "application/json";
    HttpClient http(port == 0 ? lb_port_ : port);
    return http.Send(method, path, body, headers);
  }

  // Access-log lines of `server` for requests to `path`.
  static int Served(ServerProcess& server, const std::string& path) {
    int n = 0;
    for (const std::string& line : server.Lines()) {
      if (line.find("\"path\":\"" + path + "\"") != std::string::npos) ++n;
    }
    return n;
  }

  HttpResponse Register(const std::string& account, const std::string& email) {
    const json::object body{
        {"partnerId", "acme"}, {"accountId", account}, {"name", "Ada"}, {"email", email}};
    return Call(verb::post, "/api/Customers/register", json::serialize(body));
  }

  TempDir dir_;
  std::string db_;
  CallbackServer receiver_;
  ServerProcess a_, b_;
  uint16_t lb_port_ = 0;
  std::string nginx_conf_;
  std::string client_id_, client_secret_, token_;
};

TEST_F(MultiInstanceTest, UniqueRulesClaimsAndDeliveriesHoldAcrossInstances) {
  // Each round, 6 clients register the same account id at once (every other one with a fresh
  // email, so both the account-id and the email rules are raced): exactly one wins.
  constexpr int kRounds = 6, kClients = 6;
  std::vector<std::string> winners;
  for (int round = 0; round < kRounds; ++round) {
    const std::string account = "RACE-" + std::to_string(round);
    std::vector<unsigned> statuses(kClients);
    std::vector<std::string> ids(kClients);
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        const std::string email =
            c % 2 == 0 ? account + "@example.org" : account + "-" + std::to_string(c) + "@x.io";
        HttpResponse res = Register(account, email);
        statuses[c] = res.result_int();
        if (statuses[c] == 200u) ids[c] = S(JsonOf(res).at("id"));
      });
    }
    for (auto& t : clients) t.join();
    int ok = 0;
    for (int c = 0; c < kClients; ++c) {
      EXPECT_TRUE(statuses[c] == 200u || statuses[c] == 409u || statuses[c] == 422u)
          << "round " << round << ": " << statuses[c];
      if (statuses[c] == 200u) {
        ++ok;
        winners.push_back(ids[c]);
      }
    }
    EXPECT_EQ(ok, 1) << "round " << round;
    EXPECT_EQ(
        SqlScalar(db_, "SELECT count(*) FROM plume_customers WHERE account_id = '" + account + "'"),
        "1");
  }

  // The balancer spread the race over both instances.
  EXPECT_GT(Served(a_, "/api/Customers/register"), 0);
  EXPECT_GT(Served(b_, "/api/Customers/register"), 0);

  // Two customers claim the same node at once: one location ends up with it.
  std::vector<std::string> nodes;
  for (const char* account : {"CLAIM-X", "CLAIM-Y"}) {
    HttpResponse res = Register(account, std::string(account) + "@claims.example.org");
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    const json::value doc = JsonOf(res);
    nodes.push_back("/api/Customers/" + S(doc.at("id")) + "/locations/" + S(doc.at("locationId")) +
                    "/nodes");
  }
  std::vector<unsigned> claims(8);
  std::vector<std::thread> claimers;
  for (size_t i = 0; i < claims.size(); ++i) {
    claimers.emplace_back([&, i] {
      claims[i] = Call(verb::post, nodes[i % 2], R"({"serialNumber":"RACE1"})").result_int();
    });
  }
  for (auto& t : claimers) t.join();
  std::map<size_t, int> wins;  // location -> 200s
  for (size_t i = 0; i < claims.size(); ++i) {
    EXPECT_TRUE(claims[i] == 200u || claims[i] == 409u) << claims[i];
    if (claims[i] == 200u) ++wins[i % 2];
  }
  EXPECT_EQ(wins.size(), 1u);
  EXPECT_EQ(SqlScalar(db_, "SELECT count(*) FROM plume_node_claims WHERE node_id = 'RACE1'"), "1");

  // Both instances dispatch the outbox: every customer.registered event arrives exactly once.
  const size_t expected = winners.size() + 2;
  for (int i = 0; i < 150 && receiver_.Calls().size() < expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // several polls of both dispatchers
  std::map<std::string, int> deliveries;
  for (const ReceivedCall& call : receiver_.Calls()) {
    ++deliveries[S(json::parse(call.body).at("customerId"))];
  }
  EXPECT_EQ(deliveries.size(), expected);
  for (const std::string& id : winners) EXPECT_EQ(deliveries[id], 1) << id;
  for (const auto& [id, count] : deliveries) EXPECT_EQ(count, 1) << id;
}

TEST_F(MultiInstanceTest, KeysAndRevocationAreShared) {
  // A token issued by one instance is accepted by the other, and the other way round.
  const std::string from_a = PartnerAccessToken(a_.port(), "acme", client_id_, client_secret_);
  const std::string from_b = PartnerAccessToken(b_.port(), "acme", client_id_, client_secret_);
  ASSERT_FALSE(from_a.empty());
  ASSERT_FALSE(from_b.empty());
  HttpResponse registered = Register("KEYS-1", "keys@example.org");
  ASSERT_EQ(registered.result_int(), 200u) << registered.body();
  const std::string customer = "/api/Customers/" + S(JsonOf(registered).at("id"));
  for (const auto& [token, port] : {std::pair{from_a, b_.port()}, std::pair{from_b, a_.port()}}) {
    HttpClient http(port);
    auto res = http.Send(verb::get, customer, "", {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(res.result_int(), 200u) << res.body();
  }
  // A client revoked with the CLI gets no new token from either instance.
  ASSERT_EQ(Cli({"client", "revoke", "--client-id", client_id_}).exit_code, 0);
  EXPECT_TRUE(PartnerAccessToken(a_.port(), "acme", client_id_, client_secret_).empty());
  EXPECT_TRUE(PartnerAccessToken(b_.port(), "acme", client_id_, client_secret_).empty());
}

}  // namespace
}  // namespace ispcloud::e2e
