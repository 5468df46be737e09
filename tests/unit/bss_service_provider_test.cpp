// Service providers (domain/bss/service_provider.h): creation rules, settings defaults, the
// configured-SPID lookup behind §1.6 step 5.

#include "bss_fixture.h"

namespace ispcloud::domain::bss {
namespace {

using test_support::BssTest;

TEST_F(BssTest, ProviderSettingsHaveTheDefaultsOfTheReference) {
  EXPECT_EQ(sp1_.currency, "USD");
  EXPECT_EQ(sp1_.currency_exponent, 2);
  EXPECT_EQ(sp2_.currency, "EUR");
  EXPECT_EQ(sp1_.IntSetting("adjustmentApprovalThreshold", 0), 500000);
  EXPECT_EQ(sp1_.IntSetting("defaultMonthlySpendLimit", 0), -1);
  EXPECT_EQ(sp1_.IntSetting("planValidityDays", 0), 30);
  EXPECT_EQ(sp1_.IntSetting("missing", 7), 7);
  EXPECT_EQ(AdjustmentTypeName(sp1_, kVoucherRechargeAdjustmentType), "Voucher Recharge");
  EXPECT_EQ(AdjustmentTypeName(sp1_, 12345), "Adjustment 12345");
  EXPECT_EQ(storage::test_support::ScalarInt(
                *db_, "SELECT COUNT(*) FROM audit_log WHERE action = 'serviceProvider.create'"),
            2);
}

TEST_F(BssTest, ProviderCreationRules) {
  auto dup = storage::RunSync(providers_->Create(actor_, "001", "Again", "USD"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto bad = storage::RunSync(providers_->Create(actor_, "0", "", "XXX"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.size(), 3u);  // id, name, currency
  EXPECT_FALSE(storage::RunSync(providers_->Create(actor_, "2147483648", "Big", "USD")).ok());
  auto yen = storage::RunSync(providers_->Create(actor_, "9", "Yen", "JPY"));
  ASSERT_TRUE(yen.ok());
  EXPECT_EQ(yen->currency_exponent, 0);
  auto defaulted = storage::RunSync(providers_->Create(actor_, "10", "Default", ""));
  ASSERT_TRUE(defaulted.ok());
  EXPECT_EQ(defaulted->currency, "USD");
}

TEST_F(BssTest, FindAnswersInvalidSpidForUnknownProviders) {
  auto found = storage::RunSync(providers_->Find("0001"));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->name, "HappyPhone");
  for (const char* spid : {"3", "abc", ""}) {
    auto missing = storage::RunSync(providers_->Find(spid));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().api_code, "ERCRT1015");
    EXPECT_EQ(missing.error().message, "obp code=4,text=INVALID_SPID");
  }
  // A provider created by another process (another service on the same database) is found.
  ServiceProviderService other(*db_, clock_);
  ASSERT_TRUE(storage::RunSync(other.Create(actor_, "3", "Late", "USD")).ok());
  EXPECT_TRUE(storage::RunSync(providers_->Find("3")).ok());
}

}  // namespace
}  // namespace ispcloud::domain::bss
