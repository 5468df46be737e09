// Load driver for `make bench` (issue 5): durable write throughput of the Plume API against a
// raw SQLite baseline measured in the same run.
//
//   plume_load sqlite <file> <seconds>
//     Baseline: single-row INSERT transactions (WAL, synchronous=FULL) into a fresh file, one
//     writer, as fast as possible. Prints "sqlite_inserts_per_s <n>".
//   plume_load plume <port> <token> <partner> <connections> <seconds>
//     POST /api/Customers/register with unique accountIds for <seconds>, then claims one
//     inventory serial (BENCH000000, BENCH000001, ...) into each new location for at most
//     <seconds>. Prints "register_per_s <n>", "claim_per_s <n>", errors, and "customer_id <id>"
//     (one registered customer, for the GET test).

#include <sqlite3.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// The raw SQLite baseline: returns committed single-row transactions per second.
double SqliteInserts(const std::string& file, double seconds) {
  std::remove(file.c_str());
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) return 0;
  sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  sqlite3_exec(db,
               "CREATE TABLE t (id TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, "
               "created_at TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, 'Ada', '2026-11-23T00:00:00Z')", -1, &insert,
                     nullptr);
  long n = 0;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    const std::string id = "id-" + std::to_string(n);
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(insert) != SQLITE_DONE) break;
    sqlite3_reset(insert);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) break;
    ++n;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return n / elapsed;
}

// One keep-alive connection; Post returns the status (0 on a transport error) and the body.
class Connection {
 public:
  explicit Connection(unsigned short port) : socket_(ctx_) {
    socket_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  unsigned Post(const std::string& target, const std::string& token, const std::string& body,
                std::string& out) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    boost::system::error_code ec;
    http::write(socket_, req, ec);
    if (ec) return 0;
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res, ec);
    if (ec) return 0;
    out = std::move(res.body());
    return res.result_int();
  }

 private:
  boost::asio::io_context ctx_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

struct Phase {
  std::atomic<long> ok{0};
  std::atomic<long> errors{0};
  double elapsed = 0;
};

// Runs `work(worker, connection, i)` on `connections` threads until `seconds` pass or every
// worker's work returns false; records the elapsed time in `phase`.
template <typename Work>
void RunPhase(Phase& phase, unsigned short port, int connections, double seconds, Work work) {
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int w = 0; w < connections; ++w) {
    threads.emplace_back([&, w] {
      Connection conn(port);
      for (long i = 0; Clock::now() < end; ++i) {
        if (!work(w, conn, i)) break;
      }
    });
  }
  for (auto& t : threads) t.join();
  phase.elapsed = std::chrono::duration<double>(Clock::now() - start).count();
}

struct Customer {
  std::string id, location;
};

int Plume(unsigned short port, const std::string& token, const std::string& partner,
          int connections, double seconds) {
  std::vector<std::vector<Customer>> made(connections);
  Phase reg;
  RunPhase(reg, port, connections, seconds, [&](int w, Connection& conn, long i) {
    const std::string account = "BENCH-" + std::to_string(w) + "-" + std::to_string(i);
    const json::object body{{"partnerId", partner},
                            {"accountId", account},
                            {"name", "Ada Lovelace"},
                            {"email", account + "@example.com"}};
    std::string out;
    const unsigned status = conn.Post("/api/Customers/register", token, json::serialize(body), out);
    if (status != 200) {
      ++reg.errors;
      return status != 0;
    }
    ++reg.ok;
    const json::value doc = json::parse(out);
    made[w].push_back({std::string(doc.at("id").as_string()),
                       std::string(doc.at("locationId").as_string())});
    return true;
  });
  std::atomic<long> next_serial{0};
  Phase claim;
  RunPhase(claim, port, connections, seconds, [&](int w, Connection& conn, long i) {
    if (i >= static_cast<long>(made[w].size())) return false;
    const Customer& c = made[w][i];
    char serial[32];
    std::snprintf(serial, sizeof serial, "BENCH%06ld", next_serial.fetch_add(1));
    const json::object body{{"serialNumber", serial}};
    std::string out;
    const std::string target = "/api/Customers/" + c.id + "/locations/" + c.location + "/nodes";
    const unsigned status = conn.Post(target, token, json::serialize(body), out);
    if (status != 200) {
      ++claim.errors;
      if (claim.errors == 1) std::cerr << "claim " << status << ": " << out << "\n";
      return status != 0;
    }
    ++claim.ok;
    return true;
  });
  std::cout << "register_per_s " << reg.ok / reg.elapsed << "\n"
            << "register_errors " << reg.errors << "\n"
            << "claim_per_s " << claim.ok / claim.elapsed << "\n"
            << "claim_errors " << claim.errors << "\n";
  for (const auto& list : made) {
    if (!list.empty()) {
      std::cout << "customer_id " << list.front().id << "\n";
      break;
    }
  }
  return reg.ok > 0 && claim.ok > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "sqlite") {
    std::cout << "sqlite_inserts_per_s " << SqliteInserts(args[1], std::stod(args[2])) << "\n";
    return 0;
  }
  if (args.size() == 6 && args[0] == "plume") {
    return Plume(static_cast<unsigned short>(std::stoi(args[1])), args[2], args[3],
                 std::stoi(args[4]), std::stod(args[5]));
  }
  std::cerr << "usage: plume_load sqlite <file> <seconds>\n"
               "       plume_load plume <port> <token> <partner> <connections> <seconds>\n";
  return 2;
}
