#pragma once
// The errors of the BSS domain, with their Optiva gateway codes (OPTIVA-API.md §4.2). The wire
// body is rendered only by api/error_render.cpp; these helpers only pick code and api_code.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace ispcloud::domain::bss {

// 404 ERCRT1015 "obp code=4,text=INVALID_SPID": the request SPID is not configured (§1.6 step 5).
Error InvalidSpid();
// 404 ERCRT1003: `what` (e.g. "billing account 3001") does not exist in the SPID.
Error NotFound(std::string what);
// 400 ERCRT1001 naming one field.
Error BadField(std::string field, std::string rule, std::string message);
// 400 ERCRT1002: cart/order items break the product composition.
Error InvalidComposition(std::string message);
// 409 ERCRT1004: a uniqueness rule (BAN, MSISDN, SIM, external transaction number).
Error AlreadyExists(std::string message);
// 409 ERCRT1005: a debit beyond balance + credit limit.
Error InsufficientBalance(std::string message);
// 409 ERCRT1006: the monthly spend limit would be exceeded.
Error SpendLimitExceeded(std::string message);
// 409 ERCRT1007: not allowed in the current state (or above the maximum balance).
Error InvalidState(std::string message);
// 409 ERCRT1008: a delete blocked by dependants.
Error HasDependants(std::string message);

// True for the refusals of the money and state rules (ERCRT1005 insufficient balance, 1006
// monthly spend limit, 1007 invalid state): the request was valid, the line cannot take it.
bool IsBusinessRefusal(const Error& error);

// Collects every invalid field of a request, to report them at once (400 ERCRT1001).
class FieldErrors {
 public:
  void Add(std::string field, std::string rule, std::string message);
  // Adds the fields of `error` (a BadField or a kInvalidArgument with fields).
  void Add(const Error& error);
  bool empty() const { return fields_.empty(); }
  // kValidation "ERCRT1001" whose message joins the field messages.
  Error ToError(std::string_view context) const;

 private:
  std::vector<FieldError> fields_;
};

}  // namespace ispcloud::domain::bss
