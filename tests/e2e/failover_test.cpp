// Failover to a streaming standby, as docs/operations.md describes it: a primary with a
// synchronous standby (pg_basebackup -R), one `ispcloud serve` given both hosts with
// `target_session_attrs=read-write`, clients registering customers while the primary is killed
// and the standby promoted. The server must answer 503 during the outage (never 500, never
// hang), serve writes again on the promoted standby without a restart, and no acknowledged
// write may be missing afterwards. Runs in the e2e_pg run only; it starts its own two clusters.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "harness.h"
#include "support/cluster_database.h"
#include "support/pg_url.h"
#include "test_database.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;
using verb = beast_http::verb;
using namespace std::chrono_literals;

// When a registration was answered, relative to the failover.
enum class Phase { kBeforeKill, kOutage, kAfterPromotion };

struct Answer {
  std::string account;
  unsigned status = 0;  // 0: the connection failed
  std::string body;     // of an unexpected answer
  Phase phase = Phase::kBeforeKill;
};

class FailoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!E2eOnPostgres()) GTEST_SKIP() << "needs PostgreSQL: runs as e2e_pg.FailoverTest.*";
    // The clusters live in the test's directory; as root their servers run as `postgres`,
    // which must be able to reach it.
    ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
    primary_dir_ = dir_.path() + "/primary";
    standby_dir_ = dir_.path() + "/standby";
    const std::string owner = std::to_string(getpid());
    // The primary keeps durable settings: with synchronous_commit off a commit would not wait
    // for the standby, and an acknowledged write could be lost by the failover.
    auto primary = test_support::RunPgClusterScript("start '" + primary_dir_ + "' " + owner,
                                                    "ISPCLOUD_PG_DURABLE=1");
    ASSERT_TRUE(primary.first) << primary.second;
    auto standby = test_support::RunPgClusterScript(
        "standby '" + standby_dir_ + "' '" + primary_dir_ + "' " + owner);
    ASSERT_TRUE(standby.first) << standby.second;
    standby_url_ = standby.second;
    // Both hosts; libpq takes the first that accepts writes.
    db_ = "postgresql://postgres@" + test_support::HostPortOf(primary.second) + "," +
          test_support::HostPortOf(standby_url_) +
          "/ispcloud_test?target_session_attrs=read-write&connect_timeout=5";

    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    auto client = Cli({"client", "create", "--partner", "acme"});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto doc = json::parse(client.out);
    client_id_ = S(doc.at("client_id"));
    client_secret_ = S(doc.at("client_secret"));
    ASSERT_TRUE(server_.Start(dir_.path(), {"--db", db_}));
    token_ = PartnerAccessToken(server_.port(), "acme", client_id_, client_secret_);
    ASSERT_FALSE(token_.empty());
  }

  void TearDown() override {
    server_.Stop(SIGTERM);
    test_support::RunPgClusterScript("stop '" + primary_dir_ + "'");
    test_support::RunPgClusterScript("stop '" + standby_dir_ + "'");
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunIspcloud(args);
  }

  // Registers customers with fresh account ids until `stop`, recording every answer.
  void RegisterUntil(const std::atomic<bool>& stop, const std::string& prefix) {
    std::optional<HttpClient> http;
    for (int i = 0; !stop; ++i) {
      const std::string account = "acct-" + prefix + "-" + std::to_string(i);
      const json::object body{{"partnerId", "acme"},
                              {"accountId", account},
                              {"name", "Ada"},
                              {"email", account + "@example.com"}};
      Answer answer{account, 0, "", phase_.load()};
      try {
        if (!http) http.emplace(server_.port());
        HttpResponse res = http->Send(verb::post, "/api/Customers/register",
                                      json::serialize(body),
                                      {{"Authorization", "Bearer " + token_},
                                       {"Content-Type", "application/json"}});
        answer.status = res.result_int();
        if (answer.status != 200 && answer.status != 503) answer.body = res.body();
      } catch (const std::exception& e) {
        http.reset();
        answer.body = e.what();
      }
      const unsigned status = answer.status;
      std::lock_guard lock(mu_);
      answers_.push_back(std::move(answer));
      if (status != 200) std::this_thread::sleep_for(20ms);
    }
  }

  int Acknowledged(Phase phase) {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const Answer& a : answers_) n += a.status == 200 && a.phase == phase ? 1 : 0;
    return n;
  }

  // Waits up to `limit` for `n` acknowledged registrations in `phase`.
  bool WaitForAcknowledged(Phase phase, int n, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Acknowledged(phase) >= n) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  TempDir dir_;
  std::string primary_dir_, standby_dir_, standby_url_, db_;
  std::string client_id_, client_secret_, token_;
  ServerProcess server_;
  std::mutex mu_;
  std::vector<Answer> answers_;
  std::atomic<Phase> phase_{Phase::kBeforeKill};
};

TEST_F(FailoverTest, WritesMoveToThePromotedStandbyAndNoAcknowledgedWriteIsLost) {
  std::atomic<bool> stop{false};
  std::thread a([&] { RegisterUntil(stop, "a"); });
  std::thread b([&] { RegisterUntil(stop, "b"); });
  const bool before = WaitForAcknowledged(Phase::kBeforeKill, 20, 60s);

  // The primary dies at once (immediate shutdown, its directory removed) while writes run.
  phase_ = Phase::kOutage;
  ASSERT_TRUE(test_support::RunPgClusterScript("stop '" + primary_dir_ + "'").first);
  std::this_thread::sleep_for(1500ms);
  auto promoted = test_support::RunPgClusterScript("promote '" + standby_dir_ + "'");
  phase_ = Phase::kAfterPromotion;
  const bool after = WaitForAcknowledged(Phase::kAfterPromotion, 20, 60s);
  stop = true;
  a.join();
  b.join();
  ASSERT_TRUE(before) << "no writes were acknowledged before the failover";
  ASSERT_TRUE(promoted.first) << promoted.second;
  EXPECT_TRUE(after) << "the server did not write to the promoted standby within 60 s";

  // During the outage the server refused with 503, nothing else, and kept its connections.
  int outage_refusals = 0;
  std::vector<std::string> acknowledged;
  for (const Answer& answer : answers_) {
    EXPECT_TRUE(answer.status == 200 || answer.status == 503)
        << answer.account << " answered " << answer.status << ": " << answer.body;
    if (answer.phase == Phase::kOutage && answer.status == 503) ++outage_refusals;
    if (answer.status == 200) acknowledged.push_back(answer.account);
  }
  EXPECT_GT(outage_refusals, 0) << "no request saw the outage";
  ASSERT_FALSE(acknowledged.empty());

  // Every acknowledged registration is on the new primary.
  std::string list;
  for (const std::string& account : acknowledged) list += (list.empty() ? "'" : ",'") + account + "'";
  EXPECT_EQ(SqlScalar(standby_url_,
                      "SELECT count(*) FROM plume_customers WHERE account_id IN (" + list + ")"),
            std::to_string(acknowledged.size()));

  // Reads of data written before the failover, and a token issued after it, both work.
  const std::string first_id = SqlScalar(
      standby_url_, "SELECT id FROM plume_customers WHERE account_id = '" + acknowledged[0] + "'");
  HttpClient http(server_.port());
  auto found = http.Send(verb::get, "/api/Customers/" + first_id, "",
                         {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(found.result_int(), 200u) << found.body();
  EXPECT_FALSE(PartnerAccessToken(server_.port(), "acme", client_id_, client_secret_).empty());

  // The broken connections to the old primary were dropped from the pool.
  const std::string metrics = http.Get("/metrics").body();
  const std::string dropped = "\nispcloud_db_pool_dropped_total ";
  const size_t at = metrics.find(dropped);
  ASSERT_NE(at, std::string::npos) << metrics;
  EXPECT_GT(std::stoll(metrics.substr(at + dropped.size())), 0);
}

}  // namespace
}  // namespace ispcloud::e2e
