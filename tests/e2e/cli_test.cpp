// End-to-end tests of the command line: exit codes, JSON output, config and env handling.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

class CliTest : public ::testing::Test {
 protected:
  std::string Db() const { return "sqlite:" + dir_.path() + "/cli.db"; }
  CommandResult Run(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(Db());
    return RunIspcloud(args);
  }
  TempDir dir_;
};

TEST_F(CliTest, VersionPrintsJson) {
  auto r = RunIspcloud({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_FALSE(boost::json::parse(r.out).at("version").as_string().empty());
}

TEST_F(CliTest, HelpOnEveryCommandExitsZero) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"serve", "--help"},
                                        {"migrate", "--help"},
                                        {"partner", "create", "--help"},
                                        {"partner", "lock", "--help"},
                                        {"group", "create", "--help"}}) {
    auto r = RunIspcloud(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("--"), std::string::npos) << r.out;
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunIspcloud({}).exit_code, 2);
  EXPECT_EQ(RunIspcloud({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunIspcloud({"serve", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(Run({"partner", "create", "--id", "x"}).exit_code, 2);  // --name missing
  auto bad_id = Run({"partner", "create", "--id", "bad id!", "--name", "X"});
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_NE(bad_id.err.find("id"), std::string::npos);
  auto bad_threads = RunIspcloud({"migrate", "--db", Db()}, {{"ISPCLOUD_THREADS", "many"}});
  EXPECT_EQ(bad_threads.exit_code, 2);
  EXPECT_NE(bad_threads.err.find("ISPCLOUD_THREADS"), std::string::npos) << bad_threads.err;
  auto bad_db = RunIspcloud({"migrate", "--db", "mysql://nope"});
  EXPECT_EQ(bad_db.exit_code, 2);
  EXPECT_NE(bad_db.err.find("sqlite:"), std::string::npos) << bad_db.err;
}

TEST_F(CliTest, MigrateReportsSchemaVersionAndIsIdempotent) {
  auto first = Run({"migrate"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto doc = boost::json::parse(first.out);
  EXPECT_EQ(doc.at("schemaVersion"), doc.at("latestVersion"));
  EXPECT_GE(doc.at("schemaVersion").to_number<int>(), 1);
  auto second = Run({"migrate"});
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_EQ(boost::json::parse(second.out), doc);
  EXPECT_EQ(second.err.find("applying"), std::string::npos) << second.err;
}

TEST_F(CliTest, PartnerLifecycle) {
  auto created = Run({"partner", "create", "--id", "acme-fibre", "--name", "ACME Fibre"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto p = boost::json::parse(created.out);
  EXPECT_EQ(p.at("id"), "acme-fibre");
  EXPECT_EQ(p.at("name"), "ACME Fibre");
  EXPECT_EQ(p.at("locked"), false);

  auto dup = Run({"partner", "create", "--id", "acme-fibre", "--name", "Again"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos);

  auto locked = Run({"partner", "lock", "--id", "acme-fibre"});
  ASSERT_EQ(locked.exit_code, 0) << locked.err;
  EXPECT_EQ(boost::json::parse(locked.out).at("locked"), true);

  auto list = Run({"partner", "list"});
  ASSERT_EQ(list.exit_code, 0);
  auto arr = boost::json::parse(list.out).as_array();
  ASSERT_EQ(arr.size(), 1u);
  EXPECT_EQ(arr[0].at("locked"), true);

  auto unlocked = Run({"partner", "unlock", "--id", "acme-fibre"});
  ASSERT_EQ(unlocked.exit_code, 0);
  EXPECT_EQ(boost::json::parse(unlocked.out).at("locked"), false);

  EXPECT_EQ(Run({"partner", "lock", "--id", "missing"}).exit_code, 1);
}

TEST_F(CliTest, GroupCreateNeedsAnExistingPartner) {
  EXPECT_EQ(Run({"group", "create", "--partner", "nobody", "--id", "g1", "--name", "G"}).exit_code,
            1);
  ASSERT_EQ(Run({"partner", "create", "--id", "p1", "--name", "P"}).exit_code, 0);
  auto g = Run({"group", "create", "--partner", "p1", "--id", "g1", "--name", "North"});
  ASSERT_EQ(g.exit_code, 0) << g.err;
  EXPECT_EQ(boost::json::parse(g.out).at("partnerId"), "p1");
  EXPECT_EQ(Run({"group", "create", "--partner", "p1", "--id", "g1", "--name", "N"}).exit_code, 1);
}

TEST_F(CliTest, EveryStateChangeIsAudited) {
  ASSERT_EQ(Run({"partner", "create", "--id", "p1", "--name", "P"}).exit_code, 0);
  ASSERT_EQ(Run({"partner", "lock", "--id", "p1"}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() + "/cli.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT action FROM audit_log WHERE entity_id = 'p1' ORDER BY id", -1, &st,
                     nullptr);
  std::vector<std::string> actions;
  while (sqlite3_step(st) == SQLITE_ROW) {
    actions.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(actions, (std::vector<std::string>{"partner.create", "partner.lock"}));
}

TEST_F(CliTest, DbUrlFromEnvironment) {
  auto r =
      RunIspcloud({"partner", "create", "--id", "envp", "--name", "E"}, {{"ISPCLOUD_DB", Db()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = Run({"partner", "list"});
  EXPECT_NE(list.out.find("envp"), std::string::npos);
}

TEST_F(CliTest, InvalidConfigFileIsRefusedWithEveryProblem) {
  std::string path = dir_.path() + "/bad.toml";
  std::ofstream(path) << "[server]\nthreads = -3\nmax_body_bytes = \"big\"\nbogus = 1\n"
                         "[database]\nsynchronous = \"SOMETIMES\"\n";
  auto r = RunIspcloud({"serve", "--config", path, "--db", Db()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("max_body_bytes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
}

TEST_F(CliTest, ConfigFileWithOnlyTrustedIssuersIsValid) {
  std::string path = dir_.path() + "/issuers.toml";
  std::ofstream(path)
      << "[[auth.trusted_issuer]]\nissuer = \"https://kc.example/realms/x\"\n"
         "jwks_uri = \"https://kc.example/realms/x/protocol/openid-connect/certs\"\n"
         "audience = \"account\"\npreset = \"keycloak\"\n";
  auto r = RunIspcloud({"migrate", "--config", path, "--db", Db()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CliTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() + "/cli.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO schema_migrations (version, name, applied_at) "
                         "VALUES (9999, 'future', '2030-01-01T00:00:00.000Z')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto r = Run({"migrate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newer"), std::string::npos) << r.err;
  auto serve = RunIspcloud({"serve", "--listen", "127.0.0.1:0", "--db", Db()});
  EXPECT_EQ(serve.exit_code, 1);
  EXPECT_NE(serve.err.find("newer"), std::string::npos) << serve.err;
}

}  // namespace
}  // namespace ispcloud::e2e

namespace ispcloud::e2e {
namespace {

// Priority: config file < environment < flags.
TEST(CliPrecedenceTest, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
  TempDir dir;
  const std::string file_db = "sqlite:" + dir.path() + "/file.db";
  const std::string env_db = "sqlite:" + dir.path() + "/env.db";
  const std::string flag_db = "sqlite:" + dir.path() + "/flag.db";
  const std::string config = dir.path() + "/c.toml";
  std::ofstream(config) << "[database]\nurl = \"" << file_db << "\"\n";

  auto from_file =
      RunIspcloud({"partner", "create", "--id", "in-file", "--name", "F", "--config", config});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  auto from_env =
      RunIspcloud({"partner", "create", "--id", "in-env", "--name", "E", "--config", config},
                  {{"ISPCLOUD_DB", env_db}});
  ASSERT_EQ(from_env.exit_code, 0) << from_env.err;
  auto from_flag = RunIspcloud(
      {"partner", "create", "--id", "in-flag", "--name", "G", "--config", config, "--db", flag_db},
      {{"ISPCLOUD_DB", env_db}});
  ASSERT_EQ(from_flag.exit_code, 0) << from_flag.err;

  auto ids_in = [](const std::string& db) {
    auto r = RunIspcloud({"partner", "list", "--db", db});
    std::vector<std::string> ids;
    boost::json::value doc = boost::json::parse(r.out);
    for (auto& p : doc.as_array()) {
      ids.emplace_back(p.at("id").as_string());
    }
    return ids;
  };
  EXPECT_EQ(ids_in(file_db), std::vector<std::string>{"in-file"});
  EXPECT_EQ(ids_in(env_db), std::vector<std::string>{"in-env"});
  EXPECT_EQ(ids_in(flag_db), std::vector<std::string>{"in-flag"});
}

TEST(CliPrecedenceTest, ListenFlagBeatsEnvironment) {
  TempDir dir;
  ServerProcess server;
  // The harness passes --listen 127.0.0.1:0; an env var must not override a flag.
  ASSERT_TRUE(server.Start(dir.path(), {}, {{"ISPCLOUD_LISTEN", "127.0.0.1:1"}}));
  EXPECT_NE(server.port(), 1);
  HttpClient c(server.port());
  EXPECT_EQ(c.Get("/healthz").result_int(), 200u);
}

}  // namespace
}  // namespace ispcloud::e2e
