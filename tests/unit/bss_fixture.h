#pragma once
// A fixture for the BSS domain against a real SQLite database: SPIDs 1 (HappyPhone, USD) and 2
// (Other, EUR), a fake clock, and helpers that insert lines directly and run one write
// transaction.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/object_id.h"
#include "core/random.h"
#include "domain/bss/ledger.h"
#include "domain/bss/service_provider.h"
#include "storage/bss/subscription_repository.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::bss::test_support {

class BssTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::test_support::OpenTestDatabase(dir_, "bss.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    providers_ = std::make_unique<ServiceProviderService>(*db_, clock_);
    auto one = storage::RunSync(providers_->Create(actor_, "1", "HappyPhone", "USD"));
    ASSERT_TRUE(one.ok()) << one.error().message;
    sp1_ = *one;
    auto two = storage::RunSync(providers_->Create(actor_, "2", "Other", "EUR"));
    ASSERT_TRUE(two.ok()) << two.error().message;
    sp2_ = *two;
  }

  // Inserts line "<ban>-1" in `spid` with `msisdn`, state and limits as given.
  std::string AddLine(int64_t spid, const std::string& ban, const std::string& msisdn,
                      int64_t state = 1, int64_t credit_limit = 0, int64_t monthly_spend_limit = -1,
                      int64_t maximum_balance = 0) {
    storage::bss::SubscriptionRow row;
    row.id = ban + "-1";
    row.spid = spid;
    row.account_id = "acc-" + ban;
    row.ban = ban;
    row.seq = 1;
    row.msisdn = msisdn;
    row.state = state;
    row.credit_limit = credit_limit;
    row.monthly_spend_limit = monthly_spend_limit;
    row.maximum_balance = maximum_balance;
    row.created_at = FormatIso8601Millis(clock_.Now());
    row.updated_at = row.created_at;
    Status st = storage::RunSync(db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
      co_return co_await storage::bss::InsertSubscription(tx, row);
    }));
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return row.id;
  }

  Posting MakePosting(int64_t spid, const std::string& sub, int64_t amount,
                      MoneySource source = MoneySource::kAdjustment) {
    Posting p;
    p.spid = spid;
    p.subscription_id = sub;
    p.amount = Amount4{amount};
    p.adjustment_type_id = kCompensationAdjustmentType;
    p.adjustment_type_name = "Service Compensation";
    p.source = source;
    p.agent = "csr.alice";
    p.at = clock_.Now();
    return p;
  }

  // Posts in its own write transaction.
  Result<LedgerEntry> Post(const Posting& posting) {
    std::optional<Result<LedgerEntry>> out;
    Status st = storage::RunSync(db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto r = co_await PostToMainBalance(tx, posting);
      const bool ok = r.ok();
      out.emplace(std::move(r));
      if (!ok) co_return out->error();
      co_return Ok();
    }));
    if (!out) return st.error();
    return std::move(*out);
  }

  std::vector<LedgerEntry> Ledger(int64_t spid, const std::string& sub) {
    std::vector<LedgerEntry> out;
    Status st = storage::RunSync(db_->Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto rows = co_await ListLedger(tx, spid, sub);
      if (!rows) co_return rows.error();
      out = std::move(*rows);
      co_return Ok();
    }));
    EXPECT_TRUE(st.ok());
    return out;
  }

  int64_t Balance(const std::string& sub) {
    return storage::test_support::ScalarInt(
        *db_, "SELECT balance FROM bss_subscriptions WHERE id = $1", storage::MakeParams(sub));
  }

  storage::test_support::TempDir dir_;
  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} +
                   std::chrono::hours{10}};
  SeededRandom random_{7};
  ObjectIdGenerator ids_{clock_, random_};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<ServiceProviderService> providers_;
  ServiceProvider sp1_, sp2_;
  Actor actor_{"cli:test", "", ""};
};

}  // namespace ispcloud::domain::bss::test_support
