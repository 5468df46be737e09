// Adjustment status machine, approval and patch rules (OPTIVA-API.md §2.12, §3.2, §3.3 item 11).

#include <gtest/gtest.h>

#include <set>

#include "domain/bss/adjustment.h"
#include "domain/bss/adjustment_input.h"

namespace ispcloud::domain::bss {
namespace {

using S = AdjustmentStatus;

Adjustment Pending(int64_t amount = 600000) {
  Adjustment a;
  a.id = "5001";
  a.amount = amount;
  a.created_by = "csr.alice";
  a.created_by_subject = "iss|alice";
  EXPECT_TRUE(Transition(a, S::kPendingApproval, "csr.alice", "t0").ok());
  return a;
}

Decision By(std::string who, std::string subject, bool approve = true) {
  return Decision{approve, std::move(who), std::move(subject), std::string("ok")};
}

TEST(BssAdjustmentRulesTest, StatusNames) {
  EXPECT_EQ(StatusId(S::kPendingApproval), "PENDING_APPROVAL");
  EXPECT_EQ(StatusDisplay(S::kPendingApproval), "Pending Approval");
  EXPECT_EQ(StatusDisplay(S::kCompleted), "Completed");
  EXPECT_EQ(ParseAdjustmentStatus("approved"), S::kApproved);
  EXPECT_EQ(ParseAdjustmentStatus("Pending Approval"), S::kPendingApproval);
  EXPECT_EQ(ParseAdjustmentStatus("PENDING_APPROVAL"), S::kPendingApproval);
  EXPECT_FALSE(ParseAdjustmentStatus("DONE").has_value());
}

TEST(BssAdjustmentRulesTest, TransitionsFollowTheMachine) {
  EXPECT_TRUE(CanTransition(S::kCreated, S::kCompleted));
  EXPECT_TRUE(CanTransition(S::kCreated, S::kPendingApproval));
  EXPECT_TRUE(CanTransition(S::kPendingApproval, S::kApproved));
  EXPECT_TRUE(CanTransition(S::kPendingApproval, S::kRejected));
  EXPECT_TRUE(CanTransition(S::kApproved, S::kFailed));
  EXPECT_FALSE(CanTransition(S::kCreated, S::kApproved));
  EXPECT_FALSE(CanTransition(S::kRejected, S::kApproved));
  EXPECT_FALSE(CanTransition(S::kCompleted, S::kFailed));
  EXPECT_FALSE(CanTransition(S::kApproved, S::kRejected));
  Adjustment a;
  a.id = "1";
  Status bad = Transition(a, S::kApproved, "x", "t");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().api_code, "ERCRT1007");
  EXPECT_EQ(a.status, S::kCreated);
  EXPECT_TRUE(a.history.empty());
}

TEST(BssAdjustmentRulesTest, ApprovalThresholds) {
  ApprovalPolicy policy;  // 500000
  Adjustment a;
  a.amount = 500000;
  EXPECT_FALSE(RequiresApproval(a, policy));
  a.amount = 500001;
  EXPECT_TRUE(RequiresApproval(a, policy));
  a.amount = 1;
  a.type.requires_approval = true;
  EXPECT_TRUE(RequiresApproval(a, policy));
  Adjustment bundle;
  bundle.bundle_adjustment = true;
  bundle.amount = 10'000'000'000;
  EXPECT_FALSE(RequiresApproval(bundle, policy));  // no bundle threshold configured
  policy.bundle_threshold = 1000;
  EXPECT_TRUE(RequiresApproval(bundle, policy));
}

TEST(BssAdjustmentRulesTest, FourEyes) {
  ApprovalPolicy policy;
  Adjustment a = Pending();
  Status self = RecordDecision(a, By("csr.alice", "iss|alice"), policy, "t1");
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(self.error().message, "self-approval not allowed");
  EXPECT_EQ(a.status, S::kPendingApproval);
  // Same display name but another subject is another person: allowed.
  Adjustment b = Pending();
  EXPECT_TRUE(RecordDecision(b, By("csr.alice", "iss|other"), policy, "t1").ok());
  policy.allow_self_approval = true;
  EXPECT_TRUE(RecordDecision(a, By("csr.alice", "iss|alice"), policy, "t1").ok());
}

TEST(BssAdjustmentRulesTest, ApproveThenApplyRecordsFourHistoryEntries) {
  ApprovalPolicy policy;
  Adjustment a = Pending();
  ASSERT_TRUE(RecordDecision(a, By("sup.bob", "iss|bob"), policy, "t1").ok());
  EXPECT_EQ(a.status, S::kApproved);
  EXPECT_EQ(a.approved_by, "sup.bob");
  EXPECT_EQ(a.approved_at, "t1");
  ASSERT_TRUE(
      RecordApplied(a, ApplyOutcome{std::string("9000003"), std::nullopt}, "sup.bob", "t2").ok());
  EXPECT_EQ(a.status, S::kCompleted);
  EXPECT_EQ(a.transaction_id, "9000003");
  ASSERT_EQ(a.history.size(), 3u);  // PENDING_APPROVAL (CREATED is written by the service), ...
  EXPECT_EQ(a.history[1].status, "APPROVED");
  EXPECT_EQ(a.history[1].comment, "ok");
  EXPECT_EQ(a.history[2].status, "COMPLETED");
  // No second decision.
  Status again = RecordDecision(a, By("sup.bob", "iss|bob", false), policy, "t3");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().api_code, "ERCRT1007");
}

TEST(BssAdjustmentRulesTest, RejectionIsTerminalAndFailureKeepsTheReason) {
  ApprovalPolicy policy;
  Adjustment a = Pending();
  ASSERT_TRUE(RecordDecision(a, By("sup.bob", "iss|bob", false), policy, "t1").ok());
  EXPECT_EQ(a.status, S::kRejected);
  EXPECT_EQ(a.approved_by, "sup.bob");
  EXPECT_FALSE(RecordApplied(a, ApplyOutcome{std::string("1"), std::nullopt}, "x", "t2").ok());
  Adjustment b;
  b.id = "2";
  ASSERT_TRUE(
      RecordApplied(b, ApplyOutcome{std::nullopt, std::string(kFailInsufficientBalance)}, "x", "t")
          .ok());
  EXPECT_EQ(b.status, S::kFailed);
  EXPECT_EQ(b.failure_reason, "INSUFFICIENT_BALANCE");
  EXPECT_FALSE(b.transaction_id.has_value());
}

TEST(BssAdjustmentRulesTest, LedgerRefusalsMapToFailureReasons) {
  EXPECT_EQ(FailureReasonOf(MakeError(ErrorCode::kConflict, "", "ERCRT1005")),
            "INSUFFICIENT_BALANCE");
  EXPECT_EQ(FailureReasonOf(MakeError(ErrorCode::kConflict, "", "ERCRT1006")),
            "MONTHLY_SPEND_LIMIT");
  EXPECT_EQ(FailureReasonOf(MakeError(ErrorCode::kConflict, "", "ERCRT1007")), "MAXIMUM_BALANCE");
  EXPECT_FALSE(FailureReasonOf(MakeError(ErrorCode::kInternal, "disk")).has_value());
}

TEST(BssAdjustmentRulesTest, PatchClassification) {
  AdjustmentPatchRequest decision;
  decision.status = "approved";
  decision.comment = "fine";
  auto d = ClassifyAdjustmentPatch(decision);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, AdjustmentPatch::Kind::kDecision);
  EXPECT_EQ(d->decision, S::kApproved);
  AdjustmentPatchRequest mixed = decision;
  mixed.notes = "x";
  EXPECT_EQ(ClassifyAdjustmentPatch(mixed).error().code, ErrorCode::kInvalidArgument);
  AdjustmentPatchRequest other_status;
  other_status.status = "COMPLETED";
  EXPECT_EQ(ClassifyAdjustmentPatch(other_status).error().api_code, "ERCRT1007");
  AdjustmentPatchRequest amount;
  amount.amount = 1000;
  amount.notes = "lower";
  EXPECT_EQ(ClassifyAdjustmentPatch(amount)->kind, AdjustmentPatch::Kind::kAmount);
  AdjustmentPatchRequest edit;
  edit.reason_code = 7;
  EXPECT_EQ(ClassifyAdjustmentPatch(edit)->kind, AdjustmentPatch::Kind::kEdit);
  EXPECT_EQ(ClassifyAdjustmentPatch(AdjustmentPatchRequest{}).error().code, ErrorCode::kValidation);
}

TEST(BssAdjustmentRulesTest, AmountEditsOnlyWhilePending) {
  AdjustmentPatch p;
  p.kind = AdjustmentPatch::Kind::kAmount;
  p.amount = 1000;
  Adjustment pending = Pending();
  EXPECT_TRUE(CheckPatchAllowed(pending, p).ok());
  ApplyEdit(pending, p, "csr.alice", "t1");
  EXPECT_EQ(pending.amount, 1000);
  EXPECT_EQ(pending.history.back().status, "MODIFIED");
  Adjustment done;
  done.id = "3";
  EXPECT_EQ(CheckPatchAllowed(done, p).error().api_code, "ERCRT1007");
  p.amount = 0;
  EXPECT_EQ(CheckPatchAllowed(Pending(), p).error().code, ErrorCode::kValidation);
  AdjustmentPatch edit;
  edit.notes = "late note";
  EXPECT_TRUE(CheckPatchAllowed(done, edit).ok());
}

TEST(BssAdjustmentRulesTest, RequestValidationListsEveryField) {
  AdjustmentRequest r;
  r.amount = -5;
  r.action = 3;
  r.bundle_adjustment = true;
  r.notes = std::string(1001, 'n');
  r.expiry_date_extension = -1;
  r.external_transaction_number = std::string(65, 'e');
  Status s = ValidateAdjustmentRequest(r);
  ASSERT_FALSE(s.ok());
  std::set<std::string> fields;
  for (const FieldError& f : s.error().fields) fields.insert(f.field);
  for (const char* f :
       {"accountID", "subscriptionId", "mobileNumber", "adjustmentType", "amount", "action",
        "bundleId", "notes", "expiryDateExtension", "externalTransactionNumber"}) {
    EXPECT_TRUE(fields.contains(f)) << f;
  }
  AdjustmentRequest ok;
  ok.account_id = "100000001";
  ok.subscription_id = "100000001-1";
  ok.mobile_number = "15550100001";
  ok.type = 21000;
  ok.amount = 600000;
  EXPECT_TRUE(ValidateAdjustmentRequest(ok).ok());
}

TEST(BssAdjustmentRulesTest, ActionFollowsTheType) {
  AdjustmentType free_type;
  EXPECT_EQ(*ResolveAction(free_type, std::nullopt), 0);
  EXPECT_EQ(*ResolveAction(free_type, 1), 1);
  AdjustmentType debit_only;
  debit_only.fixed_action = 1;
  EXPECT_EQ(*ResolveAction(debit_only, std::nullopt), 1);
  EXPECT_FALSE(ResolveAction(debit_only, 0).ok());
}

}  // namespace
}  // namespace ispcloud::domain::bss
