#pragma once
// Pure rules of voucher batches and voucher numbers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/bss/voucher.h"

namespace ispcloud::domain::bss {

inline constexpr int64_t kMaxVoucherBatch = 10000;
inline constexpr int64_t kMaxVoucherDurationDays = 3650;
inline constexpr size_t kVoucherNumberDigits = 16;

// A batch request as decoded (CLI flags or the row 92 body); absent = not given.
struct VoucherBatchInput {
  std::optional<int64_t> count;
  std::optional<int64_t> voucher_amount;  // Amount4
  std::optional<int64_t> bonus_amount;    // Amount4, default 0
  std::optional<int64_t> duration_days;
  std::optional<std::string> expires_at;  // DateTime
  std::optional<std::string> batch_number;
  std::vector<FieldError> decode_errors;  // wrong JSON types found by the API layer
};

struct VoucherBatchSpec {
  int64_t count = 0;
  int64_t voucher_amount = 0;
  int64_t bonus_amount = 0;
  int64_t duration_days = 0;
  std::string expires_at;                   // normalised ISO-8601 UTC with milliseconds
  std::optional<std::string> batch_number;  // caller's, else assigned by the service
};

// Checks every field at once: count 1..10000, voucherAmount > 0, bonusAmount >= 0,
// durationDays 0..3650, expiresAt a DateTime after `now`, batchNumber 1..64 of [A-Za-z0-9_-].
// Errors: kValidation (ERCRT1001) listing each bad field (camelCase wire names).
Result<VoucherBatchSpec> ValidateVoucherBatch(const VoucherBatchInput& in, TimePoint now);

// A new voucher number: 16 uniformly random decimal digits (first digit not 0).
std::string GenerateVoucherNumber(Random& random);

// True for a voucher number as a client may send it: 8 to 20 decimal digits.
bool IsVoucherNumberFormat(std::string_view number);

// "************0123": the number masked but for its last four digits.
std::string MaskVoucherNumber(std::string_view last4, size_t length = kVoucherNumberDigits);

// The stored fingerprint of a voucher number: HMAC-SHA-256 under `key`, bound to the SPID.
std::string VoucherNumberHash(std::string_view key, std::string_view spid, std::string_view number);

// The effective hash key from the deployment secret (bss_voucher_secret) and the operator's
// pepper (auth.key_encryption_key, may be empty): with a pepper, HMAC(secret, pepper), so a
// copy of the database alone does not allow testing guesses offline.
std::string VoucherHashKey(std::string_view secret, std::string_view pepper);

// The check value stored beside the secret: detects a changed pepper.
std::string VoucherPepperCheck(std::string_view key);

// What a redemption request does with a voucher (§2.13 checks, in order).
enum class Redemption { kRedeem, kReplay };

// The voucher checks of a recharge by `subscription_id` at `now` (ISO-8601):
//   unknown voucher (nullopt), or `serial` given and different -> 400 ERCRT1010;
//   USED by this subscription -> kReplay (the first result is answered again);
//   USED by another subscription -> 409 ERCRT1011;
//   BLOCKED, or past expires_at -> 409 ERCRT1012;
//   otherwise kRedeem.
Result<Redemption> CheckVoucherRedemption(const std::optional<Voucher>& voucher,
                                          const std::optional<std::string>& serial,
                                          std::string_view subscription_id, std::string_view now);

// Subscription states that accept a voucher recharge: ACTIVE (1), EXPIRED (6), DORMANT (13);
// any other -> 409 ERCRT1007 "invalid state for recharge".
Status CheckRechargeState(int state);

// The state after a recharge: EXPIRED and DORMANT become ACTIVE, others stay.
int StateAfterRecharge(int state);

// The main-balance expiry after adding `days`: max(expiry, now) + days.
TimePoint RechargedExpiry(std::optional<TimePoint> expiry, TimePoint now, int64_t days);

// Serial number `n` (1-based) of a SPID: "SN" + at least 7 digits ("SN0000001").
std::string VoucherSerial(int64_t n);

}  // namespace ispcloud::domain::bss
