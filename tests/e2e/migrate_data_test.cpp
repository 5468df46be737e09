// `ispcloud migrate-data`: an embedded SQLite installation moves to PostgreSQL without loss.
// Runs in the e2e_pg run (the target is a database of its cluster); skipped on SQLite alone.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

class MigrateDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!E2eOnPostgres()) GTEST_SKIP() << "needs PostgreSQL: runs as e2e_pg.MigrateDataTest.*";
    source_ = "sqlite:" + source_dir_.path() + "/ispcloud.db";
    target_ = DbUrlOf(target_dir_.path());
    ASSERT_FALSE(target_.empty());
  }

  CommandResult Cli(std::vector<std::string> args, const std::string& db) {
    args.push_back("--db");
    args.push_back(db);
    return RunIspcloud(args);
  }

  // An installation with Plume partners, inventory, API clients, a BSS service provider and a
  // voucher batch, each with its audit records.
  void PopulateSource() {
    ASSERT_EQ(Cli({"partner", "create", "--id", "acme", "--name", "Acme"}, source_).exit_code, 0);
    ASSERT_EQ(Cli({"partner", "create", "--id", "other", "--name", "O"}, source_).exit_code, 0);
    const std::string csv = source_dir_.path() + "/inventory.csv";
    std::ofstream(csv) << "serialNumber,model,packId\nGW1,PP203X,\nPOD1,PP203X,PK1\n";
    auto imported = Cli({"inventory", "import", "--partner", "acme", "--file", csv}, source_);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    auto client = Cli({"client", "create", "--partner", "acme"}, source_);
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto doc = boost::json::parse(client.out);
    client_id_ = S(doc.at("client_id"));
    client_secret_ = S(doc.at("client_secret"));
    ASSERT_EQ(Cli({"sp", "create", "--id", "1", "--name", "HappyPhone"}, source_).exit_code, 0);
    // Rowids may be zero or negative (an INTEGER PRIMARY KEY is the rowid): paging must not
    // skip such a row.
    SqlRows(source_, "UPDATE partners SET rowid = -5 WHERE id = 'other'");
    ASSERT_EQ(SqlScalar(source_, "SELECT rowid FROM partners WHERE id = 'other'"), "-5");
    auto batch = Cli({"voucher", "batch", "--spid", "1", "--count", "3", "--voucher-amount",
                      "100000", "--duration-days", "30", "--expires-at", "2099-12-31T23:59:59Z"},
                     source_);
    ASSERT_EQ(batch.exit_code, 0) << batch.err;
  }

  CommandResult MigrateData(const std::string& from, const std::string& to) {
    return RunIspcloud({"migrate-data", "--from", from, "--to", to, "--batch", "2"});
  }

  TempDir source_dir_;
  TempDir target_dir_;
  std::string source_, target_;
  std::string client_id_, client_secret_;
};

TEST_F(MigrateDataTest, CopiesEveryRowAndTheTargetServesIt) {
  PopulateSource();
  auto r = MigrateData(source_, target_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("counts and checksums match"), std::string::npos) << r.err;
  auto report = boost::json::parse(r.out).as_object();
  EXPECT_EQ(S(report.at("to")), "postgres");
  int64_t total = 0;
  for (const auto& t : report.at("tables").as_array()) {
    const std::string table = S(t.at("table"));
    const std::string count = "SELECT count(*) FROM " + table;
    EXPECT_EQ(S(t.at("rows")), SqlScalar(source_, count)) << table;
    EXPECT_EQ(SqlScalar(target_, count), SqlScalar(source_, count)) << table;
    total += t.at("rows").as_int64();
  }
  EXPECT_EQ(report.at("rows").as_int64(), total);
  EXPECT_EQ(SqlScalar(target_, "SELECT count(*) FROM plume_inventory_nodes"), "2");
  EXPECT_EQ(SqlScalar(target_, "SELECT count(*) FROM bss_vouchers"), "3");
  EXPECT_EQ(SqlScalar(target_, "SELECT name FROM partners WHERE id = 'other'"), "O");
  EXPECT_EQ(SqlScalar(target_, "SELECT name FROM partners WHERE id = 'acme'"), "Acme");
  EXPECT_NE(SqlScalar(target_, "SELECT count(*) FROM audit_log"), "0");

  // The hashed client secret and the signing keys came along: the server on the target issues a
  // token for the client created on SQLite; new audit records continue after the copied ids.
  ServerProcess server;
  ASSERT_TRUE(server.Start(target_dir_.path()));
  EXPECT_FALSE(PartnerAccessToken(server.port(), "acme", client_id_, client_secret_).empty());
  auto created = Cli({"partner", "create", "--id", "third", "--name", "T"}, target_);
  EXPECT_EQ(created.exit_code, 0) << created.err;
}

TEST_F(MigrateDataTest, RefusesATargetWithDataAndANonSqliteSource) {
  PopulateSource();
  ASSERT_EQ(MigrateData(source_, target_).exit_code, 0);
  const std::string partners = SqlScalar(target_, "SELECT count(*) FROM partners");
  auto again = MigrateData(source_, target_);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already holds data"), std::string::npos) << again.err;
  EXPECT_EQ(SqlScalar(target_, "SELECT count(*) FROM partners"), partners);

  auto from_pg = MigrateData(target_, DbUrlOf(source_dir_.path()));
  EXPECT_EQ(from_pg.exit_code, 2);
  EXPECT_NE(from_pg.err.find("--from must name a SQLite database"), std::string::npos)
      << from_pg.err;
}

TEST_F(MigrateDataTest, UnmigratedSourceIsRefused) {
  // A SQLite file with no schema at all: the operator must migrate it first.
  auto r = MigrateData(source_, target_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("run `ispcloud migrate --db <source>` first"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ispcloud::e2e
