// Voucher batches, numbers and their keyed hash (OPTIVA-API.md §2.13, §2.20 row 92, §3.3 item 14).

#include <set>

#include "auth/secret_hash.h"
#include "bss_money_fixture.h"
#include "domain/bss/voucher_rules.h"
#include "domain/bss/voucher_service.h"

namespace ispcloud::domain::bss {
namespace {

VoucherBatchInput GoodBatch(int64_t count = 3) {
  VoucherBatchInput in;
  in.count = count;
  in.voucher_amount = 100000;
  in.duration_days = 30;
  in.expires_at = "2027-12-31T23:59:59Z";
  return in;
}

bool Names(const Error& e, const std::string& field) {
  for (const FieldError& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

const TimePoint kNow = TimePoint(std::chrono::seconds(1795420800));

TEST(BssVoucherRulesTest, ValidBatchIsNormalised) {
  VoucherBatchInput in = GoodBatch();
  in.bonus_amount = 5000;
  in.batch_number = "promo_2026-11";
  auto spec = ValidateVoucherBatch(in, kNow);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->count, 3);
  EXPECT_EQ(spec->bonus_amount, 5000);
  EXPECT_EQ(spec->expires_at, "2027-12-31T23:59:59.000Z");
  EXPECT_EQ(spec->batch_number, "promo_2026-11");
}

TEST(BssVoucherRulesTest, EveryBadFieldIsReported) {
  VoucherBatchInput in;
  in.count = 10001;
  in.voucher_amount = 0;
  in.bonus_amount = -1;
  in.duration_days = -2;
  in.expires_at = "2020-01-01T00:00:00Z";
  in.batch_number = "bad name";
  auto spec = ValidateVoucherBatch(in, kNow);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, ErrorCode::kValidation);
  for (const char* f :
       {"count", "voucherAmount", "bonusAmount", "durationDays", "expiresAt", "batchNumber"}) {
    EXPECT_TRUE(Names(spec.error(), f)) << f;
  }
  auto missing = ValidateVoucherBatch(VoucherBatchInput{}, kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().fields.size(), 4u);  // bonus and batch number are optional
  VoucherBatchInput garbled = GoodBatch();
  garbled.expires_at = "next tuesday";
  EXPECT_TRUE(Names(ValidateVoucherBatch(garbled, kNow).error(), "expiresAt"));
}

TEST(BssVoucherRulesTest, NumbersAreSixteenUniformDigits) {
  SeededRandom random(7);
  std::set<std::string> seen;
  int first_digit_counts[10] = {};
  for (int i = 0; i < 2000; ++i) {
    std::string n = GenerateVoucherNumber(random);
    ASSERT_EQ(n.size(), 16u);
    ASSERT_TRUE(IsVoucherNumberFormat(n)) << n;
    ASSERT_NE(n[0], '0');
    ++first_digit_counts[n[1] - '0'];
    seen.insert(n);
  }
  EXPECT_EQ(seen.size(), 2000u);
  for (int c : first_digit_counts) EXPECT_GT(c, 120);  // ~200 each
  EXPECT_FALSE(IsVoucherNumberFormat("1234567"));
  EXPECT_FALSE(IsVoucherNumberFormat("123456789012345678901"));
  EXPECT_FALSE(IsVoucherNumberFormat("12345678a"));
  EXPECT_TRUE(IsVoucherNumberFormat("12345678"));
}

TEST(BssVoucherRulesTest, MaskSerialAndHash) {
  EXPECT_EQ(MaskVoucherNumber("0123"), "************0123");
  EXPECT_EQ(VoucherSerial(1), "SN0000001");
  EXPECT_EQ(VoucherSerial(12345678), "SN12345678");
  const std::string h = VoucherNumberHash("key", "1", "7401234567890123");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, VoucherNumberHash("key", "1", "7401234567890123"));
  EXPECT_NE(h, VoucherNumberHash("key", "2", "7401234567890123"));  // bound to the SPID
  EXPECT_NE(h, VoucherNumberHash("other", "1", "7401234567890123"));
  EXPECT_NE(h, auth::Sha256Hex("7401234567890123"));  // not a plain digest
  EXPECT_EQ(VoucherHashKey("secret", ""), "secret");
  EXPECT_NE(VoucherHashKey("secret", "pepper"), VoucherHashKey("secret", "pepper2"));
}

class BssVoucherServiceTest : public test_support::BssMoneyTest {
 protected:
  Result<VoucherBatch> Batch(VoucherService& s, VoucherBatchInput in, std::string spid = "1") {
    return storage::RunSync(s.CreateBatch(actor_, std::move(spid), "USD", std::move(in)));
  }
};

TEST_F(BssVoucherServiceTest, BatchStoresOnlyHashesAndContinuesSerials) {
  VoucherService service(*db_, clock_, random_, "");
  auto first = Batch(service, GoodBatch(3));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->batch_number, "B0000001");
  ASSERT_EQ(first->vouchers.size(), 3u);
  EXPECT_EQ(first->vouchers[0].serial_number, "SN0000001");
  EXPECT_EQ(first->vouchers[2].serial_number, "SN0000003");
  auto second = Batch(service, GoodBatch(2));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->batch_number, "B0000002");
  EXPECT_EQ(second->vouchers[0].serial_number, "SN0000004");
  // No number appears in clear anywhere in the table.
  for (const auto& v : first->vouchers) {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_vouchers WHERE number_hash = $1 OR "
                    "number_last4 = $1 OR serial_number = $1 OR first_result = $1",
                    storage::MakeParams(v.voucher_number)),
              0);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_vouchers WHERE state = 'AVAILABLE'"), 5);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'voucher.batch.create'"), 2);
  // A look-up by number finds it (and its serial), by serial too; a wrong number does not.
  const IssuedVoucher& v = first->vouchers[1];
  auto by_number = storage::RunSync(service.Find("1", v.voucher_number, std::nullopt));
  ASSERT_TRUE(by_number.ok());
  EXPECT_EQ(by_number->serial_number, v.serial_number);
  EXPECT_EQ(by_number->number_last4, v.voucher_number.substr(12));
  EXPECT_TRUE(storage::RunSync(service.Find("1", std::nullopt, v.serial_number)).ok());
  EXPECT_FALSE(storage::RunSync(service.Find("1", v.voucher_number, "SN0000001")).ok());
  EXPECT_FALSE(storage::RunSync(service.Find("2", v.voucher_number, std::nullopt)).ok());
  EXPECT_EQ(storage::RunSync(service.Find("1", "1111222233334444", std::nullopt)).error().code,
            ErrorCode::kNotFound);
}

TEST_F(BssVoucherServiceTest, SerialsArePerSpidAndBatchNamesUnique) {
  VoucherService service(*db_, clock_, random_, "");
  VoucherBatchInput named = GoodBatch(1);
  named.batch_number = "X1";
  ASSERT_TRUE(Batch(service, named).ok());
  auto dup = Batch(service, named);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().api_code, "ERCRT1004");
  auto other_spid = Batch(service, named, "2");
  ASSERT_TRUE(other_spid.ok());
  EXPECT_EQ(other_spid->vouchers[0].serial_number, "SN0000001");
}

TEST_F(BssVoucherServiceTest, InvalidBatchWritesNothing) {
  VoucherService service(*db_, clock_, random_, "");
  auto bad = Batch(service, GoodBatch(0));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kValidation);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_vouchers"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_voucher_secret"), 0);
}

TEST_F(BssVoucherServiceTest, PepperKeysTheHashAndAChangeIsDetected) {
  VoucherService peppered(*db_, clock_, random_, "operator-secret");
  auto batch = Batch(peppered, GoodBatch(1));
  ASSERT_TRUE(batch.ok());
  const std::string number = batch->vouchers[0].voucher_number;
  EXPECT_TRUE(storage::RunSync(peppered.Find("1", number, std::nullopt)).ok());
  // Without the pepper (or with another) the stored hashes cannot be matched: refused loudly.
  VoucherService unpeppered(*db_, clock_, random_, "");
  auto lost = storage::RunSync(unpeppered.Find("1", number, std::nullopt));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(Batch(unpeppered, GoodBatch(1)).ok());
}

}  // namespace
}  // namespace ispcloud::domain::bss

namespace ispcloud::domain::bss {
namespace {

Voucher Available() {
  Voucher v;
  v.serial_number = "SN0000001";
  v.state = std::string(kVoucherAvailable);
  v.expires_at = "2026-12-31T00:00:00.000Z";
  return v;
}

constexpr std::string_view kBefore = "2026-11-23T10:00:00.000Z";

TEST(BssVoucherRedemptionTest, ChecksInOrder) {
  auto unknown = CheckVoucherRedemption(std::nullopt, std::nullopt, "100000001-1", kBefore);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(unknown.error().api_code, "ERCRT1010");
  EXPECT_EQ(CheckVoucherRedemption(Available(), std::string("SN9"), "100000001-1", kBefore)
                .error()
                .api_code,
            "ERCRT1010");
  EXPECT_EQ(*CheckVoucherRedemption(Available(), std::string("SN0000001"), "100000001-1", kBefore),
            Redemption::kRedeem);
  Voucher used = Available();
  used.state = std::string(kVoucherUsed);
  used.used_by_subscription = "100000001-1";
  EXPECT_EQ(*CheckVoucherRedemption(used, std::nullopt, "100000001-1", kBefore),
            Redemption::kReplay);
  auto other = CheckVoucherRedemption(used, std::nullopt, "100000002-1", kBefore);
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().api_code, "ERCRT1011");
  // A used voucher replays even after its expiry (the redemption happened before).
  EXPECT_EQ(*CheckVoucherRedemption(used, std::nullopt, "100000001-1", "2027-06-01T00:00:00.000Z"),
            Redemption::kReplay);
  Voucher blocked = Available();
  blocked.state = std::string(kVoucherBlocked);
  EXPECT_EQ(CheckVoucherRedemption(blocked, std::nullopt, "100000001-1", kBefore).error().api_code,
            "ERCRT1012");
  auto expired =
      CheckVoucherRedemption(Available(), std::nullopt, "100000001-1", "2026-12-31T00:00:00.000Z");
  EXPECT_EQ(expired.error().api_code, "ERCRT1012");
  EXPECT_EQ(EffectiveVoucherState(Available(), "2026-12-31T00:00:00.001Z"), kVoucherExpired);
  EXPECT_EQ(EffectiveVoucherState(Available(), kBefore), kVoucherAvailable);
}

TEST(BssVoucherRedemptionTest, StateAndExpiryRules) {
  EXPECT_TRUE(CheckRechargeState(1).ok());
  EXPECT_TRUE(CheckRechargeState(6).ok());
  EXPECT_TRUE(CheckRechargeState(13).ok());
  for (int s : {0, 2, 3, 4, 5, 7, 8, 9}) {
    Status st = CheckRechargeState(s);
    ASSERT_FALSE(st.ok()) << s;
    EXPECT_EQ(st.error().api_code, "ERCRT1007");
  }
  EXPECT_EQ(StateAfterRecharge(6), 1);
  EXPECT_EQ(StateAfterRecharge(13), 1);
  EXPECT_EQ(StateAfterRecharge(1), 1);
  const TimePoint now = TimePoint(std::chrono::seconds(1795420800));
  const auto day = std::chrono::hours(24);
  EXPECT_EQ(RechargedExpiry(std::nullopt, now, 30), now + 30 * day);
  EXPECT_EQ(RechargedExpiry(now - 5 * day, now, 30), now + 30 * day);   // lapsed: from now
  EXPECT_EQ(RechargedExpiry(now + 10 * day, now, 30), now + 40 * day);  // still valid: extends
  EXPECT_EQ(RechargedExpiry(now + 10 * day, now, 0), now + 10 * day);
}

}  // namespace
}  // namespace ispcloud::domain::bss
