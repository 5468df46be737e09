#include "test_database.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <mutex>

#include "storage/db_url.h"
#include "storage/run_sync.h"

namespace ispcloud::e2e {
namespace {

const char* ClusterDir() {
  const char* dir = getenv("ISPCLOUD_E2E_PG_DIR");
  return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

// Runs `command` through the shell; its standard output without trailing newlines, and
// whether it exited 0.
std::pair<bool, std::string> Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {false, out};
  char buffer[512];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return {status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0, out};
}

std::string ClusterScript() {
  return ISPCLOUD_PG_CLUSTER_SCRIPT;
}

// The PostgreSQL databases this process created, by test directory; dropped at exit (after
// every server of the test has been stopped, since the fixtures are gone by then).
class PgDatabases {
 public:
  ~PgDatabases() {
    for (const auto& [dir, name] : names_) {
      Shell("bash '" + ClusterScript() + "' dropdb '" + ClusterDir() + "' " + name);
    }
  }
  std::string UrlFor(const std::string& dir) {
    std::lock_guard lock(mu_);
    if (auto it = urls_.find(dir); it != urls_.end()) return it->second;
    const std::string name = "e2e_" + std::to_string(getpid()) + "_" + std::to_string(urls_.size());
    auto [ok, url] =
        Shell("bash '" + ClusterScript() + "' createdb '" + ClusterDir() + "' " + name);
    if (!ok || !url.starts_with("postgresql://")) {
      ADD_FAILURE() << "cannot create PostgreSQL database " << name << " in the e2e cluster "
                    << ClusterDir() << ": " << url;
      return "";
    }
    names_[dir] = name;
    urls_[dir] = url;
    return url;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> urls_;
  std::map<std::string, std::string> names_;
};

PgDatabases& Databases() {
  static PgDatabases databases;
  return databases;
}

std::string AsText(const storage::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  if (const auto* b = std::get_if<storage::Blob>(&v)) return std::string(b->begin(), b->end());
  return "";
}

}  // namespace

bool E2eOnPostgres() {
  return ClusterDir() != nullptr;
}

std::string E2eDialect() {
  return E2eOnPostgres() ? "postgres" : "sqlite";
}

std::string DbUrlOf(const std::string& dir) {
  if (!E2eOnPostgres()) return "sqlite:" + dir + "/ispcloud.db";
  return Databases().UrlFor(dir);
}

std::vector<std::vector<std::string>> SqlRows(const std::string& db_url, const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  auto url = storage::ParseDbUrl(db_url);
  if (!url) {
    ADD_FAILURE() << url.error().message;
    return out;
  }
  storage::DbOpenOptions options;
  options.read_connections = 1;
  options.pool_size = 1;
  auto db = storage::OpenDatabase(*url, options);
  if (!db) {
    ADD_FAILURE() << "cannot open " << db_url << ": " << db.error().message;
    return out;
  }
  // A write transaction, so that the statement may also change data (fault injection).
  Status done =
      storage::RunSync((*db)->Write([&](storage::Tx& tx) -> boost::asio::awaitable<Status> {
        out.clear();
        auto rows = co_await tx.Query(sql);
        if (!rows) co_return rows.error();
        for (const storage::Row& row : rows->rows) {
          std::vector<std::string>& line = out.emplace_back();
          for (const storage::Value& v : row.values) line.push_back(AsText(v));
        }
        co_return Ok();
      }));
  if (!done) ADD_FAILURE() << sql << ": " << done.error().message;
  return out;
}

std::string SqlScalar(const std::string& db_url, const std::string& sql) {
  auto rows = SqlRows(db_url, sql);
  if (rows.empty() || rows[0].empty()) return "";
  return rows[0][0];
}

}  // namespace ispcloud::e2e
