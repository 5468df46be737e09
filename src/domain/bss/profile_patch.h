#pragma once
// PATCH /api/subscription/profile (OPTIVA-API.md §2.8.4, row 38): the changes a CSR may make to
// a line's billing profile, validated as a pure function. The service applies them
// (SubscriptionService::UpdateProfile) with the §1.9 attribute gates and the overdraft rule.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::bss {

// The fields of a profile patch as decoded (absent = unchanged).
struct ProfilePatch {
  std::optional<int64_t> credit_limit;             // Amount4 >= 0; gate allowCsrToManageCreditLimit
  std::optional<int64_t> monthly_spend_limit;      // Amount4 >= 0 or -1 (none); gate
                                                   // allowCsrToManageMonthlySpendLimit
  std::optional<int64_t> notification_preference;  // 0 default, 1 SMS, 2 e-mail, 3 both, 4 none
  std::optional<std::string> billing_language;     // 2..8 of [a-zA-Z-] ("en", "es-MX")
  std::optional<int64_t> maximum_balance;          // Amount4 >= 0 (0 = none)
  std::vector<FieldError> decode_errors;           // wrong JSON types found by the API layer

  bool empty() const {
    return !credit_limit && !monthly_spend_limit && !notification_preference && !billing_language &&
           !maximum_balance;
  }
};

// Every invalid field at once (400 ERCRT1001); a patch changing nothing is invalid too.
Status ValidateProfilePatch(const ProfilePatch& p);

}  // namespace ispcloud::domain::bss
