#include "domain/bss/profile_patch.h"

#include <algorithm>

#include "domain/bss/errors.h"

namespace ispcloud::domain::bss {

Status ValidateProfilePatch(const ProfilePatch& p) {
  FieldErrors errors;
  for (const FieldError& e : p.decode_errors) errors.Add(e.field, e.rule, e.message);
  if (p.empty() && p.decode_errors.empty()) {
    errors.Add("body", "presence",
               "nothing to change: send creditLimit, monthlySpendLimit, notificationPreference, "
               "billingLanguage or maximumBalance");
  }
  if (p.credit_limit && *p.credit_limit < 0) {
    errors.Add("creditLimit", "range", "creditLimit must not be negative");
  }
  if (p.monthly_spend_limit && *p.monthly_spend_limit < -1) {
    errors.Add("monthlySpendLimit", "range", "monthlySpendLimit must be -1 (none) or >= 0");
  }
  if (p.notification_preference &&
      (*p.notification_preference < 0 || *p.notification_preference > 4)) {
    errors.Add("notificationPreference", "inclusion", "notificationPreference must be 0 to 4");
  }
  if (p.billing_language) {
    const std::string& l = *p.billing_language;
    const bool ok = l.size() >= 2 && l.size() <= 8 && std::all_of(l.begin(), l.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
                    });
    if (!ok) errors.Add("billingLanguage", "format", "billingLanguage must be a language tag");
  }
  if (p.maximum_balance && *p.maximum_balance < 0) {
    errors.Add("maximumBalance", "range", "maximumBalance must not be negative");
  }
  if (!errors.empty()) return errors.ToError("invalid profile change");
  return Ok();
}

}  // namespace ispcloud::domain::bss
