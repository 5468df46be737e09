#pragma once
// Voucher recharge (OPTIVA-API.md §2.13, row 55): redeems a prepaid voucher onto a
// subscription's main balance. One call = one write transaction holding the voucher's
// compare-and-set AVAILABLE -> USED, the ledger credit, the new expiry and state, the audit
// record and the BalanceTopupEvent, so a voucher is credited at most once whatever the retries.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/events.h"
#include "domain/bss/subscription_resolver.h"
#include "domain/bss/voucher_service.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// A recharge request as decoded by the API layer (absent = not given).
struct RechargeRequest {
  SubscriptionRef ref;                    // subscriptionId / mobileNumber / subscriptionRef
  std::optional<std::string> account_id;  // accountID: consistency check only
  std::optional<std::string> voucher;     // voucher (alias voucherNumber)
  std::optional<std::string> serial;      // serialNumber: must match when sent
  std::optional<std::string> external_transaction_number;
  std::vector<FieldError> decode_errors;  // wrong JSON types found by the API layer
};

// Field checks that need no database: a subscription reference, a voucher of 8 to 20 digits,
// an external transaction number of 1..64 characters. kValidation (ERCRT1001) naming each.
Status ValidateRechargeRequest(const RechargeRequest& r);

// The answer of a recharge: the row 55 body, and whether it repeats the voucher's first
// redemption (the same subscription sent the same voucher again: no new credit).
struct RechargeResult {
  boost::json::object body;
  bool replay = false;
};

class VoucherRechargeService {
 public:
  VoucherRechargeService(const Clock& clock, VoucherService& vouchers, BssEventPublisher& events)
      : clock_(clock), vouchers_(vouchers), events_(events) {}

  // Redeems inside `tx` (a write transaction; routes run it through RunIdempotent). Checks, in
  // order: the request (400 ERCRT1001), the subscription (404 ERCRT1003; accountID of another
  // account -> 400), the voucher (unknown or serial mismatch 400 ERCRT1010, used by another line
  // 409 ERCRT1011, blocked or expired 409 ERCRT1012; used by this line -> replay of the first
  // result), the line's state (409 ERCRT1007), then the ledger's own rules (maximum balance 409
  // ERCRT1007, external number in use 409 ERCRT1004). A refusal changes nothing.
  asio::awaitable<Result<RechargeResult>> RechargeInTx(storage::Tx& tx, const BssContext& ctx,
                                                       const RechargeRequest& request);

 private:
  const Clock& clock_;
  VoucherService& vouchers_;
  BssEventPublisher& events_;
};

}  // namespace ispcloud::domain::bss
