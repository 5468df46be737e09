#include "test_database.h"

#include <gtest/gtest.h>

#include "storage/db_url.h"
#include "storage/run_sync.h"
#include "support/cluster_database.h"

namespace ispcloud::e2e {
namespace {

std::string AsText(const storage::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  if (const auto* b = std::get_if<storage::Blob>(&v)) return std::string(b->begin(), b->end());
  return "";
}

}  // namespace

bool E2eOnPostgres() {
  return test_support::TestsOnPostgres();
}

std::string E2eDialect() {
  return E2eOnPostgres() ? "postgres" : "sqlite";
}

std::string DbUrlOf(const std::string& dir) {
  if (!E2eOnPostgres()) return "sqlite:" + dir + "/ispcloud.db";
  return test_support::ClusterDatabaseUrl(dir);
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
