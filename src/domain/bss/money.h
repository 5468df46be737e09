#pragma once
// BSS money (OPTIVA-API.md §0.4, §3.3 item 1). Three wire forms, one internal scale:
//   Amount4      integer count of 1/10,000 of the SPID currency's major unit (ledger, balances)
//   Decimal      major units as a JSON number or string with at most 4 significant decimals
//                (catalogue, cart and order prices; TMF Money `value`)
//   AmountMinor  ISO 4217 minor units (cents for USD), exponent e: Amount4 = minor * 10^(4-e)
// No floating point is ever used in arithmetic: a JSON double is turned into its shortest
// round-trip decimal text (std::to_chars) and that text is parsed as an exact decimal.

#include <boost/json/value.hpp>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ispcloud::domain::bss {

// Ledger money: 1/10,000 of the major unit. 10.00 USD = Amount4{100000}.
struct Amount4 {
  int64_t units = 0;
  auto operator<=>(const Amount4&) const = default;
};

inline constexpr int64_t kAmount4Scale = 10000;

// a + b, or nullopt on int64 overflow.
std::optional<Amount4> CheckedAdd(Amount4 a, Amount4 b);

// Parses exact decimal text: optional '-', digits, optional '.' digits, optional exponent
// (e|E, optional sign, digits). At least one digit before or after the point. The value must
// be a whole number of 1/10,000 units (trailing zeros beyond 4 decimals are fine: "1.50000")
// and fit int64. Errors: kInvalidArgument naming `field` (the JSON path used in messages).
Result<Amount4> ParseDecimalText(std::string_view text, std::string_view field);

// A Decimal given as a JSON number (integer or double) or string -> Amount4. A double is read
// through its shortest round-trip text, so 12.5 and 0.1 convert exactly while 0.00001 (five
// decimals) is refused. Other JSON types, non-finite or inexact values -> kInvalidArgument
// naming `field`.
Result<Amount4> DecimalFromJson(const boost::json::value& value, std::string_view field);

// Amount4 as exact decimal text: 125000 -> "12.5", 100000 -> "10", -1 -> "-0.0001".
std::string FormatDecimal(Amount4 amount);

// Amount4 as a JSON Decimal for catalogue and order prices: an integer when it is a whole
// number of major units (74700), else the double nearest to the decimal (12.5). Amounts up to
// 10^11 major units survive a JSON round trip through DecimalFromJson unchanged.
boost::json::value DecimalJson(Amount4 amount);

// Minor units of a currency with ISO exponent `exponent` (0..4) -> Amount4. Overflow or an
// exponent out of range -> kInvalidArgument naming `field`.
Result<Amount4> FromMinor(int64_t minor, int exponent, std::string_view field);

// Amount4 -> minor units; only exact conversions (125 Amount4 is not a whole cent) succeed,
// others -> kInvalidArgument naming `field`.
Result<int64_t> ToMinor(Amount4 amount, int exponent, std::string_view field);

// The ISO 4217 exponent of a currency code this server knows (USD 2, JPY 0, BHD 3, CLF 4, ...);
// nullopt for other codes.
std::optional<int> CurrencyExponent(std::string_view code);

}  // namespace ispcloud::domain::bss
