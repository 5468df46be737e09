// Pure helpers of the money services: recharge request validation, adjustment types and
// approval policy from the SPID settings, note types, and the adjustment wire record.

#include <gtest/gtest.h>

#include <boost/json/array.hpp>

#include "domain/bss/adjustment_service.h"
#include "domain/bss/cart_service.h"
#include "domain/bss/note_service.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/voucher_recharge_service.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

ServiceProvider Provider() {
  ServiceProvider p;
  p.spid = 1;
  p.currency = "USD";
  p.settings = DefaultSettings("USD", 2);
  return p;
}

bool Names(const Error& e, std::string_view field) {
  for (const FieldError& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(RechargeRequestTest, ReportsEveryBadFieldAtOnce) {
  RechargeRequest r;
  r.voucher = "12ab";
  r.external_transaction_number = std::string(65, 'x');
  Status s = ValidateRechargeRequest(r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().api_code, "ERCRT1001");
  EXPECT_TRUE(Names(s.error(), "subscriptionId"));
  EXPECT_TRUE(Names(s.error(), "voucher"));
  EXPECT_TRUE(Names(s.error(), "externalTransactionNumber"));
}

TEST(RechargeRequestTest, AcceptsAReferenceAndADigitVoucher) {
  RechargeRequest r;
  r.ref.msisdn = "15550100001";
  r.voucher = "7401234567890123";
  EXPECT_TRUE(ValidateRechargeRequest(r).ok());
  r.voucher = "1234567";  // 7 digits: too short
  EXPECT_FALSE(ValidateRechargeRequest(r).ok());
  r.voucher.reset();
  EXPECT_FALSE(ValidateRechargeRequest(r).ok());
}

TEST(AdjustmentTypeTest, FoundInTheSettingsWithOptionalKeys) {
  ServiceProvider p = Provider();
  auto compensation = FindAdjustmentType(p, kCompensationAdjustmentType);
  ASSERT_TRUE(compensation.has_value());
  EXPECT_EQ(compensation->name, "Service Compensation");
  EXPECT_EQ(compensation->description, "Service Compensation");
  EXPECT_EQ(compensation->category, 20000);
  EXPECT_FALSE(compensation->fixed_action.has_value());
  EXPECT_FALSE(compensation->requires_approval);
  EXPECT_FALSE(FindAdjustmentType(p, 424242).has_value());

  p.settings["adjustmentTypes"] =
      json::array{json::object{{"id", 7},
                               {"name", "Fee"},
                               {"action", 1},
                               {"requiresApproval", true},
                               {"categoryId", 31000},
                               {"description", "A fee"}},
                  json::object{{"id", 8}, {"name", "Retired"}, {"active", false}}};
  auto fee = FindAdjustmentType(p, 7);
  ASSERT_TRUE(fee.has_value());
  EXPECT_EQ(fee->fixed_action, 1);
  EXPECT_TRUE(fee->requires_approval);
  EXPECT_EQ(fee->category, 31000);
  EXPECT_EQ(fee->description, "A fee");
  EXPECT_FALSE(FindAdjustmentType(p, 8).has_value()) << "inactive types are not usable";
}

TEST(ApprovalPolicyTest, ReadsTheThreeSettings) {
  ServiceProvider p = Provider();
  ApprovalPolicy defaults = ApprovalPolicyOf(p);
  EXPECT_EQ(defaults.threshold, 500000);
  EXPECT_FALSE(defaults.bundle_threshold.has_value());
  EXPECT_FALSE(defaults.allow_self_approval);
  p.settings["adjustmentApprovalThreshold"] = 100;
  p.settings["bundleAdjustmentApprovalThreshold"] = 50;
  p.settings["allowSelfApproval"] = true;
  ApprovalPolicy set = ApprovalPolicyOf(p);
  EXPECT_EQ(set.threshold, 100);
  EXPECT_EQ(set.bundle_threshold, 50);
  EXPECT_TRUE(set.allow_self_approval);
}

TEST(NoteTypesTest, OnlyEntriesNamingAMainTypeRestrict) {
  ServiceProvider p = Provider();
  EXPECT_TRUE(NoteTypesOf(p).empty()) << "the default entry restricts nothing";
  p.settings["noteTypes"] = json::array{
      json::object{{"mainType", "Billing"}, {"subTypes", json::array{"Dispute", "Refund"}}},
      json::object{{"mainType", "General"}}, json::object{{"id", 3}, {"name", "ignored"}}};
  auto types = NoteTypesOf(p);
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0].main_type, "Billing");
  EXPECT_EQ(types[0].sub_types, (std::vector<std::string>{"Dispute", "Refund"}));
  NoteInput in{std::string("text"), std::string("Billing"), std::string("Other"), {}};
  EXPECT_FALSE(ValidateNoteInput(in, types).ok());
  in.sub_type = "Refund";
  EXPECT_TRUE(ValidateNoteInput(in, types).ok());
}

TEST(AdjustmentJsonTest, HasTheGatewayFields) {
  Adjustment a;
  a.id = "5001";
  a.spid = "1";
  a.amount = 600000;
  a.currency = "USD";
  a.status = AdjustmentStatus::kPendingApproval;
  a.requires_approval = true;
  a.type.id = 21000;
  a.history.push_back({"CREATED", "2026-11-23T10:00:00.000Z", "alice", std::nullopt});
  json::object o = AdjustmentJson(a);
  EXPECT_EQ(o.at("adjustmentId").as_string(), "5001");
  EXPECT_EQ(o.at("statusId").as_string(), "PENDING_APPROVAL");
  EXPECT_EQ(o.at("status").as_string(), "Pending Approval");
  EXPECT_EQ(o.at("value").at("amount").as_int64(), 600000);
  EXPECT_EQ(o.at("value").at("currency").as_string(), "USD");
  EXPECT_TRUE(o.at("transactionId").is_null());
  EXPECT_EQ(o.at("history").as_array().size(), 1u);
  a.bundle_adjustment = true;
  EXPECT_FALSE(AdjustmentJson(a).at("value").as_object().contains("currency"));
}

TEST(CartPatchTest, MembersReplaceAndUserDataIsUpsertedByName) {
  const json::object stored{
      {"id", "8000001"},
      {"relatedParty", json::array{json::object{{"id", "100000001"}, {"role", "Customer"}}}},
      {"cartItem", json::array{json::object{{"action", "ADD"}}}},
      {"userData", json::array{json::object{{"name", "A"}, {"value", "1"}},
                               json::object{{"name", "B"}, {"value", "2"}}}},
      {"cartTotalPrice", json::array()}};
  const json::object patch{{"cartItem", json::array()},
                           {"channel", json::array{json::object{{"id", "WEB"}}}},
                           {"userData", json::array{json::object{{"name", "A"}, {"value", nullptr}},
                                                    json::object{{"name", "B"}, {"value", "3"}},
                                                    json::object{{"name", "C"}, {"value", "4"}}}},
                           {"status", "Hacked"}};
  json::object merged = MergeCartPatch(stored, patch);
  EXPECT_FALSE(merged.contains("id")) << "only request members are merged";
  EXPECT_FALSE(merged.contains("status"));
  EXPECT_TRUE(merged.at("cartItem").as_array().empty());
  EXPECT_EQ(merged.at("channel").at(0).at("id").as_string(), "WEB");
  EXPECT_EQ(merged.at("relatedParty"), stored.at("relatedParty"));
  const json::array& data = merged.at("userData").as_array();
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0].at("name").as_string(), "B");
  EXPECT_EQ(data[0].at("value").as_string(), "3");
  EXPECT_EQ(data[1].at("name").as_string(), "C");
  EXPECT_EQ(CartRequestMembers(patch).size(), 3u);  // cartItem, channel, userData
}

}  // namespace
}  // namespace ispcloud::domain::bss
