#include "domain/bss/money.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace ispcloud::domain::bss {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

Error Invalid(std::string_view field, std::string message) {
  Error e = MakeError(ErrorCode::kInvalidArgument, std::string(field) + " " + message);
  e.fields.push_back(FieldError{std::string(field), "format", e.message});
  return e;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// 10^n for 0 <= n <= 18.
int64_t Pow10(int n) {
  int64_t out = 1;
  for (int i = 0; i < n; ++i) out *= 10;
  return out;
}

// a * b for non-negative operands, or nullopt on overflow.
std::optional<int64_t> CheckedMul(int64_t a, int64_t b) {
  if (a != 0 && b > kMax / a) return std::nullopt;
  return a * b;
}

}  // namespace

std::optional<Amount4> CheckedAdd(Amount4 a, Amount4 b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a.units, b.units, &out)) return std::nullopt;
  return Amount4{out};
}

Result<Amount4> ParseDecimalText(std::string_view text, std::string_view field) {
  const std::string_view original = text;
  auto bad = [&] {
    return Invalid(field, "must be a decimal number, got '" + std::string(original) + "'");
  };
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Split mantissa and exponent.
  std::string_view mantissa = text;
  int64_t exponent = 0;
  if (size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
    mantissa = text.substr(0, e);
    std::string_view exp_text = text.substr(e + 1);
    bool exp_negative = false;
    if (!exp_text.empty() && (exp_text.front() == '-' || exp_text.front() == '+')) {
      exp_negative = exp_text.front() == '-';
      exp_text.remove_prefix(1);
    }
    if (exp_text.empty() || exp_text.size() > 6) return bad();
    for (char c : exp_text) {
      if (!IsDigit(c)) return bad();
      exponent = exponent * 10 + (c - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  std::string_view int_part = mantissa.substr(0, mantissa.find('.'));
  std::string_view frac_part;
  if (size_t dot = mantissa.find('.'); dot != std::string_view::npos) {
    frac_part = mantissa.substr(dot + 1);
  }
  if (int_part.empty() && frac_part.empty()) return bad();
  // All digits of the mantissa, with the decimal point `frac_part.size()` places from the right.
  std::string digits;
  for (std::string_view part : {int_part, frac_part}) {
    for (char c : part) {
      if (!IsDigit(c)) return bad();
      digits += c;
    }
  }
  // Value = digits * 10^(exponent - frac_digits); in Amount4 units: * 10^4.
  int64_t shift = exponent - static_cast<int64_t>(frac_part.size()) + 4;
  // Drop trailing zeros while the shift is negative (they carry no value).
  while (shift < 0 && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++shift;
  }
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Amount4{0};  // zero, in any notation
  digits.erase(0, first);
  if (shift < 0) {
    return Invalid(field, "has more than 4 decimals: '" + std::string(original) + "'");
  }
  auto too_large = [&] { return Invalid(field, "is too large: '" + std::string(original) + "'"); };
  if (digits.size() > 19 || shift > 18) return too_large();
  int64_t value = 0;
  for (char c : digits) {
    auto times_ten = CheckedMul(value, 10);
    if (!times_ten || *times_ten > kMax - (c - '0')) return too_large();
    value = *times_ten + (c - '0');
  }
  auto scaled = CheckedMul(value, Pow10(static_cast<int>(shift)));
  if (!scaled) return too_large();
  return Amount4{negative ? -*scaled : *scaled};
}

Result<Amount4> DecimalFromJson(const boost::json::value& value, std::string_view field) {
  if (value.is_string()) return ParseDecimalText(value.get_string(), field);
  if (value.is_int64()) {
    const int64_t n = value.get_int64();
    int64_t scaled = 0;
    if (__builtin_mul_overflow(n, kAmount4Scale, &scaled)) return Invalid(field, "is too large");
    return Amount4{scaled};
  }
  if (value.is_uint64()) {
    if (value.get_uint64() > static_cast<uint64_t>(kMax / kAmount4Scale)) {
      return Invalid(field, "is too large");
    }
    return Amount4{static_cast<int64_t>(value.get_uint64()) * kAmount4Scale};
  }
  if (value.is_double()) {
    const double d = value.get_double();
    if (!std::isfinite(d)) return Invalid(field, "must be a finite number");
    // The shortest text that reads back as the same double: exact for what the double holds.
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    if (ec != std::errc()) return Invalid(field, "must be a decimal number");
    return ParseDecimalText(std::string_view(buf.data(), end - buf.data()), field);
  }
  return Invalid(field, "must be a number or a decimal string");
}

std::string FormatDecimal(Amount4 amount) {
  const bool negative = amount.units < 0;
  // Work in uint64 so that INT64_MIN is representable.
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(amount.units) : static_cast<uint64_t>(amount.units);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / kAmount4Scale);
  uint64_t frac = magnitude % kAmount4Scale;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, 4 - f.size(), '0');
    while (f.back() == '0') f.pop_back();
    out += '.';
    out += f;
  }
  return out;
}

boost::json::value DecimalJson(Amount4 amount) {
  if (amount.units % kAmount4Scale == 0) return boost::json::value(amount.units / kAmount4Scale);
  // The exact decimal text read as a double: the nearest double, whose shortest text is that
  // decimal again for amounts of up to 15 significant digits.
  const std::string text = FormatDecimal(amount);
  double d = 0;
  std::from_chars(text.data(), text.data() + text.size(), d);
  return boost::json::value(d);
}

Result<Amount4> FromMinor(int64_t minor, int exponent, std::string_view field) {
  if (exponent < 0 || exponent > 4) return Invalid(field, "has an unsupported currency exponent");
  const int64_t factor = Pow10(4 - exponent);
  int64_t out = 0;
  if (__builtin_mul_overflow(minor, factor, &out)) return Invalid(field, "is too large");
  return Amount4{out};
}

Result<int64_t> ToMinor(Amount4 amount, int exponent, std::string_view field) {
  if (exponent < 0 || exponent > 4) return Invalid(field, "has an unsupported currency exponent");
  const int64_t factor = Pow10(4 - exponent);
  if (amount.units % factor != 0) {
    return Invalid(field, "is not a whole number of minor currency units");
  }
  return amount.units / factor;
}

std::optional<int> CurrencyExponent(std::string_view code) {
  struct Entry {
    std::string_view code;
    int exponent;
  };
  static constexpr std::array<Entry, 44> kCurrencies = {{
      {"USD", 2}, {"EUR", 2}, {"GBP", 2}, {"CAD", 2}, {"AUD", 2}, {"NZD", 2}, {"CHF", 2},
      {"MXN", 2}, {"BRL", 2}, {"ARS", 2}, {"COP", 2}, {"PEN", 2}, {"UYU", 2}, {"DOP", 2},
      {"GTQ", 2}, {"CRC", 2}, {"PAB", 2}, {"INR", 2}, {"CNY", 2}, {"HKD", 2}, {"SGD", 2},
      {"ZAR", 2}, {"NGN", 2}, {"KES", 2}, {"EGP", 2}, {"SEK", 2}, {"NOK", 2}, {"DKK", 2},
      {"PLN", 2}, {"CZK", 2}, {"TRY", 2}, {"AED", 2}, {"SAR", 2}, {"PHP", 2}, {"JPY", 0},
      {"KRW", 0}, {"CLP", 0}, {"PYG", 0}, {"VND", 0}, {"BHD", 3}, {"KWD", 3}, {"JOD", 3},
      {"OMR", 3}, {"CLF", 4},
  }};
  for (const Entry& e : kCurrencies) {
    if (e.code == code) return e.exponent;
  }
  return std::nullopt;
}

}  // namespace ispcloud::domain::bss
