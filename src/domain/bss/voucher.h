#pragma once
// Prepaid vouchers (OPTIVA-API.md §2.13, §2.20 rows 91-92, §3.2): a secret number printed on a
// card, stored only as a keyed hash, worth `voucher_amount + bonus_amount` (Amount4) of the SPID
// currency and `duration_days` of validity, redeemable once before `expires_at`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ispcloud::domain::bss {

// Stored states; EXPIRED is derived from `expires_at` (EffectiveVoucherState).
inline constexpr std::string_view kVoucherAvailable = "AVAILABLE";
inline constexpr std::string_view kVoucherUsed = "USED";
inline constexpr std::string_view kVoucherBlocked = "BLOCKED";
inline constexpr std::string_view kVoucherExpired = "EXPIRED";

struct Voucher {
  std::string spid;
  std::string serial_number;  // "SN0000001"
  std::string batch_number;
  std::string number_hash;     // keyed hash of the number (voucher_rules.h VoucherNumberHash)
  std::string number_last4;    // for the masked echo "************0123"
  int64_t voucher_amount = 0;  // Amount4
  int64_t bonus_amount = 0;    // Amount4
  std::string currency;
  int64_t duration_days = 0;
  std::string expires_at;  // ISO-8601 UTC with milliseconds
  std::string state;       // AVAILABLE | USED | BLOCKED
  std::optional<std::string> used_by_subscription;
  std::optional<std::string> used_at;
  std::optional<std::string> transaction_id;
  std::optional<std::string> first_result;  // JSON body of the redemption, for replays
  std::string created_at;
  std::string updated_at;
};

// A voucher number in clear with its serial: shown once, when the batch is created.
struct IssuedVoucher {
  std::string voucher_number;
  std::string serial_number;
};

struct VoucherBatch {
  std::string batch_number;
  std::vector<IssuedVoucher> vouchers;
};

// The state a client sees at `now` (ISO-8601 text of the same format as expires_at): an
// AVAILABLE voucher whose expires_at is not after `now` is EXPIRED.
std::string_view EffectiveVoucherState(const Voucher& v, std::string_view now);

}  // namespace ispcloud::domain::bss
