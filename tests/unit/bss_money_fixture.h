#pragma once
// A fixture for the BSS money services (slice B) against a real, migrated SQLite database with
// a fake clock and a seeded random source.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "core/random.h"
#include "domain/actor.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::bss::test_support {

class BssMoneyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::test_support::OpenTestDatabase(dir_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }

  // The number of rows `sql` counts.
  int64_t Count(const std::string& sql, storage::Params params = {}) {
    return storage::test_support::ScalarInt(*db_, sql, std::move(params));
  }

  storage::test_support::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1795420800))};  // 2026-11-23T08:00:00Z
  SeededRandom random_{42};
  Actor actor_{"user:csr.alice", "req-1", "1"};
};

}  // namespace ispcloud::domain::bss::test_support
