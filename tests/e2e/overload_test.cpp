// Overload (issue 9): thousands of connections that hold the server's attention without
// finishing a request (slow headers, slow bodies) and a request flood must not stop a normal
// client from being served; above `max_connections` the server sheds load with 503 +
// Retry-After instead of growing memory without bound. Latencies of the normal client are
// printed for information only (speed goals live in bench/, not in tests).

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

using namespace std::chrono_literals;

class OverloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 2,000 client sockets here and as many in the server (which inherits the limit).
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_max != RLIM_INFINITY && files.rlim_max < 5000) {
      GTEST_SKIP() << "needs 5000 open files, the hard limit is " << files.rlim_max;
    }
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < 5000) {
      files.rlim_cur = std::min<rlim_t>(files.rlim_max, 20000);
      ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &files), 0);
    }
  }

  void StartWith(const std::string& server_toml) {
    const std::string path = dir_.path() + "/ispcloud.toml";
    std::ofstream(path) << "[server]\n" << server_toml << "[log]\naccess_log = false\n";
    ASSERT_TRUE(server_.Start(dir_.path(), {"--config", path}));
  }

  // Resident memory of the server process in KiB (VmRSS), 0 when unreadable.
  int64_t ServerRssKib() {
    std::ifstream status("/proc/" + std::to_string(server_.pid()) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
    }
    return 0;
  }

  // Opens `n` connections that each start a request and never finish it: even ones stop inside
  // the header, odd ones announce a body and send only part of it.
  std::vector<std::unique_ptr<RawConnection>> OpenStalled(int n) {
    std::vector<std::unique_ptr<RawConnection>> out;
    out.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      auto c = std::make_unique<RawConnection>(server_.port());
      if (i % 2 == 0) {
        c->Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      } else {
        c->Send(
            "POST /api/Customers/register HTTP/1.1\r\nHost: x\r\nContent-Type: "
            "application/json\r\nContent-Length: 5000\r\n\r\n{\"partnerId\":");
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  TempDir dir_;
  ServerProcess server_;
};

TEST_F(OverloadTest, StalledConnectionsAndAFloodDoNotStopANormalClient) {
  StartWith("header_timeout_ms = 30000\nbody_timeout_ms = 30000\n");
  auto stalled = OpenStalled(2000);

  // A flood: four clients sending requests back to back on keep-alive connections.
  std::atomic<bool> stop{false};
  std::atomic<int64_t> flood_ok{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&] {
      try {
        HttpClient c(server_.port());
        while (!stop) {
          if (c.Get("/healthz").result_int() == 200u) ++flood_ok;
        }
      } catch (const std::exception&) {
        // A flood connection that is cut is fine; the normal client below is what counts.
      }
    });
  }

  std::vector<double> ms;
  for (int i = 0; i < 200; ++i) {
    const auto start = std::chrono::steady_clock::now();
    HttpClient c(server_.port());  // a new connection each time, as a fresh client would
    auto res = c.Get("/healthz");
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    ASSERT_EQ(res.result_int(), 200u) << "request " << i;
  }
  stop = true;
  for (std::thread& t : flood) t.join();
  EXPECT_GT(flood_ok.load(), 0);

  // The stalled connections are still open (not refused), each holding the server's attention.
  int still_open = 0;
  for (auto& c : stalled) {
    if (c->Send(" ")) ++still_open;
  }
  EXPECT_GT(still_open, 1900);
  std::sort(ms.begin(), ms.end());
  std::printf("normal client under 2000 stalled connections + flood: p50 %.1f ms, p99 %.1f ms\n",
              ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
}

TEST_F(OverloadTest, ConnectionsBeyondTheCapGet503AndMemoryStaysBounded) {
  StartWith("max_connections = 300\nheader_timeout_ms = 30000\n");
  const int64_t rss_before = ServerRssKib();
  auto stalled = OpenStalled(300);
  auto attempt = [&] {
    RawConnection extra(server_.port());
    // Connection: close, so that an attempt the server still admits ends at once too.
    extra.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return extra.ReadUntilClose(3s);
  };
  // Until the server has accepted and counted all 300, an extra client may still get in. On a
  // loaded machine one stalled connection may also never be held by the server (seen once in a
  // CI-like run: 200 admitted attempts, 299 of the 300 still open); after every 20 admitted
  // attempts the test opens two more stalled connections (at most 20), so that what it checks
  // is the behaviour at the cap.
  bool at_cap = false;
  std::string last;
  int added = 0;
  for (int i = 0; i < 200 && !at_cap; ++i) {
    last = attempt();
    at_cap = StatusOfRaw(last) == 503;
    if (at_cap) break;
    if (i % 20 == 19 && added < 20) {
      for (auto& c : OpenStalled(2)) stalled.push_back(std::move(c));
      added += 2;
    }
    std::this_thread::sleep_for(50ms);
  }
  if (!at_cap) {
    int open = 0;
    for (auto& c : stalled) open += c->Send(" ") ? 1 : 0;
    FAIL() << "no 503 after 200 attempts; stalled connections still open: " << open << " of "
           << stalled.size() << "; last reply: '" << last.substr(0, 200) << "'";
  }

  int shed = 0;
  for (int i = 0; i < 500; ++i) {
    const std::string reply = attempt();
    if (StatusOfRaw(reply) == 503) {
      ++shed;
      if (shed == 1) {
        EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
      }
    }
  }
  EXPECT_EQ(shed, 500);
  // 800 connection attempts: memory grows by what 300 held connections need, not per attempt.
  const int64_t rss_after = ServerRssKib();
  ASSERT_GT(rss_before, 0);
  EXPECT_LT(rss_after - rss_before, 256 * 1024)
      << "RSS grew from " << rss_before << " KiB to " << rss_after << " KiB";

  // Once the stalled clients go, a normal client is served again.
  stalled.clear();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    HttpClient c(server_.port());
    served = c.Get("/healthz").result_int() == 200u;
    if (!served) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(served);
}

}  // namespace
}  // namespace ispcloud::e2e
