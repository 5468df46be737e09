// `ispcloud voucher batch` (DESIGN.md operator contract; OPTIVA-API.md §2.20 row 92): the
// numbers are printed once and stored only as keyed hashes.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

class BssVoucherCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"sp", "create", "--id", "1", "--name", "HappyPhone"}).exit_code, 0);
  }
  std::string Db() const { return DbUrlOf(dir_.path()); }
  CommandResult Run(std::vector<std::string> args,
                    const std::map<std::string, std::string>& env = {}) {
    args.push_back("--db");
    args.push_back(Db());
    return RunIspcloud(args, env);
  }
  CommandResult Batch(std::vector<std::string> extra,
                      const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args = {
        "voucher",         "batch", "--spid",           "1",
        "--count",         "3",     "--voucher-amount", "100000",
        "--duration-days", "30",    "--expires-at",     "2099-12-31T23:59:59Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args, env);
  }
  // Every text value of bss_vouchers, concatenated.
  std::string StoredText() {
    std::string all;
    for (const auto& row : SqlRows(Db(), "SELECT * FROM bss_vouchers")) {
      for (const std::string& column : row) all += column + "|";
    }
    return all;
  }
  TempDir dir_;
};

TEST_F(BssVoucherCliTest, PrintsTheBatchOnceAndStoresNoNumber) {
  auto r = Batch({"--bonus-amount", "5000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = boost::json::parse(r.out).as_object();
  EXPECT_EQ(S(doc.at("batchNumber")), "B0000001");
  const auto& vouchers = doc.at("vouchers").as_array();
  ASSERT_EQ(vouchers.size(), 3u);
  std::set<std::string> numbers;
  const std::string stored = StoredText();
  for (size_t i = 0; i < vouchers.size(); ++i) {
    const auto& v = vouchers[i].as_object();
    const std::string number = S(v.at("voucherNumber"));
    EXPECT_EQ(number.size(), 16u);
    EXPECT_EQ(S(v.at("serialNumber")), "SN000000" + std::to_string(i + 1));
    EXPECT_EQ(stored.find(number), std::string::npos) << "number stored in clear";
    numbers.insert(number);
  }
  EXPECT_EQ(numbers.size(), 3u);
  EXPECT_NE(stored.find("AVAILABLE"), std::string::npos);
  // The next batch continues the serials.
  auto next = Batch({"--batch-number", "PROMO-1"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  auto next_doc = boost::json::parse(next.out).as_object();
  EXPECT_EQ(S(next_doc.at("batchNumber")), "PROMO-1");
  EXPECT_EQ(S(next_doc.at("vouchers").as_array()[0].at("serialNumber")), "SN0000004");
}

TEST_F(BssVoucherCliTest, RefusesBadInput) {
  auto bad_count = Batch({"--count", "0"});
  EXPECT_NE(bad_count.exit_code, 0);
  EXPECT_NE(bad_count.err.find("count"), std::string::npos) << bad_count.err;
  auto past = Run({"voucher", "batch", "--spid", "1", "--count", "1", "--voucher-amount", "1",
                   "--duration-days", "1", "--expires-at", "2001-01-01T00:00:00Z"});
  EXPECT_NE(past.exit_code, 0);
  EXPECT_NE(past.err.find("expiresAt"), std::string::npos) << past.err;
  auto bad_spid = Run({"voucher", "batch", "--spid", "one", "--count", "1", "--voucher-amount", "1",
                       "--duration-days", "1", "--expires-at", "2099-01-01T00:00:00Z"});
  EXPECT_EQ(bad_spid.exit_code, 2);
  auto missing = Run({"voucher", "batch", "--spid", "1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(StoredText(), "");
}

}  // namespace
}  // namespace ispcloud::e2e
