#include "domain/bss/adjustment_input.h"

namespace ispcloud::domain::bss {
namespace {

bool Named(const std::vector<FieldError>& errors, std::string_view field) {
  for (const FieldError& e : errors) {
    if (e.field == field) return true;
  }
  return false;
}

void Need(std::vector<FieldError>& errors, bool ok, std::string_view field, std::string rule,
          std::string message) {
  if (!ok && !Named(errors, field)) {
    errors.push_back({std::string(field), std::move(rule), std::move(message)});
  }
}

Error Invalid(std::vector<FieldError> errors, std::string context) {
  Error e = MakeError(ErrorCode::kValidation, errors.front().message);
  e.fields = std::move(errors);
  e.context = std::move(context);
  return e;
}

}  // namespace

Status ValidateAdjustmentRequest(const AdjustmentRequest& r) {
  std::vector<FieldError> errors = r.decode_errors;
  auto present = [](const std::optional<std::string>& s) { return s && !s->empty(); };
  Need(errors, present(r.account_id), "accountID", "presence", "accountID is required");
  Need(errors, present(r.subscription_id), "subscriptionId", "presence",
       "subscriptionId is required");
  Need(errors, present(r.mobile_number), "mobileNumber", "presence", "mobileNumber is required");
  Need(errors, r.type.has_value(), "adjustmentType", "presence", "adjustmentType is required");
  Need(errors, r.amount.has_value(), "amount", "presence", "amount is required");
  if (r.amount) Need(errors, *r.amount > 0, "amount", "range", "amount must be positive");
  if (r.action)
    Need(errors, *r.action == 0 || *r.action == 1, "action", "inclusion",
         "action must be 0 (credit) or 1 (debit)");
  if (r.bundle_adjustment.value_or(false)) {
    Need(errors, r.bundle_id.has_value(), "bundleId", "presence",
         "bundleId is required for a bundle adjustment");
  }
  if (r.notes)
    Need(errors, r.notes->size() <= 1000, "notes", "length.max",
         "notes must be at most 1000 characters");
  if (r.expiry_date_extension) {
    Need(errors, *r.expiry_date_extension >= 0 && *r.expiry_date_extension <= 3650,
         "expiryDateExtension", "range", "expiryDateExtension must be 0 to 3650 days");
  }
  if (r.external_transaction_number) {
    Need(errors,
         !r.external_transaction_number->empty() && r.external_transaction_number->size() <= 64,
         "externalTransactionNumber", "length",
         "externalTransactionNumber must be 1 to 64 "
         "characters");
  }
  if (!errors.empty()) return Invalid(std::move(errors), "Adjustment");
  return Ok();
}

Result<int> ResolveAction(const AdjustmentType& type, std::optional<int64_t> requested) {
  if (!requested) return type.fixed_action.value_or(0);
  const int action = static_cast<int>(*requested);
  if (type.fixed_action && *type.fixed_action != action) {
    std::vector<FieldError> errors{{"action", "inclusion",
                                    "adjustment type " + std::to_string(type.id) +
                                        " only allows action " +
                                        std::to_string(*type.fixed_action)}};
    return Invalid(std::move(errors), "Adjustment");
  }
  return action;
}

Result<AdjustmentPatch> ClassifyAdjustmentPatch(const AdjustmentPatchRequest& r) {
  if (!r.decode_errors.empty()) return Invalid(r.decode_errors, "AdjustmentPatch");
  AdjustmentPatch p;
  p.notes = r.notes;
  p.reason_code = r.reason_code;
  p.amount = r.amount;
  p.comment = r.comment;
  if (r.status) {
    if (r.notes || r.reason_code || r.amount) {
      Error e = MakeError(ErrorCode::kInvalidArgument,
                          "a status decision may not be mixed with other changes");
      e.fields.push_back({"statusId", "exclusion", e.message});
      return e;
    }
    std::optional<AdjustmentStatus> s = ParseAdjustmentStatus(*r.status);
    if (s != AdjustmentStatus::kApproved && s != AdjustmentStatus::kRejected) {
      return MakeError(ErrorCode::kConflict,
                       "statusId may only be set to APPROVED or REJECTED, not '" + *r.status + "'",
                       "ERCRT1007");
    }
    p.kind = AdjustmentPatch::Kind::kDecision;
    p.decision = s;
    return p;
  }
  if (r.amount) {
    p.kind = AdjustmentPatch::Kind::kAmount;
    return p;
  }
  if (!r.notes && !r.reason_code) {
    std::vector<FieldError> errors{
        {"body", "presence", "nothing to change: send notes, reasonCode, amount or statusId"}};
    return Invalid(std::move(errors), "AdjustmentPatch");
  }
  p.kind = AdjustmentPatch::Kind::kEdit;
  return p;
}

}  // namespace ispcloud::domain::bss
