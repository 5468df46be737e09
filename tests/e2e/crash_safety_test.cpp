// Crash-safety end-to-end test (issue 9): client threads write at full speed (Plume register,
// node claim and unclaim) while the server is killed with SIGKILL at a random moment; after a
// restart on the same SQLite database (synchronous=FULL, the default) every write that was
// acknowledged with a 2xx is present, and every write answered with a 4xx/5xx is absent. A
// request cut off by the kill without an answer may go either way and is not checked.
// The event outbox too: a hub subscriber (in the test process, so it outlives the kills)
// receives the customer.registered event of every acknowledged registration at least once
// (duplicates allowed); a delivery cut off by a kill is sent again once its lease expires.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "callback_server.h"
#include "harness.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

constexpr int kCycles = 20;
constexpr int kWriters = 3;
constexpr int kSerials = 4000;
constexpr const char* kTakenEmail = "taken@example.com";

// What became of one write request.
enum class Outcome { kAcked, kRejected, kUnknown };

struct Write {
  enum Kind { kRegister, kClaim, kUnclaim };
  explicit Write(Kind k) : kind(k) {}
  Kind kind;
  Outcome outcome = Outcome::kUnknown;
  std::string account;   // register: the accountId sent
  std::string customer;  // register (when acked) / claim / unclaim: the customer id
  std::string location;  // the location id (claim / unclaim, or register when acked)
  std::string serial;    // claim / unclaim
  unsigned status = 0;
};

class CrashSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = DbUrlOf(dir_.path());
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    std::ostringstream csv;
    csv << "serialNumber,model\n";
    for (int i = 0; i < kSerials; ++i) csv << SerialOf(i) << ",PP203X\n";
    const std::string path = dir_.path() + "/inventory.csv";
    std::ofstream(path) << csv.str();
    auto imported = Cli({"inventory", "import", "--partner", "acme", "--file", path});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    auto client = Cli({"client", "create", "--partner", "acme"});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto doc = json::parse(client.out);
    client_id_ = S(doc.at("client_id"));
    client_secret_ = S(doc.at("client_secret"));
    auto subscribed = Cli({"hub", "subscribe", "--topic", "plume", "--tenant", "acme", "--callback",
                           receiver_.Url("/events"), "--query", "eventType=customer.registered"});
    ASSERT_EQ(subscribed.exit_code, 0) << subscribed.err;
    ASSERT_TRUE(server_.Start(dir_.path()));
    NewToken();
    ASSERT_FALSE(token_.empty());
    // The customer whose email makes every later "duplicate email" register fail with 422.
    auto taken =
        Call(verb::post, "/api/Customers/register", RegisterBody("TAKEN-000", kTakenEmail));
    ASSERT_EQ(taken.result_int(), 200u) << taken.body();
  }

  // A fresh partner token: the issuer names the listening port, which changes on each restart.
  void NewToken() {
    token_ = PartnerAccessToken(server_.port(), "acme", client_id_, client_secret_);
  }

  static std::string SerialOf(int i) {
    std::string n = std::to_string(i);
    return "CS" + std::string(6 - n.size(), '0') + n;
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }

  static std::string RegisterBody(const std::string& account, const std::string& email) {
    const json::object body{
        {"partnerId", "acme"}, {"accountId", account}, {"name", "Ada"}, {"email", email}};
    return json::serialize(body);
  }

  std::map<std::string, std::string> Headers(bool with_body) const {
    std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token_}};
    if (with_body) headers["Content-Type"] = "application/json";
    return headers;
  }

  // One request on a fresh connection (set-up and verification).
  HttpResponse Call(verb method, const std::string& path, const std::string& body = "") {
    HttpClient http(server_.port());
    return http.Send(method, path, body, Headers(!body.empty()));
  }

  // Sends one write on the writer's keep-alive connection (reconnecting when needed) and
  // classifies the answer; a transport failure leaves the outcome unknown.
  std::optional<HttpResponse> Send(std::unique_ptr<HttpClient>& http, Write& w, verb method,
                                   const std::string& path, const std::string& body) {
    try {
      if (!http) http = std::make_unique<HttpClient>(port_);
      HttpResponse res = http->Send(method, path, body, Headers(!body.empty()));
      w.status = res.result_int();
      w.outcome = w.status < 300 ? Outcome::kAcked : Outcome::kRejected;
      return res;
    } catch (const std::exception&) {
      http.reset();
      w.outcome = Outcome::kUnknown;
      return std::nullopt;
    }
  }

  // One writer: register (every fifth with the taken email, which must fail), claim a fresh
  // serial into the new location, unclaim every other claimed serial; until `stop`.
  void Writer(int cycle, int writer, const std::atomic<bool>& stop, std::vector<Write>& log) {
    std::unique_ptr<HttpClient> http;
    for (int n = 0; !stop.load(); ++n) {
      const std::string account =
          "C" + std::to_string(cycle) + "-W" + std::to_string(writer) + "-" + std::to_string(n);
      const bool doomed = n % 5 == 4;
      const std::string email = doomed ? std::string(kTakenEmail) : account + "@example.com";
      Write reg(Write::kRegister);
      reg.account = account;
      auto res =
          Send(http, reg, verb::post, "/api/Customers/register", RegisterBody(account, email));
      if (res && reg.outcome == Outcome::kAcked) {
        const json::value doc = JsonOf(*res);
        reg.customer = S(doc.at("id"));
        reg.location = S(doc.at("locationId"));
      }
      log.push_back(reg);
      if (reg.outcome != Outcome::kAcked) continue;
      const int index = next_serial_.fetch_add(1);
      if (index >= kSerials) continue;
      const std::string nodes =
          "/api/Customers/" + reg.customer + "/locations/" + reg.location + "/nodes";
      Write claim(Write::kClaim);
      claim.customer = reg.customer;
      claim.location = reg.location;
      claim.serial = SerialOf(index);
      const json::object claim_body{{"serialNumber", claim.serial}};
      Send(http, claim, verb::post, nodes, json::serialize(claim_body));
      log.push_back(claim);
      if (claim.outcome != Outcome::kAcked || n % 2 == 0) continue;
      Write unclaim = claim;
      unclaim.kind = Write::kUnclaim;
      Send(http, unclaim, verb::delete_, nodes + "/" + claim.serial, "");
      log.push_back(unclaim);
    }
  }

  // Number of customers of acme with `account` in the database (read directly).
  // (The account ids are the test's own letters and digits, safe to quote inline.)
  int CustomersWithAccount(const std::string& account) {
    const std::string count = SqlScalar(
        db_, "SELECT COUNT(*) FROM plume_customers WHERE partner_id = 'acme' AND account_id = '" +
                 account + "'");
    return count.empty() ? -1 : std::stoi(count);
  }

  // The customer ids whose customer.registered event reached the subscriber so far.
  std::set<std::string> DeliveredCustomers() {
    std::set<std::string> ids;
    for (const ReceivedCall& call : receiver_.Calls()) {
      boost::system::error_code ec;
      const json::value doc = json::parse(call.body, ec);
      if (!ec && doc.is_object() && doc.as_object().contains("customerId")) {
        ids.insert(S(doc.at("customerId")));
      }
    }
    return ids;
  }

  TempDir dir_;
  std::string db_;
  CallbackServer receiver_;
  ServerProcess server_;
  uint16_t port_ = 0;
  std::string client_id_, client_secret_, token_;
  std::atomic<int> next_serial_{0};
};

TEST_F(CrashSafetyTest, AcknowledgedWritesSurviveSigkillAndRefusedOnesLeaveNothing) {
  std::mt19937 rng(9);  // fixed seed: the kill moments repeat from run to run
  std::uniform_int_distribution<int> burst_ms(300, 900);
  size_t acked_registers = 0, acked_claims = 0, acked_unclaims = 0, refused = 0, unknown = 0;
  std::vector<std::string> acked_customers;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle));
    port_ = server_.port();
    std::atomic<bool> stop{false};
    std::vector<std::vector<Write>> logs(kWriters);
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] { Writer(cycle, w, stop, logs[w]); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(burst_ms(rng)));
    server_.Stop(SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
    ASSERT_TRUE(server_.Start(dir_.path())) << "restart after SIGKILL failed";
    NewToken();
    ASSERT_FALSE(token_.empty()) << "no token after the restart";

    // Replay each writer's log in order: the last known state of a serial wins.
    std::map<std::string, std::pair<std::string, std::optional<bool>>> serials;  // -> claimed?
    for (const auto& log : logs) {
      for (const Write& w : log) {
        if (w.outcome == Outcome::kUnknown) ++unknown;
        if (w.outcome == Outcome::kRejected) ++refused;
        switch (w.kind) {
          case Write::kRegister:
            if (w.outcome == Outcome::kAcked) {
              ++acked_registers;
              acked_customers.push_back(w.customer);
              auto got = Call(verb::get, "/api/Customers/" + w.customer);
              EXPECT_EQ(got.result_int(), 200u) << "acknowledged register lost: " << w.account;
              if (got.result_int() == 200u) {
                EXPECT_EQ(S(JsonOf(got).at("accountId")), w.account);
              }
            } else if (w.outcome == Outcome::kRejected) {
              EXPECT_EQ(CustomersWithAccount(w.account), 0)
                  << "register refused with " << w.status << " left a customer: " << w.account;
            }
            break;
          case Write::kClaim:
          case Write::kUnclaim: {
            const std::string nodes =
                "/api/Customers/" + w.customer + "/locations/" + w.location + "/nodes";
            auto& state = serials[w.serial];
            state.first = nodes;
            const bool claim = w.kind == Write::kClaim;
            if (w.outcome == Outcome::kAcked) {
              state.second = claim;
              ++(claim ? acked_claims : acked_unclaims);
            } else if (w.outcome == Outcome::kUnknown) {
              state.second.reset();
            } else {
              state.second = !claim;  // refused: the serial keeps its previous state
            }
            break;
          }
        }
      }
    }
    for (const auto& [serial, state] : serials) {
      if (!state.second) continue;  // cut off by the kill: either way
      auto got = Call(verb::get, state.first + "/" + serial);
      EXPECT_EQ(got.result_int(), *state.second ? 200u : 404u)
          << serial << " should be " << (*state.second ? "claimed" : "unclaimed") << ": "
          << got.body();
    }
  }
  // Every acknowledged registration's event reaches the subscriber; those whose delivery a kill
  // cut off go out again when their lease (60 s) runs out.
  std::set<std::string> delivered;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  size_t missing = acked_customers.size();
  while (std::chrono::steady_clock::now() < deadline) {
    delivered = DeliveredCustomers();
    missing = 0;
    for (const std::string& id : acked_customers) missing += delivered.count(id) == 0 ? 1 : 0;
    if (missing == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_EQ(missing, 0u) << "acknowledged registrations whose event never arrived";

  // The run exercised what it claims to: acknowledged writes of each kind and refused ones.
  EXPECT_GE(acked_registers, static_cast<size_t>(kCycles));
  EXPECT_GT(acked_claims, 0u);
  EXPECT_GT(acked_unclaims, 0u);
  EXPECT_GT(refused, 0u);
  std::cout << "crash safety: " << acked_registers << " registers, " << acked_claims << " claims, "
            << acked_unclaims << " unclaims acknowledged; " << refused << " refused; " << unknown
            << " cut off\n";
}

}  // namespace
}  // namespace ispcloud::e2e
