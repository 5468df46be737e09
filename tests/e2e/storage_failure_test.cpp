// Storage failures under a running server (issue 9), on SQLite:
// - a full disk: the database lives on a small tmpfs that the test mounts and then fills;
// - a file system that turns read-only: an ext4 image on a loop device, mounted
//   errors=remount-ro, made to report an error (as a failing disk would), so the kernel
//   remounts it read-only under the open database.
// Writes must fail with 503 + Retry-After and a clear log line, with no SQL or driver text in
// the answer; reads keep working; every acknowledged write is there afterwards and no refused
// one is. Needs the right to mount (root with CAP_SYS_ADMIN, as on the CI machines) and, for
// the read-only case, loop devices; skipped with the reason otherwise.

#include <errno.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "harness.h"
#include "support/shell.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
namespace json = boost::json;

class StorageFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_ = dir_.path() + "/fs";
    std::filesystem::create_directory(fs_);
    if (mount("tmpfs", fs_.c_str(), "tmpfs", 0, "size=8m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
    }
    mounted_ = true;
    StartServerOn(fs_);
  }

  // Creates a partner and an API client in a database in `dir`, starts the server on it and
  // takes a partner token.
  void StartServerOn(const std::string& dir) {
    const std::string db = "sqlite:" + dir + "/ispcloud.db";
    ASSERT_EQ(
        RunIspcloud({"partner", "create", "--id", "acme", "--name", "Acme", "--db", db}).exit_code,
        0);
    auto client = RunIspcloud({"client", "create", "--partner", "acme", "--db", db});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    const json::value c = json::parse(client.out);
    ASSERT_TRUE(server_.Start(dir));
    token_ =
        PartnerAccessToken(server_.port(), "acme", S(c.at("client_id")), S(c.at("client_secret")));
    ASSERT_FALSE(token_.empty());
  }

  void TearDown() override {
    server_.Stop(SIGTERM);
    if (mounted_) umount2(fs_.c_str(), MNT_DETACH);
  }

  HttpResponse Register(const std::string& account) {
    const json::object body{
        {"partnerId", "acme"}, {"accountId", account}, {"name", "Customer " + account}};
    HttpClient http(server_.port());
    return http.Send(verb::post, "/api/Customers/register", json::serialize(body),
                     {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
  }

  HttpResponse GetCustomer(const std::string& id) {
    HttpClient http(server_.port());
    return http.Send(verb::get, "/api/Customers/" + id, "",
                     {{"Authorization", "Bearer " + token_}});
  }

  // Fills the file system with a ballast file until no byte more fits.
  void FillDisk() {
    std::ofstream ballast(fs_ + "/ballast", std::ios::binary);
    const std::string chunk(64 * 1024, 'x');
    while (ballast.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) &&
           ballast.flush()) {
    }
  }

  // Registers five customers that must be acknowledged; adds them to `acknowledged`.
  void RegisterBefore(std::vector<std::pair<std::string, std::string>>& acknowledged) {
    for (int i = 0; i < 5; ++i) {
      const std::string account = "ACCT-BEFORE-" + std::to_string(i);
      auto res = Register(account);
      ASSERT_EQ(res.result_int(), 200u) << res.body();
      acknowledged.emplace_back(account, S(JsonOf(res).at("id")));
    }
  }

  // With the server stopped: every acknowledged account is there once, no refused one is, and
  // SQLite's integrity check passes.
  void ExpectNothingLostAndNothingRefusedWritten(
      const std::vector<std::pair<std::string, std::string>>& acknowledged,
      const std::vector<std::string>& refused) {
    for (const auto& [account, id] : acknowledged) EXPECT_EQ(CountAccount(account), 1) << account;
    for (const std::string& account : refused) EXPECT_EQ(CountAccount(account), 0) << account;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((fs_ + "/ispcloud.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
  }

  // How many customers with `account` the database holds (read with SQLite directly).
  int CountAccount(const std::string& account) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((fs_ + "/ispcloud.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    const std::string sql =
        "SELECT count(*) FROM plume_customers WHERE account_id = '" + account + "'";
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    int n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  TempDir dir_;
  std::string fs_;
  bool mounted_ = false;
  ServerProcess server_;
  std::string token_;
};

TEST_F(StorageFailureTest, FullDiskRefusesWritesWith503KeepsReadsAndLosesNothing) {
  std::vector<std::pair<std::string, std::string>> acknowledged;  // account, customer id
  ASSERT_NO_FATAL_FAILURE(RegisterBefore(acknowledged));

  FillDisk();
  // Writes go on while SQLite finds room in pages and WAL frames it already has; the first one
  // that needs new space is refused.
  std::vector<std::string> refused;
  for (int i = 0; i < 3000 && refused.empty(); ++i) {
    const std::string account = "ACCT-FULL-" + std::to_string(i);
    auto res = Register(account);
    if (res.result_int() == 200u) {
      acknowledged.emplace_back(account, S(JsonOf(res).at("id")));
      continue;
    }
    ASSERT_EQ(res.result_int(), 503u) << res.body();
    EXPECT_EQ(res[beast_http::field::retry_after], "1");
    const json::value error = JsonOf(res).at("error");
    EXPECT_EQ(S(error.at("code")), "SERVICE_UNAVAILABLE") << res.body();
    EXPECT_NE(S(error.at("message")).find("the database is full"), std::string::npos) << res.body();
    EXPECT_EQ(res.body().find("SQL"), std::string::npos) << res.body();
    EXPECT_EQ(res.body().find("INSERT"), std::string::npos) << res.body();
    refused.push_back(account);
  }
  ASSERT_FALSE(refused.empty()) << "the full disk never refused a write";
  EXPECT_TRUE(server_.WaitForLine("database_unavailable", std::chrono::seconds(5)));

  // Reads keep working while the disk is full.
  for (const auto& [account, id] : acknowledged) {
    EXPECT_EQ(GetCustomer(id).result_int(), 200u) << account;
  }

  // Space is back: writes work again, without a restart.
  std::filesystem::remove(fs_ + "/ballast");
  auto res = Register("ACCT-AFTER");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  acknowledged.emplace_back("ACCT-AFTER", S(JsonOf(res).at("id")));

  // Nothing acknowledged is lost, nothing refused was written, the file is sound.
  ASSERT_EQ(server_.Stop(SIGTERM), 0);
  ExpectNothingLostAndNothingRefusedWritten(acknowledged, refused);
}

// The read-only case: the database on an ext4 image the test attaches to a loop device.
class StorageFailureReadOnlyTest : public StorageFailureTest {
 protected:
  void SetUp() override {
    const std::string image = dir_.path() + "/disk.img";
    fs_ = dir_.path() + "/fs";
    std::filesystem::create_directory(fs_);
    if (!Shell("truncate -s 32M '" + image + "' && mkfs.ext4 -q -F '" + image + "'")) {
      GTEST_SKIP() << "cannot make an ext4 image (mkfs.ext4 missing?)";
    }
    loop_ = Output("losetup --find --show '" + image + "' 2>/dev/null");
    if (loop_.empty()) GTEST_SKIP() << "no loop device available here";
    if (!Shell("mount -o errors=remount-ro '" + loop_ + "' '" + fs_ + "'")) {
      GTEST_SKIP() << "cannot mount an ext4 image here";
    }
    mounted_ = true;
    trigger_ = "/sys/fs/ext4/" + loop_.substr(loop_.rfind('/') + 1) + "/trigger_fs_error";
    if (!std::filesystem::exists(trigger_)) GTEST_SKIP() << "this kernel has no " << trigger_;
    StartServerOn(fs_);
  }

  void TearDown() override {
    server_.Stop(SIGTERM);
    if (mounted_) Shell("umount '" + fs_ + "'");
    if (!loop_.empty()) Shell("losetup -d '" + loop_ + "'");
  }

  static bool Shell(const std::string& command) {
    return test_support::RunShell(command + " >/dev/null 2>&1").exit_code == 0;
  }
  static std::string Output(const std::string& command) {
    return test_support::RunShell(command).out;
  }

  std::string loop_;
  std::string trigger_;
};

TEST_F(StorageFailureReadOnlyTest, AFileSystemTurnedReadOnlyRefusesWritesWith503AndKeepsReads) {
  std::vector<std::pair<std::string, std::string>> acknowledged;  // account, customer id
  ASSERT_NO_FATAL_FAILURE(RegisterBefore(acknowledged));

  // The kernel remounts the file system read-only, the database still open.
  std::ofstream(trigger_) << "1\n";
  // The kernel reports it as "ro" or, on a read-write mount, with the "emergency_ro" flag.
  const std::string mount_line = Output("grep ' " + fs_ + " ' /proc/mounts");
  ASSERT_TRUE(mount_line.find(" ro,") != std::string::npos ||
              mount_line.find("emergency_ro") != std::string::npos)
      << "the file system did not turn read-only: " << mount_line;

  std::vector<std::string> refused;
  for (int i = 0; i < 5; ++i) {
    const std::string account = "ACCT-RO-" + std::to_string(i);
    auto res = Register(account);
    ASSERT_EQ(res.result_int(), 503u) << res.body();
    EXPECT_EQ(res[beast_http::field::retry_after], "1");
    const json::value error = JsonOf(res).at("error");
    EXPECT_EQ(S(error.at("code")), "SERVICE_UNAVAILABLE") << res.body();
    EXPECT_NE(S(error.at("message")).find("the database is read-only"), std::string::npos)
        << res.body();
    EXPECT_EQ(res.body().find("SQL"), std::string::npos) << res.body();
    refused.push_back(account);
  }
  EXPECT_TRUE(server_.WaitForLine("database_unavailable", std::chrono::seconds(5)));

  // Reads keep working, and the server stays up.
  for (const auto& [account, id] : acknowledged) {
    EXPECT_EQ(GetCustomer(id).result_int(), 200u) << account;
  }
  HttpClient http(server_.port());
  EXPECT_EQ(http.Get("/healthz").result_int(), 200u);

  // After a restart on the repaired file system, nothing acknowledged is lost and nothing
  // refused was written.
  server_.Stop(SIGTERM);
  ASSERT_TRUE(Shell("umount '" + fs_ + "'"));
  mounted_ = false;
  Shell("e2fsck -fy '" + loop_ + "'");  // exits non-zero after repairing: not an error here
  ASSERT_TRUE(Shell("mount '" + loop_ + "' '" + fs_ + "'"));
  mounted_ = true;
  ExpectNothingLostAndNothingRefusedWritten(acknowledged, refused);
}

}  // namespace
}  // namespace ispcloud::e2e
