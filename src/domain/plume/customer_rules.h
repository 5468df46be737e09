#pragma once
// Field rules of Plume customers and locations (PLUME-API.md §5.1, §5.4, §6.2, §6.5). Each check
// appends a FieldError (rule names as in §1.5 details.codes) to `out` and leaves valid input
// alone, so that a caller can report every invalid field at once. Lengths count Unicode code
// points; nothing is trimmed.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "domain/plume/customer.h"

namespace ispcloud::domain::plume {

inline constexpr std::string_view kProfileAuto = "auto";
inline constexpr std::string_view kDefaultAcceptLanguage = "en-US";
inline constexpr std::string_view kDefaultLocationName = "Home";
inline constexpr std::string_view kPlaceholderEmailDomain = "plume.com";

// Number of UTF-8 code points in `s` (continuation bytes are not counted).
size_t CodePoints(std::string_view s);

// True when `s` contains `"` (U+0022), `“` (U+201C) or `”` (U+201D).
bool HasForbiddenQuote(std::string_view s);

// accountId: 6-128 characters, no forbidden quote.
void CheckAccountId(std::string_view value, std::vector<FieldError>& out);
// name of a customer (`min` 0) or a location (`min` 1): min-128 characters, no forbidden quote.
void CheckName(std::string_view value, size_t min, std::vector<FieldError>& out);
// email: at most 254 characters, one '@', non-empty local part, a domain with a dot and no
// whitespace anywhere.
void CheckEmail(std::string_view value, std::vector<FieldError>& out);
// password: 8-128 characters with at least two of: A-Z, a-z, 0-9, anything else.
void CheckPassword(std::string_view value, std::vector<FieldError>& out);
// profile: "auto" or "smallbusiness" ("property" is refused too).
void CheckProfile(std::string_view value, std::vector<FieldError>& out);
// acceptLanguage: ^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$
void CheckAcceptLanguage(std::string_view value, std::vector<FieldError>& out);
// onboardingCheckpoint: "PodsAdded" or "OnboardingComplete".
void CheckCheckpoint(std::string_view field, std::string_view value, std::vector<FieldError>& out);
// serviceId: 1-128 characters, no forbidden quote.
void CheckServiceId(std::string_view value, std::vector<FieldError>& out);

// Every field rule of a registration (§5.1), after its decode errors; the required fields
// partnerId and accountId must be present (checked before, with 400).
std::vector<FieldError> ValidateRegistration(const RegisterInput& in);
// Every field rule of a customer update (§5.4), after its decode errors.
std::vector<FieldError> ValidateCustomerUpdate(const CustomerUpdate& in);
// Every field rule of a new location (§6.2), after its decode errors; "" serviceId means none.
std::vector<FieldError> ValidateLocationInput(const LocationInput& in);

// An email as stored: ASCII letters lower-cased.
std::string NormalizeEmail(std::string_view email);

}  // namespace ispcloud::domain::plume
