// Connecting: a host that accepts TCP connections but never answers is given up after the
// URL's connect_timeout, and the next host of a multi-host URL is tried (the driver enforces
// the timeout itself: libpq's non-blocking connect ignores it).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "pg_fixture.h"
#include "support/pg_url.h"

namespace ispcloud::storage::pg_test {
namespace {

using Clock = std::chrono::steady_clock;

// A listening socket on 127.0.0.1 that nobody accepts from: the kernel completes the TCP
// handshake, then the client's startup message is never answered, like a hung server.
class SilentHost {
 public:
  SilentHost() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 64) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentHost() { close(fd_); }
  SilentHost(const SilentHost&) = delete;
  SilentHost& operator=(const SilentHost&) = delete;
  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class PgConnectTest : public PgTest {};

TEST_F(PgConnectTest, AHostThatNeverAnswersIsGivenUpAfterTheConnectTimeout) {
  SilentHost silent;
  const auto start = Clock::now();
  auto db = PgDatabase::Open(
      {"postgresql://postgres@" + silent.Address() + "/ispcloud_test?connect_timeout=2", 2});
  const double took = SecondsSince(start);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(db.error().api_code, kDbUnavailable);
  EXPECT_NE(db.error().message.find("no answer within 2 s"), std::string::npos)
      << db.error().message;
  EXPECT_GE(took, 1.9);
  EXPECT_LT(took, 15.0);
}

TEST_F(PgConnectTest, TheNextHostIsTriedWhenTheFirstNeverAnswers) {
  SilentHost silent;
  using ::ispcloud::test_support::DatabaseOf;
  using ::ispcloud::test_support::HostPortOf;
  const std::string url = "postgresql://postgres@" + silent.Address() + "," + HostPortOf(url_) +
                          "/" + DatabaseOf(url_) + "?connect_timeout=2";
  const auto start = Clock::now();
  std::unique_ptr<PgDatabase> db = OpenOrFail(url, 2);
  ASSERT_NE(db, nullptr);
  EXPECT_GE(SecondsSince(start), 1.9);  // the silent host had its full timeout first
  EXPECT_EQ(ScalarInt(*db, "SELECT 41 + 1"), 42);
}

TEST_F(PgConnectTest, EveryHostsReasonIsReportedWhenNoneAccepts) {
  SilentHost silent;
  auto db = PgDatabase::Open({"postgresql://postgres@" + silent.Address() +
                                  ",127.0.0.1:1/ispcloud_test?connect_timeout=2",
                              2});
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(silent.Address() + ": no answer within 2 s"),
            std::string::npos)
      << db.error().message;
  EXPECT_NE(db.error().message.find("127.0.0.1:1: "), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace ispcloud::storage::pg_test
