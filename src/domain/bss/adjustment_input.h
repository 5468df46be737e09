#pragma once
// Requests of the adjustment endpoints (OPTIVA-API.md §2.12.2, §2.12.5) as decoded by the API
// layer, and their validation (pure; every invalid field reported at once).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/bss/adjustment.h"

namespace ispcloud::domain::bss {

// POST /api/subscription/adjustment. Absent = not given.
struct AdjustmentRequest {
  std::optional<std::string> account_id;       // accountID (BAN)
  std::optional<std::string> subscription_id;  // subscriptionId
  std::optional<std::string> mobile_number;    // mobileNumber
  std::optional<int64_t> type;                 // adjustmentType (alias type)
  std::optional<int64_t> amount;               // amount (alias value.amount)
  std::optional<int64_t> action;               // 0 | 1
  std::optional<bool> bundle_adjustment;
  std::optional<int64_t> bundle_id;
  std::optional<int64_t> reason_code;
  std::optional<std::string> notes;
  std::optional<int64_t> expiry_date_extension;
  std::optional<std::string> external_transaction_number;
  std::vector<FieldError> decode_errors;  // wrong JSON types found by the API layer
};

// The fields of a valid request. Reference checks (subscription, type) come later.
// Rules: accountID, subscriptionId, mobileNumber all required (the seed's rule); adjustmentType
// required; amount > 0; action 0 or 1; bundleId required when bundleAdjustment; notes <= 1000
// characters; expiryDateExtension >= 0; externalTransactionNumber 1..64 characters.
// Errors: kValidation (ERCRT1001) naming every bad field.
Status ValidateAdjustmentRequest(const AdjustmentRequest& r);

// The action of an adjustment of type `type` asked with `requested` (absent: the type's). A
// request contradicting a type with a fixed action -> kValidation on `action`.
Result<int> ResolveAction(const AdjustmentType& type, std::optional<int64_t> requested);

// PATCH /api/subscription/adjustment/{id} as decoded.
struct AdjustmentPatchRequest {
  std::optional<std::string> notes;
  std::optional<int64_t> reason_code;
  std::optional<int64_t> amount;      // amount or value.amount
  std::optional<std::string> status;  // statusId or status
  std::optional<std::string> comment;
  bool empty = true;  // no recognised field at all
  std::vector<FieldError> decode_errors;
};

// Classifies a patch: a decision (status APPROVED or REJECTED, optional comment), an amount
// change (optionally with notes/reasonCode), or an edit (notes, reasonCode). A status with any
// other field but comment -> kInvalidArgument "may not be mixed"; a status other than
// APPROVED/REJECTED -> kConflict ERCRT1007; an empty patch -> kValidation.
Result<AdjustmentPatch> ClassifyAdjustmentPatch(const AdjustmentPatchRequest& r);

}  // namespace ispcloud::domain::bss
