#include "domain/plume/customer_rules.h"

#include "core/strings.h"

namespace ispcloud::domain::plume {
namespace {

void Add(std::vector<FieldError>& out, std::string_view field, std::string_view rule,
         std::string message) {
  out.push_back({std::string(field), std::string(rule), std::move(message)});
}

// Length in [min, max] code points, else one length.min / length.max error.
bool CheckLength(std::string_view field, std::string_view value, size_t min, size_t max,
                 std::vector<FieldError>& out) {
  const size_t n = CodePoints(value);
  if (n < min) {
    Add(out, field, "length.min", "must be at least " + std::to_string(min) + " characters");
    return false;
  }
  if (n > max) {
    Add(out, field, "length.max", "must be at most " + std::to_string(max) + " characters");
    return false;
  }
  return true;
}

void CheckQuotes(std::string_view field, std::string_view value, std::vector<FieldError>& out) {
  if (HasForbiddenQuote(value)) Add(out, field, "format", "must not contain quotation marks");
}

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsAsciiAlnum(char c) {
  return IsAsciiAlpha(c) || (c >= '0' && c <= '9');
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

}  // namespace

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool HasForbiddenQuote(std::string_view s) {
  return s.find('"') != std::string_view::npos ||
         s.find("\xE2\x80\x9C") != std::string_view::npos ||
         s.find("\xE2\x80\x9D") != std::string_view::npos;
}

void CheckAccountId(std::string_view value, std::vector<FieldError>& out) {
  if (CheckLength("accountId", value, 6, 128, out)) CheckQuotes("accountId", value, out);
}

void CheckName(std::string_view value, size_t min, std::vector<FieldError>& out) {
  if (CheckLength("name", value, min, 128, out)) CheckQuotes("name", value, out);
}

void CheckEmail(std::string_view value, std::vector<FieldError>& out) {
  if (!CheckLength("email", value, 3, 254, out)) return;
  const size_t at = value.find('@');
  bool ok = at != std::string_view::npos && at > 0 && value.find('@', at + 1) == std::string::npos;
  if (ok) {
    std::string_view domain = value.substr(at + 1);
    const size_t dot = domain.find('.');
    ok = dot != std::string_view::npos && dot > 0 && domain.back() != '.';
  }
  for (char c : value) ok = ok && !IsSpace(c);
  if (!ok) Add(out, "email", "format", "is not a valid email address");
}

void CheckPassword(std::string_view value, std::vector<FieldError>& out) {
  if (!CheckLength("password", value, 8, 128, out)) return;
  bool upper = false, lower = false, digit = false, other = false;
  for (char c : value) {
    if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  if (int(upper) + int(lower) + int(digit) + int(other) < 2) {
    Add(out, "password", "custom",
        "must mix at least two of: upper-case letters, lower-case letters, digits, symbols");
  }
}

void CheckProfile(std::string_view value, std::vector<FieldError>& out) {
  if (value != kProfileAuto && value != "smallbusiness") {
    Add(out, "profile", "inclusion", "must be one of: auto, smallbusiness");
  }
}

void CheckAcceptLanguage(std::string_view value, std::vector<FieldError>& out) {
  // ^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$
  size_t i = 0;
  while (i < value.size() && IsAsciiAlpha(value[i])) ++i;
  bool ok = i >= 2 && i <= 3;
  int subtags = 0;
  while (ok && i < value.size()) {
    ok = value[i] == '-' && ++subtags <= 3;
    size_t start = ++i;
    while (ok && i < value.size() && IsAsciiAlnum(value[i])) ++i;
    ok = ok && i - start >= 2 && i - start <= 8;
  }
  if (!ok) Add(out, "acceptLanguage", "format", "is not a valid language tag (e.g. en-US)");
}

void CheckCheckpoint(std::string_view field, std::string_view value, std::vector<FieldError>& out) {
  if (value != "PodsAdded" && value != "OnboardingComplete") {
    Add(out, field, "inclusion", "must be one of: PodsAdded, OnboardingComplete");
  }
}

void CheckServiceId(std::string_view value, std::vector<FieldError>& out) {
  if (CheckLength("serviceId", value, 1, 128, out)) CheckQuotes("serviceId", value, out);
}

std::vector<FieldError> ValidateRegistration(const RegisterInput& in) {
  std::vector<FieldError> out = in.decode_errors;
  if (in.account_id) CheckAccountId(*in.account_id, out);
  if (in.email) CheckEmail(*in.email, out);
  if (in.name) CheckName(*in.name, 0, out);
  if (in.password) CheckPassword(*in.password, out);
  if (in.profile) CheckProfile(*in.profile, out);
  if (in.accept_language) CheckAcceptLanguage(*in.accept_language, out);
  if (in.onboarding_checkpoint) {
    CheckCheckpoint("onboardingCheckpoint", *in.onboarding_checkpoint, out);
  }
  return out;
}

std::vector<FieldError> ValidateCustomerUpdate(const CustomerUpdate& in) {
  std::vector<FieldError> out = in.decode_errors;
  if (in.name) CheckName(*in.name, 0, out);
  if (in.email) CheckEmail(*in.email, out);
  if (in.account_id) CheckAccountId(*in.account_id, out);
  if (in.accept_language) CheckAcceptLanguage(*in.accept_language, out);
  return out;
}

std::vector<FieldError> ValidateLocationInput(const LocationInput& in) {
  std::vector<FieldError> out = in.decode_errors;
  if (in.name) CheckName(*in.name, 1, out);
  if (in.profile) CheckProfile(*in.profile, out);
  if (in.service_id && !in.service_id->empty()) CheckServiceId(*in.service_id, out);
  return out;
}

std::string NormalizeEmail(std::string_view email) {
  return AsciiLower(email);
}

}  // namespace ispcloud::domain::plume
