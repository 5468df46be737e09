#pragma once
// Changes to a service provider's settings (OPTIVA-API.md §3.4, PATCH row 88): a JSON merge
// patch over the stored settings, checked member by member before anything is stored.

#include <boost/json/object.hpp>

#include "core/result.h"

namespace ispcloud::domain::bss {

// `current` with `patch` merged in. Every member is checked and every problem reported at once
// (400 ERCRT1001 naming "settings.<key>"):
//   - unknown keys are refused; `null` puts a setting back to its default;
//   - currency and currencyExponent cannot change (balances are held in them); timeZone must
//     stay UTC (month boundaries are UTC in this release);
//   - amounts (Amount4) are integers >= 0 (defaultMonthlySpendLimit >= -1,
//     bundleAdjustmentApprovalThreshold may be null = none); allowSelfApproval is a boolean;
//   - day counts and PIN rules are bounded (planValidityDays and msisdnQuarantineDays
//     0/1..3650, pinLength 4..8, pinMaxAttempts 1..10);
//   - the lists (adjustmentTypes, noteTypes, subscriptionTypes, identificationTypes,
//     numberRanges) are arrays of objects with an `id` (unique) and a `name` where the list
//     names things; the *AdjustmentType settings must name an entry of adjustmentTypes.
// `defaults` are the §3.4 defaults of the provider's currency (DefaultSettings).
Result<boost::json::object> MergeSettings(const boost::json::object& current,
                                          const boost::json::object& patch,
                                          const boost::json::object& defaults);

}  // namespace ispcloud::domain::bss
