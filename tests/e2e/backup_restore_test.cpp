// A backup as docs/operations.md describes it: `pg_dump -Fc` of a running installation, restored
// with `pg_restore` into a new database, serves everything written before the dump (customers,
// API clients with their hashed secrets, signing keys: a token issued before the dump is still
// accepted) and nothing written after it. Runs in the e2e_pg run only.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "harness.h"
#include "support/cluster_database.h"
#include "support/pg_url.h"
#include "test_database.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;
using verb = beast_http::verb;

// Both servers name the same issuer, as the instances behind one balancer would.
constexpr const char* kPublicUrl = "http://ispcloud.example.test";

class BackupRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!E2eOnPostgres()) GTEST_SKIP() << "needs PostgreSQL: runs as e2e_pg.BackupRestoreTest.*";
    db_ = DbUrlOf(dir_.path());
    ASSERT_FALSE(db_.empty());
    ASSERT_EQ(RunIspcloud({"partner", "create", "--id", "acme", "--name", "Acme", "--db", db_})
                  .exit_code,
              0);
    auto client = RunIspcloud({"client", "create", "--partner", "acme", "--db", db_});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto doc = json::parse(client.out);
    client_id_ = S(doc.at("client_id"));
    client_secret_ = S(doc.at("client_secret"));
  }

  // Registers a customer through `server`; returns its id ("" on failure).
  std::string Register(ServerProcess& server, const std::string& token,
                       const std::string& account) {
    const json::object body{{"partnerId", "acme"},
                            {"accountId", account},
                            {"name", "Ada"},
                            {"email", account + "@example.org"}};
    HttpClient http(server.port());
    auto res = http.Send(verb::post, "/api/Customers/register", json::serialize(body),
                         {{"Authorization", "Bearer " + token},
                          {"Content-Type", "application/json"}});
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    if (res.result_int() != 200u) return "";
    return S(json::parse(res.body()).at("id"));
  }

  static unsigned GetCustomer(ServerProcess& server, const std::string& token,
                              const std::string& id) {
    HttpClient http(server.port());
    return http.Send(verb::get, "/api/Customers/" + id, "", {{"Authorization", "Bearer " + token}})
        .result_int();
  }

  TempDir dir_;
  std::string db_, client_id_, client_secret_;
};

TEST_F(BackupRestoreTest, ARestoredDumpServesWhatWasWrittenBeforeIt) {
  ServerProcess original;
  ASSERT_TRUE(original.Start(dir_.path(), {"--public-url", kPublicUrl}));
  const std::string token = PartnerAccessToken(original.port(), "acme", client_id_, client_secret_);
  ASSERT_FALSE(token.empty());
  const std::string before = Register(original, token, "BACKUP-1");
  ASSERT_FALSE(before.empty());

  // Online: the server keeps running during the dump.
  const std::string cluster = test_support::SharedClusterDir();
  const std::string name = test_support::DatabaseOf(db_);
  const std::string file = dir_.path() + "/ispcloud.dump";
  auto dumped = test_support::RunPgClusterScript("dump '" + cluster + "' " + name + " '" + file +
                                                 "'");
  ASSERT_TRUE(dumped.first) << dumped.second;
  const std::string after = Register(original, token, "BACKUP-2");
  ASSERT_FALSE(after.empty());

  auto restored = test_support::RunPgClusterScript("restore '" + cluster + "' " + name +
                                                   "_restored '" + file + "'");
  ASSERT_TRUE(restored.first) << restored.second;
  const std::string restored_url = restored.second.substr(restored.second.rfind('\n') + 1);
  ServerProcess copy;
  ASSERT_TRUE(copy.Start(dir_.path(), {"--db", restored_url, "--public-url", kPublicUrl}));

  // The token issued before the dump verifies (the signing keys came along), the customer
  // registered before it is there, the one registered after it is not.
  EXPECT_EQ(GetCustomer(copy, token, before), 200u);
  EXPECT_EQ(GetCustomer(copy, token, after), 401u);  // Plume's answer for an unknown id
  // The hashed client secret came along: the restored installation issues tokens.
  const std::string fresh = PartnerAccessToken(copy.port(), "acme", client_id_, client_secret_);
  ASSERT_FALSE(fresh.empty());
  EXPECT_FALSE(Register(copy, fresh, "BACKUP-3").empty());
  EXPECT_EQ(SqlScalar(restored_url, "SELECT count(*) FROM plume_customers WHERE id = '" + after +
                                        "'"),
            "0");
  EXPECT_EQ(SqlScalar(restored_url, "SELECT count(*) FROM plume_customers"), "2");
  copy.Stop(SIGTERM);
  test_support::RunPgClusterScript("dropdb '" + cluster + "' " + name + "_restored");
}

}  // namespace
}  // namespace ispcloud::e2e
