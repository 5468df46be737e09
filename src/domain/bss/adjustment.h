#pragma once
// Balance adjustments (OPTIVA-API.md §2.12): the record, its status machine and the approval
// rules, as pure functions. The service (adjustment_service.h) stores records and posts the
// ledger transaction when an adjustment is applied.
//
// Status machine (§3.2):
//   CREATED -> COMPLETED | FAILED | PENDING_APPROVAL
//   PENDING_APPROVAL -> APPROVED -> COMPLETED | FAILED
//   PENDING_APPROVAL -> REJECTED (terminal)
// A PENDING_APPROVAL record whose amount is edited below the threshold is applied at once
// (PENDING_APPROVAL -> COMPLETED | FAILED, no APPROVED entry).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::bss {

enum class AdjustmentStatus {
  kCreated,
  kPendingApproval,
  kApproved,
  kRejected,
  kCompleted,
  kFailed
};

// "PENDING_APPROVAL" (the statusId filter value).
std::string_view StatusId(AdjustmentStatus s);
// "Pending Approval" (the display `status`).
std::string_view StatusDisplay(AdjustmentStatus s);
// A statusId or display name, case-insensitive ("approved", "Pending Approval",
// "PENDING_APPROVAL"); nullopt for anything else.
std::optional<AdjustmentStatus> ParseAdjustmentStatus(std::string_view text);
// True when the machine above allows `from` -> `to`.
bool CanTransition(AdjustmentStatus from, AdjustmentStatus to);

inline constexpr std::string_view kHistoryModified = "MODIFIED";

// Failure reasons of an applied adjustment (§2.12.2 step 5).
inline constexpr std::string_view kFailInsufficientBalance = "INSUFFICIENT_BALANCE";
inline constexpr std::string_view kFailMonthlySpendLimit = "MONTHLY_SPEND_LIMIT";
inline constexpr std::string_view kFailMaximumBalance = "MAXIMUM_BALANCE";
inline constexpr std::string_view kFailBundleNotEnabled = "BUNDLE_NOT_ENABLED";

struct AdjustmentHistoryEntry {
  std::string status;  // a StatusId or "MODIFIED"
  std::string updated_at;
  std::string updated_by;
  std::optional<std::string> comment;
};

// An adjustment type of the SPID catalogue.
struct AdjustmentType {
  int64_t id = 0;
  std::string name;
  std::string description;
  int64_t category = 0;
  std::string category_description;
  std::optional<int> fixed_action;  // 0 credit / 1 debit when the type fixes it
  bool requires_approval = false;
};

struct Adjustment {
  std::string id;
  std::string spid;
  std::string subscription_id;
  std::string account_id;
  std::string mobile_number;
  AdjustmentType type;
  int action = 0;  // 0 credit, 1 debit
  bool bundle_adjustment = false;
  std::optional<int64_t> bundle_id;
  int64_t amount = 0;
  std::string currency;
  std::optional<int64_t> expiry_date_extension;
  std::optional<int64_t> reason_code;
  std::optional<std::string> notes;
  std::optional<std::string> external_transaction_number;
  AdjustmentStatus status = AdjustmentStatus::kCreated;
  bool requires_approval = false;
  std::string created_by;          // display name
  std::string created_by_subject;  // stable identity for the four-eyes rule
  std::string created_at;
  std::optional<std::string> approved_by;
  std::optional<std::string> approved_at;
  std::optional<std::string> transaction_id;
  std::optional<std::string> failure_reason;
  std::string updated_at;
  std::vector<AdjustmentHistoryEntry> history;
};

// The SPID settings that drive approval (§3.4).
struct ApprovalPolicy {
  int64_t threshold = 500000;               // adjustmentApprovalThreshold (Amount4)
  std::optional<int64_t> bundle_threshold;  // bundleAdjustmentApprovalThreshold
  bool allow_self_approval = false;         // allowSelfApproval
};

// §2.12.2 step 3: money above the threshold, a bundle amount above the bundle threshold (when
// configured), or a type flagged requiresApproval.
bool RequiresApproval(const Adjustment& a, const ApprovalPolicy& policy);

// Moves `a` to `to`, appending the history entry (by `who` at `now`, optional comment). A
// transition the machine does not allow: kConflict ERCRT1007, `a` unchanged.
Status Transition(Adjustment& a, AdjustmentStatus to, const std::string& who,
                  const std::string& now, std::optional<std::string> comment = std::nullopt);

// A decision on a pending adjustment.
struct Decision {
  bool approve = false;
  std::string decider;          // display name
  std::string decider_subject;  // compared with created_by_subject
  std::optional<std::string> comment;
};

// Checks a decision before it is recorded: the record must be PENDING_APPROVAL (else kConflict
// ERCRT1007) and, unless the policy allows self-approval, the decider must not be the creator
// (kPermissionDenied ERCRT1403 "self-approval not allowed").
Status CheckDecision(const Adjustment& a, const Decision& d, const ApprovalPolicy& policy);

// Records an allowed decision: APPROVED (then the caller applies it) or REJECTED, setting
// approvedBy/approvedTimestamp. Runs CheckDecision first.
Status RecordDecision(Adjustment& a, const Decision& d, const ApprovalPolicy& policy,
                      const std::string& now);

// The result of applying an adjustment to the ledger: a transaction id, or the refusal.
struct ApplyOutcome {
  std::optional<std::string> transaction_id;
  std::optional<std::string> failure_reason;
};

// Records the outcome of applying (from CREATED, APPROVED or PENDING_APPROVAL after an amount
// edit): COMPLETED with the transaction id, or FAILED with the reason.
Status RecordApplied(Adjustment& a, const ApplyOutcome& outcome, const std::string& who,
                     const std::string& now);

// The failure reason for a ledger refusal identified by its api_code (ERCRT1005 ->
// INSUFFICIENT_BALANCE, ERCRT1006 -> MONTHLY_SPEND_LIMIT, ERCRT1007 -> MAXIMUM_BALANCE);
// nullopt for errors that are not refusals (they abort the request instead).
std::optional<std::string> FailureReasonOf(const Error& ledger_error);

// A PATCH body classified (§2.12.5). Kinds may not be mixed.
struct AdjustmentPatch {
  enum class Kind { kEdit, kAmount, kDecision } kind = Kind::kEdit;
  std::optional<std::string> notes;
  std::optional<int64_t> reason_code;
  std::optional<int64_t> amount;
  std::optional<AdjustmentStatus> decision;  // kApproved or kRejected
  std::optional<std::string> comment;
};

// Validates a classified patch against the record: edits any time, amount only while
// PENDING_APPROVAL (else kConflict ERCRT1007), amount > 0.
Status CheckPatchAllowed(const Adjustment& a, const AdjustmentPatch& p);

// Applies an edit or amount change (not a decision) and appends a MODIFIED history entry.
void ApplyEdit(Adjustment& a, const AdjustmentPatch& p, const std::string& who,
               const std::string& now);

}  // namespace ispcloud::domain::bss
