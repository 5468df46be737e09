// The money ledger (domain/bss/ledger.h): conservation, no silent negative balance, monthly
// spend limit, maximum balance, state money rules, immutable rows, concurrent postings.

#include <atomic>
#include <thread>

#include "bss_fixture.h"
#include "domain/bss/subscription_state.h"

namespace ispcloud::domain::bss {
namespace {

using test_support::BssTest;

TEST_F(BssTest, PostingWritesOneTransactionAndMovesTheBalance) {
  const std::string sub = AddLine(1, "100000001", "15550100001");
  auto credit = Post(MakePosting(1, sub, 100000, MoneySource::kVoucher));
  ASSERT_TRUE(credit.ok()) << credit.error().message;
  EXPECT_EQ(credit->id, kFirstTransactionId);
  EXPECT_EQ(credit->balance_before.units, 0);
  EXPECT_EQ(credit->balance_after.units, 100000);
  EXPECT_EQ(credit->account_ban, "100000001");
  EXPECT_EQ(credit->msisdn, "15550100001");
  EXPECT_EQ(credit->source_kind, "voucher");
  auto debit = Post(MakePosting(1, sub, -30000, MoneySource::kOrder));
  ASSERT_TRUE(debit.ok());
  EXPECT_EQ(debit->id, kFirstTransactionId + 1);
  EXPECT_EQ(debit->balance_before.units, 100000);
  EXPECT_EQ(debit->balance_after.units, 70000);
  EXPECT_EQ(Balance(sub), 70000);
  auto ledger = Ledger(1, sub);
  ASSERT_EQ(ledger.size(), 2u);
  int64_t sum = 0;
  for (const LedgerEntry& e : ledger) {
    EXPECT_EQ(e.balance_after.units, e.balance_before.units + e.amount.units);
    sum += e.amount.units;
  }
  EXPECT_EQ(sum, Balance(sub));
}

TEST_F(BssTest, DebitBeyondBalanceAndCreditLimitIsRefusedWhole) {
  const std::string sub = AddLine(1, "100000001", "15550100001", kActive, /*credit_limit=*/5000);
  ASSERT_TRUE(Post(MakePosting(1, sub, 10000)).ok());
  // balance 10000 + credit limit 5000: a debit of 15000 is the most allowed.
  auto refused = Post(MakePosting(1, sub, -15001, MoneySource::kOrder));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().api_code, "ERCRT1005");
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("Debit of 15001 exceeds available balance 15000"),
            std::string::npos);
  EXPECT_EQ(Balance(sub), 10000);
  EXPECT_EQ(Ledger(1, sub).size(), 1u);
  auto overdraft = Post(MakePosting(1, sub, -15000, MoneySource::kOrder));
  ASSERT_TRUE(overdraft.ok());
  EXPECT_EQ(Balance(sub), -5000);
}

TEST_F(BssTest, MonthlySpendLimitCountsTheCalendarMonth) {
  const std::string sub =
      AddLine(1, "100000001", "15550100001", kActive, 0, /*monthly_spend_limit=*/20000);
  ASSERT_TRUE(Post(MakePosting(1, sub, 100000)).ok());
  ASSERT_TRUE(Post(MakePosting(1, sub, -15000, MoneySource::kOrder)).ok());
  auto over = Post(MakePosting(1, sub, -5001, MoneySource::kOrder));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().api_code, "ERCRT1006");
  // A debit that does not count (e.g. a CSR correction) passes.
  Posting uncounted = MakePosting(1, sub, -6000);
  uncounted.counts_toward_spend = false;
  ASSERT_TRUE(Post(uncounted).ok());
  ASSERT_TRUE(Post(MakePosting(1, sub, -5000, MoneySource::kOrder)).ok());
  // Next month the limit starts again.
  clock_.Set(std::chrono::sys_days{std::chrono::year{2026} / 12 / 1});
  ASSERT_TRUE(Post(MakePosting(1, sub, -20000, MoneySource::kOrder)).ok());
  EXPECT_EQ(Balance(sub), 100000 - 15000 - 6000 - 5000 - 20000);
}

TEST_F(BssTest, MaximumBalanceCapsCredits) {
  const std::string sub = AddLine(1, "100000001", "15550100001", kActive, 0, -1, 50000);
  ASSERT_TRUE(Post(MakePosting(1, sub, 50000)).ok());
  auto over = Post(MakePosting(1, sub, 1, MoneySource::kVoucher));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().api_code, "ERCRT1007");
  EXPECT_EQ(Balance(sub), 50000);
}

TEST_F(BssTest, StateMoneyRules) {
  EXPECT_TRUE(CheckMoneyState(kActive, MoneySource::kOrder, true).ok());
  EXPECT_TRUE(CheckMoneyState(kNonPaymentWarned, MoneySource::kUsage, true).ok());
  EXPECT_FALSE(CheckMoneyState(kSuspended, MoneySource::kOrder, true).ok());
  EXPECT_TRUE(CheckMoneyState(kSuspended, MoneySource::kAdjustment, true).ok());
  EXPECT_TRUE(CheckMoneyState(kLocked, MoneySource::kAdjustment, true).ok());
  EXPECT_TRUE(CheckMoneyState(kSuspended, MoneySource::kVoucher, false).ok());
  EXPECT_TRUE(CheckMoneyState(kPending, MoneySource::kExternalPayment, false).ok());
  EXPECT_FALSE(CheckMoneyState(kPending, MoneySource::kUsage, true).ok());
  EXPECT_TRUE(CheckMoneyState(kExpired, MoneySource::kVoucher, false).ok());
  EXPECT_FALSE(CheckMoneyState(kExpired, MoneySource::kOrder, true).ok());
  EXPECT_FALSE(CheckMoneyState(kNonPaymentSuspended, MoneySource::kAdjustment, true).ok());
  EXPECT_TRUE(CheckMoneyState(kNonPaymentSuspended, MoneySource::kPayment, false).ok());
  for (int state : {int{kInactive}, int{kMoved}}) {
    EXPECT_FALSE(CheckMoneyState(state, MoneySource::kVoucher, false).ok());
    EXPECT_FALSE(CheckMoneyState(state, MoneySource::kAdjustment, true).ok());
  }
  const std::string inactive = AddLine(1, "100000002", "15550100002", kInactive);
  auto refused = Post(MakePosting(1, inactive, 100, MoneySource::kVoucher));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().api_code, "ERCRT1007");
  EXPECT_TRUE(Ledger(1, inactive).empty());
}

TEST_F(BssTest, UnknownOrOtherSpidSubscriptionIsNotFound) {
  const std::string sub = AddLine(1, "100000001", "15550100001");
  auto other = Post(MakePosting(2, sub, 100));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(other.error().api_code, "ERCRT1003");
  EXPECT_FALSE(Post(MakePosting(1, "nope-1", 100)).ok());
  auto zero = Post(MakePosting(1, sub, 0));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Balance(sub), 0);
}

TEST_F(BssTest, ExternalTransactionNumberIsUniquePerSpid) {
  const std::string a = AddLine(1, "100000001", "15550100001");
  const std::string b = AddLine(2, "200000001", "15550100002");
  Posting first = MakePosting(1, a, 100, MoneySource::kPayment);
  first.external_transaction_number = "EXT-1";
  ASSERT_TRUE(Post(first).ok());
  auto repeated = Post(first);
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.error().api_code, "ERCRT1004");
  EXPECT_EQ(Balance(a), 100);  // the refused posting rolled back its balance change
  Posting other_spid = MakePosting(2, b, 100, MoneySource::kPayment);
  other_spid.external_transaction_number = "EXT-1";
  EXPECT_TRUE(Post(other_spid).ok());
}

TEST_F(BssTest, LedgerRowsAreImmutable) {
  const std::string sub = AddLine(1, "100000001", "15550100001");
  ASSERT_TRUE(Post(MakePosting(1, sub, 100)).ok());
  auto update = storage::test_support::ExecWrite(*db_, "UPDATE bss_transactions SET amount = 5");
  EXPECT_FALSE(update.ok());
  auto del = storage::test_support::ExecWrite(*db_, "DELETE FROM bss_transactions");
  EXPECT_FALSE(del.ok());
  EXPECT_EQ(Ledger(1, sub).front().amount.units, 100);
}

TEST_F(BssTest, ConcurrentPostingsConserveMoney) {
  const std::string sub = AddLine(1, "100000001", "15550100001", kActive, /*credit_limit=*/0);
  ASSERT_TRUE(Post(MakePosting(1, sub, 50000)).ok());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> refused{0};
  std::atomic<int> other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Even threads credit 100, odd threads debit 700: some debits must be refused.
        const int64_t amount = t % 2 == 0 ? 100 : -700;
        auto r = Post(
            MakePosting(1, sub, amount, amount > 0 ? MoneySource::kVoucher : MoneySource::kOrder));
        if (!r.ok()) {
          if (r.error().api_code == "ERCRT1005") {
            ++refused;
          } else {
            ++other_errors;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_GT(refused.load(), 0);
  auto ledger = Ledger(1, sub);
  EXPECT_EQ(static_cast<int>(ledger.size()), 1 + kThreads * kPerThread - refused.load());
  int64_t sum = 0;
  int64_t previous_after = 0;
  for (const LedgerEntry& e : ledger) {
    EXPECT_EQ(e.balance_before.units, previous_after);  // rows chain without gaps
    EXPECT_EQ(e.balance_after.units, e.balance_before.units + e.amount.units);
    EXPECT_GE(e.balance_after.units, 0);
    previous_after = e.balance_after.units;
    sum += e.amount.units;
  }
  EXPECT_EQ(sum, Balance(sub));
}

}  // namespace
}  // namespace ispcloud::domain::bss
