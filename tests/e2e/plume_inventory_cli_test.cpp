// End-to-end tests of `ispcloud inventory import` (DESIGN.md; PLUME-API.md §10, §1.4): validation
// with line numbers, all-or-nothing import, audit, 409 semantics for existing serials.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

class InventoryCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"partner", "create", "--id", "acme", "--name", "Acme"}).exit_code, 0);
    ASSERT_EQ(Run({"partner", "create", "--id", "other", "--name", "Other"}).exit_code, 0);
  }

  CommandResult Run(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(DbUrlOf(dir_.path()));
    return RunIspcloud(args);
  }

  // Writes `text` to a new file in the temporary directory and imports it for `partner`.
  CommandResult Import(const std::string& partner, const std::string& text) {
    const std::string path = dir_.path() + "/inv" + std::to_string(++files_) + ".csv";
    std::ofstream(path) << text;
    return Run({"inventory", "import", "--partner", partner, "--file", path});
  }

  // Runs a single-value SQL query against the database.
  std::string Scalar(const std::string& sql) { return SqlScalar(DbUrlOf(dir_.path()), sql); }

  TempDir dir_;
  int files_ = 0;
};

TEST_F(InventoryCliTest, ImportsEveryRowWithAudit) {
  auto r =
      Import("acme", "serialNumber,model,packId\nGW1,PP203X,\nPOD1,PP203X,PK1\nPOD2,PP203X,PK1\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(boost::json::parse(r.out), boost::json::parse(R"({"imported":3})"));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM plume_inventory_nodes WHERE partner_id = 'acme'"), "3");
  EXPECT_EQ(Scalar("SELECT pack_id FROM plume_inventory_nodes WHERE id = 'POD2'"), "PK1");
  EXPECT_EQ(Scalar("SELECT pack_id IS NULL FROM plume_inventory_nodes WHERE id = 'GW1'"), "1");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'inventory.import' AND "
                   "tenant = 'acme'"),
            "3");
}

TEST_F(InventoryCliTest, InvalidRowsNameTheirLinesAndImportNothing) {
  auto r = Import("acme", "serialNumber,model\nOK1,M\nBAD SERIAL,M\nOK2,\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 4"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM plume_inventory_nodes"), "0");

  auto header = Import("acme", "serial,model\nOK1,M\n");
  EXPECT_EQ(header.exit_code, 2);
  EXPECT_NE(header.err.find("line 1"), std::string::npos) << header.err;
}

TEST_F(InventoryCliTest, ExistingSerialFailsTheWholeFile) {
  ASSERT_EQ(Import("acme", "serialNumber,model\nDUP1,M\n").exit_code, 0);
  auto same = Import("acme", "serialNumber,model\nNEW1,M\nDUP1,M\n");
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_NE(same.err.find("line 3"), std::string::npos) << same.err;
  // Serials are unique per deployment: another partner cannot import it either.
  auto other = Import("other", "serialNumber,model\nDUP1,M\n");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM plume_inventory_nodes WHERE id = 'NEW1'"), "0");
  EXPECT_EQ(Scalar("SELECT partner_id FROM plume_inventory_nodes WHERE id = 'DUP1'"), "acme");
  EXPECT_EQ(Import("acme", "serialNumber,model\nNEW1,M\n").exit_code, 0);
}

TEST_F(InventoryCliTest, UnknownPartnerAndMissingFile) {
  auto unknown = Import("nobody", "serialNumber,model\nA1,M\n");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("nobody"), std::string::npos) << unknown.err;
  auto missing = Run({"inventory", "import", "--partner", "acme", "--file", "/nonexistent.csv"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(Run({"inventory", "import", "--partner", "acme"}).exit_code, 2);  // --file missing
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM plume_inventory_nodes"), "0");
}

}  // namespace
}  // namespace ispcloud::e2e
