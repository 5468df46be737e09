#include "domain/bss/adjustment.h"

#include "core/strings.h"

namespace ispcloud::domain::bss {
namespace {

struct StatusNames {
  AdjustmentStatus status;
  std::string_view id;
  std::string_view display;
};

constexpr StatusNames kStatuses[] = {
    {AdjustmentStatus::kCreated, "CREATED", "Created"},
    {AdjustmentStatus::kPendingApproval, "PENDING_APPROVAL", "Pending Approval"},
    {AdjustmentStatus::kApproved, "APPROVED", "Approved"},
    {AdjustmentStatus::kRejected, "REJECTED", "Rejected"},
    {AdjustmentStatus::kCompleted, "COMPLETED", "Completed"},
    {AdjustmentStatus::kFailed, "FAILED", "Failed"},
};

Error InvalidState(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message), "ERCRT1007");
}

}  // namespace

std::string_view StatusId(AdjustmentStatus s) {
  for (const StatusNames& n : kStatuses) {
    if (n.status == s) return n.id;
  }
  return "CREATED";
}

std::string_view StatusDisplay(AdjustmentStatus s) {
  for (const StatusNames& n : kStatuses) {
    if (n.status == s) return n.display;
  }
  return "Created";
}

std::optional<AdjustmentStatus> ParseAdjustmentStatus(std::string_view text) {
  for (const StatusNames& n : kStatuses) {
    const std::string lower = AsciiLower(text);
    if (lower == AsciiLower(n.id) || lower == AsciiLower(n.display)) return n.status;
  }
  return std::nullopt;
}

bool CanTransition(AdjustmentStatus from, AdjustmentStatus to) {
  using S = AdjustmentStatus;
  switch (from) {
    case S::kCreated:
      return to == S::kCompleted || to == S::kFailed || to == S::kPendingApproval;
    case S::kPendingApproval:
      return to == S::kApproved || to == S::kRejected || to == S::kCompleted || to == S::kFailed;
    case S::kApproved:
      return to == S::kCompleted || to == S::kFailed;
    case S::kRejected:
    case S::kCompleted:
    case S::kFailed:
      return false;
  }
  return false;
}

bool RequiresApproval(const Adjustment& a, const ApprovalPolicy& policy) {
  if (a.type.requires_approval) return true;
  if (a.bundle_adjustment) return policy.bundle_threshold && a.amount > *policy.bundle_threshold;
  return a.amount > policy.threshold;
}

Status Transition(Adjustment& a, AdjustmentStatus to, const std::string& who,
                  const std::string& now, std::optional<std::string> comment) {
  if (!CanTransition(a.status, to)) {
    return InvalidState("adjustment " + a.id + " is " + std::string(StatusId(a.status)) +
                        " and cannot become " + std::string(StatusId(to)));
  }
  a.status = to;
  a.updated_at = now;
  a.history.push_back({std::string(StatusId(to)), now, who, std::move(comment)});
  return Ok();
}

Status CheckDecision(const Adjustment& a, const Decision& d, const ApprovalPolicy& policy) {
  if (a.status != AdjustmentStatus::kPendingApproval) {
    return InvalidState("adjustment " + a.id + " is " + std::string(StatusId(a.status)) +
                        ", not PENDING_APPROVAL");
  }
  if (!policy.allow_self_approval && d.decider_subject == a.created_by_subject) {
    return MakeError(ErrorCode::kPermissionDenied, "self-approval not allowed", "ERCRT1403");
  }
  return Ok();
}

Status RecordDecision(Adjustment& a, const Decision& d, const ApprovalPolicy& policy,
                      const std::string& now) {
  if (Status ok = CheckDecision(a, d, policy); !ok) return ok;
  const AdjustmentStatus to = d.approve ? AdjustmentStatus::kApproved : AdjustmentStatus::kRejected;
  if (Status moved = Transition(a, to, d.decider, now, d.comment); !moved) return moved;
  a.approved_by = d.decider;
  a.approved_at = now;
  return Ok();
}

Status RecordApplied(Adjustment& a, const ApplyOutcome& outcome, const std::string& who,
                     const std::string& now) {
  if (outcome.transaction_id) {
    if (Status s = Transition(a, AdjustmentStatus::kCompleted, who, now); !s) return s;
    a.transaction_id = outcome.transaction_id;
    return Ok();
  }
  if (Status s = Transition(a, AdjustmentStatus::kFailed, who, now, outcome.failure_reason); !s) {
    return s;
  }
  a.failure_reason = outcome.failure_reason;
  return Ok();
}

std::optional<std::string> FailureReasonOf(const Error& e) {
  if (e.api_code == "ERCRT1005") return std::string(kFailInsufficientBalance);
  if (e.api_code == "ERCRT1006") return std::string(kFailMonthlySpendLimit);
  if (e.api_code == "ERCRT1007") return std::string(kFailMaximumBalance);
  return std::nullopt;
}

Status CheckPatchAllowed(const Adjustment& a, const AdjustmentPatch& p) {
  if (p.kind == AdjustmentPatch::Kind::kAmount) {
    if (a.status != AdjustmentStatus::kPendingApproval) {
      return InvalidState("the amount of adjustment " + a.id + " can only change while " +
                          "PENDING_APPROVAL");
    }
    if (!p.amount || *p.amount <= 0) {
      Error e = MakeError(ErrorCode::kValidation, "amount must be a positive integer");
      e.fields.push_back({"amount", "range", e.message});
      return e;
    }
  }
  return Ok();
}

void ApplyEdit(Adjustment& a, const AdjustmentPatch& p, const std::string& who,
               const std::string& now) {
  if (p.notes) a.notes = p.notes;
  if (p.reason_code) a.reason_code = p.reason_code;
  if (p.amount) a.amount = *p.amount;
  a.updated_at = now;
  a.history.push_back({std::string(kHistoryModified), now, who, p.comment});
}

}  // namespace ispcloud::domain::bss
