// Pure rules behind line changes, buckets, payments and usage: service-provider settings
// merges, ATU schedule dates, the bundleBalance document and usage-event validation.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/bss/buckets.h"
#include "domain/bss/payment_service.h"
#include "domain/bss/provider_settings.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/usage_rating.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

bool Names(const Error& e, std::string_view field) {
  for (const FieldError& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TimePoint At(const char* text) {
  return *ParseRfc3339(text);
}

TEST(ProviderSettingsTest, MergesCheckedMembersAndResetsNulls) {
  const json::object defaults = DefaultSettings("USD", 2);
  json::object current = defaults;
  current["adjustmentApprovalThreshold"] = 900;
  auto merged = MergeSettings(
      current,
      json::parse(R"({"pinLength":6,"allowSelfApproval":true,"adjustmentApprovalThreshold":null,
                      "bundleAdjustmentApprovalThreshold":null,"currency":"USD"})")
          .as_object(),
      defaults);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(merged->at("pinLength").as_int64(), 6);
  EXPECT_TRUE(merged->at("allowSelfApproval").as_bool());
  EXPECT_EQ(merged->at("adjustmentApprovalThreshold").as_int64(), 500000);  // the default
  EXPECT_TRUE(merged->at("bundleAdjustmentApprovalThreshold").is_null());
}

TEST(ProviderSettingsTest, ReportsEveryInvalidMember) {
  const json::object defaults = DefaultSettings("USD", 2);
  auto refused = MergeSettings(
      defaults,
      json::parse(R"({"nope":1,"currencyExponent":3,"timeZone":"Europe/Paris","pinLength":9,
                      "pinMaxAttempts":0,"planValidityDays":0,"defaultCreditLimit":-1,
                      "rafProgramme":[],"numberRanges":{},"noteTypes":[{"id":1}],
                      "subscriptionTypes":[{"id":1,"name":"a"},{"id":1,"name":"b"}],
                      "atuAdjustmentType":"x"})")
          .as_object(),
      defaults);
  ASSERT_FALSE(refused);
  for (const char* field :
       {"settings.nope", "settings.currencyExponent", "settings.timeZone", "settings.pinLength",
        "settings.pinMaxAttempts", "settings.planValidityDays", "settings.defaultCreditLimit",
        "settings.rafProgramme", "settings.numberRanges", "settings.noteTypes[0].name",
        "settings.subscriptionTypes[1].id", "settings.atuAdjustmentType"}) {
    EXPECT_TRUE(Names(refused.error(), field)) << field << ": " << refused.error().message;
  }
}

TEST(ProviderSettingsTest, AdjustmentTypeSettingsMustNameAType) {
  const json::object defaults = DefaultSettings("USD", 2);
  // Dropping the type a setting names is refused; so is naming a missing one.
  auto dropped = MergeSettings(
      defaults, json::parse(R"({"adjustmentTypes":[{"id":21000,"name":"Goodwill"}]})").as_object(),
      defaults);
  ASSERT_FALSE(dropped);
  EXPECT_TRUE(Names(dropped.error(), "settings.voucherRechargeAdjustmentType"));
  auto renamed = MergeSettings(
      defaults, json::parse(R"({"paymentAdjustmentType":21001})").as_object(), defaults);
  ASSERT_TRUE(renamed) << renamed.error().message;
}

TEST(AtuScheduleTest, MonthlyKeepsTheDayOrTakesTheMonthsLast) {
  EXPECT_EQ(FormatIso8601Millis(NextApplication(At("2026-11-23T10:00:00.120Z"), "MONTHLY")),
            "2026-12-23T10:00:00.120Z");
  EXPECT_EQ(FormatIso8601Millis(NextApplication(At("2026-12-15T08:30:00Z"), "MONTHLY")),
            "2027-01-15T08:30:00.000Z");
  EXPECT_EQ(FormatIso8601Millis(NextApplication(At("2027-01-31T23:59:59Z"), "MONTHLY")),
            "2027-02-28T23:59:59.000Z");
  EXPECT_EQ(FormatIso8601Millis(NextApplication(At("2028-01-31T00:00:00Z"), "MONTHLY")),
            "2028-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Millis(NextApplication(At("2026-12-30T12:00:00Z"), "WEEKLY")),
            "2027-01-06T12:00:00.000Z");
  EXPECT_EQ(FormatIso8601Millis(NextApplication(At("2026-12-31T12:00:00Z"), "DAILY")),
            "2027-01-01T12:00:00.000Z");
}

repo::BucketRow Bucket(int64_t id, int64_t bundle, int64_t unit, int64_t limit, int64_t used,
                       const char* expiry, int64_t status = 0) {
  repo::BucketRow b;
  b.id = id;
  b.bundle_id = bundle;
  b.bundle_name = "bundle " + std::to_string(bundle);
  b.bundle_category_id = std::to_string(unit);
  b.unit_type = unit;
  b.limit_units = limit;
  b.used_units = used;
  b.status = status;
  b.activation_at = "2026-11-01T00:00:00.000Z";
  b.created_at = b.activation_at;
  b.expiry_at = expiry;
  return b;
}

TEST(BundleBalanceTest, ShowsLiveBucketsAndSumsCategories) {
  const std::vector<repo::BucketRow> buckets = {
      Bucket(88001, 244, 1, 1000, 400, "2026-12-01T00:00:00.000Z"),
      Bucket(88002, 245, 1, 500, 0, "2026-12-01T00:00:00.000Z"),
      Bucket(88003, 401, 0, 0, 90, "2026-12-01T00:00:00.000Z"),  // unlimited voice
      Bucket(88004, 402, 2, 100, 10, "2026-11-10T00:00:00.000Z"),  // expired
      Bucket(88005, 403, 2, 100, 0, "2026-12-01T00:00:00.000Z", 2)};  // removed
  const json::object doc =
      BundleBalanceDocument(buckets, "15550100001", At("2026-11-23T00:00:00Z"), {}, {});
  const json::array& list = doc.at("bundleBalances").as_array();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].at("balances").at(0).at("personalBalance").as_int64(), 600);
  EXPECT_EQ(list[2].at("balances").at(0).at("personalBalance").as_int64(), 0);  // unlimited
  EXPECT_EQ(list[3].at("status").as_int64(), 1);
  EXPECT_EQ(list[3].at("balances").at(0).at("personalBalance").as_int64(), 0);
  const json::array& sums = doc.at("categorySummaries").as_array();
  ASSERT_EQ(sums.size(), 2u);  // data and voice; the expired SMS bucket does not count
  EXPECT_EQ(sums[1].at("bundleCategoryId").as_string(), "1");
  EXPECT_EQ(sums[1].at("personalLimit").as_int64(), 1500);
  EXPECT_EQ(sums[1].at("personalBalance").as_int64(), 1100);
  EXPECT_EQ(BundleBalanceDocument(buckets, "1", At("2026-11-23T00:00:00Z"), 245, {})
                .at("bundleBalances")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(BundleBalanceDocument(buckets, "1", At("2026-11-23T00:00:00Z"), {}, 88003)
                .at("bundleBalances")
                .at(0)
                .at("bundleID")
                .as_int64(),
            401);
}

TEST(UsageEventTest, ValidatesEveryField) {
  UsageEvent ok;
  ok.line.subscription_id = "100000001-1";
  ok.call_type = 11;
  ok.data_bytes = 10;
  EXPECT_TRUE(ValidateUsageEvent(ok));
  UsageEvent bad;
  bad.call_type = 1;
  bad.duration_ms = -1;
  bad.destination = std::string(40, '1');
  bad.transaction_date = "soon";
  const Status refused = ValidateUsageEvent(bad);
  ASSERT_FALSE(refused);
  for (const char* field : {"subscriptionId", "duration", "destinationNumber", "transactionDate"}) {
    EXPECT_TRUE(Names(refused.error(), field)) << field;
  }
  UsageEvent voice = ok;
  voice.call_type = 2;
  voice.data_bytes.reset();
  EXPECT_TRUE(Names(ValidateUsageEvent(voice).error(), "duration"));
  UsageEvent data = ok;
  data.data_bytes.reset();
  EXPECT_TRUE(Names(ValidateUsageEvent(data).error(), "dataUsage"));
  UsageEvent unknown = ok;
  unknown.call_type = 4;
  EXPECT_TRUE(Names(ValidateUsageEvent(unknown).error(), "callType"));
}

}  // namespace
}  // namespace ispcloud::domain::bss
