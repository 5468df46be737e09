#pragma once
// Helpers shared by the storage unit tests: a private temporary directory and one-line wrappers
// that run a single statement in its own transaction.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "storage/db.h"
#include "storage/run_sync.h"

namespace ispcloud::storage::test_support {

// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/ispcloud_test_XXXXXX";
    const char* made = mkdtemp(pattern);
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs one statement in its own write transaction.
inline Result<int64_t> ExecWrite(Database& db, std::string sql, Params params = {}) {
  std::optional<Result<int64_t>> out;
  Status s = RunSync(db.Write([&](Tx& tx) -> asio::awaitable<Status> {
    out.emplace(co_await tx.Exec(sql, params));
    if (!*out) co_return out->error();
    co_return Ok();
  }));
  if (!s) return std::move(s).error();
  return std::move(*out);
}

// Runs one query in its own read transaction.
inline Result<Rows> QueryRead(Database& db, std::string sql, Params params = {}) {
  std::optional<Result<Rows>> out;
  Status s = RunSync(db.Read([&](Tx& tx) -> asio::awaitable<Status> {
    out.emplace(co_await tx.Query(sql, params));
    if (!*out) co_return out->error();
    co_return Ok();
  }));
  if (!s) return std::move(s).error();
  return std::move(*out);
}

// The single integer a query returns (e.g. a count), or -1 when it fails.
inline int64_t ScalarInt(Database& db, std::string sql, Params params = {}) {
  Result<Rows> rows = QueryRead(db, std::move(sql), std::move(params));
  if (!rows || rows->empty()) return -1;
  return rows->rows[0].Int(0);
}

}  // namespace ispcloud::storage::test_support
