#include "domain/bss/voucher_rules.h"

#include <cstdio>

#include "auth/secret_hash.h"
#include "domain/bss/voucher.h"

namespace ispcloud::domain::bss {
namespace {

void Require(std::vector<FieldError>& errors, bool ok, std::string field, std::string rule,
             std::string message) {
  if (!ok) errors.push_back({std::move(field), std::move(rule), std::move(message)});
}

bool IsBatchNumber(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view EffectiveVoucherState(const Voucher& v, std::string_view now) {
  if (v.state == kVoucherAvailable && v.expires_at <= now) return kVoucherExpired;
  return v.state;
}

Result<VoucherBatchSpec> ValidateVoucherBatch(const VoucherBatchInput& in, TimePoint now) {
  std::vector<FieldError> errors = in.decode_errors;
  auto named = [&errors](std::string_view f) {
    for (const FieldError& e : errors) {
      if (e.field == f) return true;
    }
    return false;
  };
  VoucherBatchSpec spec;
  if (!named("count")) {
    Require(errors, in.count.has_value(), "count", "presence", "count is required");
    if (in.count) {
      Require(errors, *in.count >= 1 && *in.count <= kMaxVoucherBatch, "count", "range",
              "count must be between 1 and 10000");
      spec.count = *in.count;
    }
  }
  if (!named("voucherAmount")) {
    Require(errors, in.voucher_amount.has_value(), "voucherAmount", "presence",
            "voucherAmount is required");
    if (in.voucher_amount) {
      Require(errors, *in.voucher_amount > 0, "voucherAmount", "range",
              "voucherAmount must be a positive Amount4 integer");
      spec.voucher_amount = *in.voucher_amount;
    }
  }
  if (!named("bonusAmount") && in.bonus_amount) {
    Require(errors, *in.bonus_amount >= 0, "bonusAmount", "range",
            "bonusAmount must not be negative");
    spec.bonus_amount = *in.bonus_amount;
  }
  if (!named("durationDays")) {
    Require(errors, in.duration_days.has_value(), "durationDays", "presence",
            "durationDays is required");
    if (in.duration_days) {
      Require(errors, *in.duration_days >= 0 && *in.duration_days <= kMaxVoucherDurationDays,
              "durationDays", "range", "durationDays must be between 0 and 3650");
      spec.duration_days = *in.duration_days;
    }
  }
  if (!named("expiresAt")) {
    Require(errors, in.expires_at.has_value(), "expiresAt", "presence", "expiresAt is required");
    if (in.expires_at) {
      std::optional<int64_t> micros = ParseIso8601Micros(*in.expires_at);
      Require(errors, micros.has_value(), "expiresAt", "format",
              "expiresAt must be an ISO-8601 date-time");
      if (micros) {
        const TimePoint at{std::chrono::microseconds(*micros)};
        Require(errors, at > now, "expiresAt", "range", "expiresAt must be in the future");
        spec.expires_at = FormatIso8601Millis(at);
      }
    }
  }
  if (!named("batchNumber") && in.batch_number) {
    Require(errors, IsBatchNumber(*in.batch_number), "batchNumber", "format",
            "batchNumber must be 1 to 64 letters, digits, '_' or '-'");
    spec.batch_number = in.batch_number;
  }
  // The sum must stay far from overflow when credited.
  if (errors.empty() && spec.voucher_amount > INT64_MAX / 4 - spec.bonus_amount) {
    errors.push_back({"voucherAmount", "range", "voucherAmount + bonusAmount is too large"});
  }
  if (!errors.empty()) {
    Error e = MakeError(ErrorCode::kValidation, errors.front().message);
    e.fields = std::move(errors);
    e.context = "VoucherBatch";
    return e;
  }
  return spec;
}

std::string GenerateVoucherNumber(Random& random) {
  std::string out;
  out.reserve(kVoucherNumberDigits);
  while (out.size() < kVoucherNumberDigits) {
    uint8_t byte = 0;
    random.Fill(std::span<uint8_t>(&byte, 1));
    if (byte >= 250) continue;  // rejection sampling keeps the digits uniform
    const char digit = static_cast<char>('0' + byte % 10);
    if (out.empty() && digit == '0') continue;
    out.push_back(digit);
  }
  return out;
}

bool IsVoucherNumberFormat(std::string_view number) {
  if (number.size() < 8 || number.size() > 20) return false;
  for (char c : number) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string MaskVoucherNumber(std::string_view last4, size_t length) {
  const size_t stars = length > last4.size() ? length - last4.size() : 0;
  return std::string(stars, '*') + std::string(last4);
}

std::string VoucherNumberHash(std::string_view key, std::string_view spid,
                              std::string_view number) {
  std::string message = "voucher:";
  message += spid;
  message += ':';
  message += number;
  return auth::HmacSha256Hex(key, message);
}

std::string VoucherHashKey(std::string_view secret, std::string_view pepper) {
  if (pepper.empty()) return std::string(secret);
  std::string message = "ispcloud-voucher-pepper:";
  message += pepper;
  return auth::HmacSha256Hex(secret, message);
}

std::string VoucherPepperCheck(std::string_view key) {
  return auth::HmacSha256Hex(key, "ispcloud voucher pepper check");
}

Result<Redemption> CheckVoucherRedemption(const std::optional<Voucher>& voucher,
                                          const std::optional<std::string>& serial,
                                          std::string_view subscription_id, std::string_view now) {
  if (!voucher || (serial && *serial != voucher->serial_number)) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid voucher", "ERCRT1010");
  }
  const std::string_view state = EffectiveVoucherState(*voucher, now);
  if (state == kVoucherUsed) {
    if (voucher->used_by_subscription == subscription_id) return Redemption::kReplay;
    return MakeError(ErrorCode::kConflict,
                     "voucher " + voucher->serial_number + " was already used", "ERCRT1011");
  }
  if (state == kVoucherBlocked || state == kVoucherExpired) {
    return MakeError(ErrorCode::kConflict,
                     "voucher " + voucher->serial_number + " is " + std::string(state),
                     "ERCRT1012");
  }
  return Redemption::kRedeem;
}

Status CheckRechargeState(int state) {
  if (state == 1 || state == 6 || state == 13) return Ok();
  return MakeError(ErrorCode::kConflict,
                   "invalid state for recharge: subscription state " + std::to_string(state),
                   "ERCRT1007");
}

int StateAfterRecharge(int state) {
  return (state == 6 || state == 13) ? 1 : state;
}

TimePoint RechargedExpiry(std::optional<TimePoint> expiry, TimePoint now, int64_t days) {
  const TimePoint base = (expiry && *expiry > now) ? *expiry : now;
  return base + std::chrono::hours(24 * days);
}

std::string VoucherSerial(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "SN%07lld", static_cast<long long>(n));
  return buf;
}

}  // namespace ispcloud::domain::bss
