#include "auth/optiva_policy.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>

namespace ispcloud::auth {
namespace {

constexpr std::string_view kForbiddenCode = "ERCRT1403";
constexpr std::string_view kBadRequestCode = "ERCRT1001";

constexpr std::string_view kReadScope = "obp-apigw:read";
constexpr std::string_view kWriteScope = "obp-apigw:write";
constexpr std::string_view kAdminScope = "obp-apigw:admin";

constexpr std::string_view kCsrAllCustomerOperations = "csr-all-customer-operations";
constexpr std::string_view kCsrAllOperations = "csr-all-operations";
constexpr std::string_view kCsrSpidAdminPrefix = "csr-spid";
constexpr std::string_view kCsrSpidAdminSuffix = "-admin";

constexpr std::string_view kApproveAdjustment = "approveAdjustment";
constexpr std::string_view kApproveAdjustmentTypo = "approveAdjsutment";  // the seed's spelling

constexpr std::array<std::string_view, 5> kVerbs = {"get", "post", "put", "patch", "delete"};
constexpr int64_t kMaxSpid = 2147483647;

Error Forbidden(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message), std::string(kForbiddenCode));
}

Error BadRequest(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::string(kBadRequestCode));
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsConcreteVerb(std::string_view verb) {
  return std::find(kVerbs.begin(), kVerbs.end(), verb) != kVerbs.end();
}

std::string_view NormalizeEntity(std::string_view entity) {
  return entity == kApproveAdjustmentTypo ? kApproveAdjustment : entity;
}

// Entities that a "*" entity never grants (§1.7).
bool IsPrivileged(std::string_view entity) {
  return entity == "admin" || entity == kApproveAdjustment;
}

// The SPID of an availableSpids entry: the part before the first ':' (Principal already strips
// the name; tolerated here too), canonical, "*", or nullopt for junk.
std::optional<std::string> SpidOfEntry(std::string_view entry) {
  entry = entry.substr(0, entry.find(':'));
  if (entry == "*") return std::string("*");
  return CanonicalSpid(entry);
}

// An availableSpids entry that grants every SPID.
bool IsWildcardSpidEntry(std::string_view entry) {
  std::optional<std::string> spid = SpidOfEntry(entry);
  return spid.has_value() && (*spid == "*" || *spid == "0");
}

// `N` of a `csr-spid<N>-admin` role, canonical; nullopt for other role names.
std::optional<std::string> SpidOfSpidAdminRole(std::string_view role) {
  if (role.size() <= kCsrSpidAdminPrefix.size() + kCsrSpidAdminSuffix.size() ||
      role.substr(0, kCsrSpidAdminPrefix.size()) != kCsrSpidAdminPrefix ||
      role.substr(role.size() - kCsrSpidAdminSuffix.size()) != kCsrSpidAdminSuffix) {
    return std::nullopt;
  }
  return CanonicalSpid(
      role.substr(kCsrSpidAdminPrefix.size(),
                  role.size() - kCsrSpidAdminPrefix.size() - kCsrSpidAdminSuffix.size()));
}

bool IsVerbIn(std::string_view verb, std::initializer_list<std::string_view> verbs) {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

// Whether one role name grants (entity, verb) for the canonical SPID `spid`. `entity` is
// normalised and concrete, `verb` concrete.
bool RoleGrants(std::string_view role, std::string_view spid, std::string_view entity,
                std::string_view verb) {
  if (role == kCsrAllCustomerOperations) {
    return entity == "customer" && IsVerbIn(verb, {"get", "post", "delete"});
  }
  if (role == kCsrAllOperations) {
    return !IsPrivileged(entity) && IsVerbIn(verb, {"get", "post", "delete"});
  }
  if (std::optional<std::string> admin_spid = SpidOfSpidAdminRole(role)) {
    return *admin_spid == spid && !IsPrivileged(entity);
  }
  std::optional<Permission> p = ParsePermission(role);
  if (!p) return false;
  const bool spid_ok = p->spid == "*" || p->spid == spid;
  const bool entity_ok = p->entity == entity || (p->entity == "*" && !IsPrivileged(entity));
  const bool verb_ok = p->verb == "*" || p->verb == verb;
  return spid_ok && entity_ok && verb_ok;
}

}  // namespace

std::string_view RequiredScope(MethodClass method_class) {
  switch (method_class) {
    case MethodClass::kRead:
    case MethodClass::kReadPost:
      return kReadScope;
    case MethodClass::kWrite:
      return kWriteScope;
    case MethodClass::kAdmin:
      return kAdminScope;
  }
  return kAdminScope;
}

std::string InsufficientScopeChallenge(MethodClass method_class) {
  std::string out = "Bearer error=\"insufficient_scope\", scope=\"";
  out += RequiredScope(method_class);
  out += '"';
  return out;
}

Status CheckScope(const Principal& principal, MethodClass method_class) {
  bool ok = principal.HasScope(kAdminScope);
  if (method_class != MethodClass::kAdmin) ok = ok || principal.HasScope(kWriteScope);
  if (method_class == MethodClass::kRead || method_class == MethodClass::kReadPost) {
    ok = ok || principal.HasScope(kReadScope);
  }
  if (ok) return Ok();
  return Forbidden("insufficient scope: " + std::string(RequiredScope(method_class)) +
                   " is required");
}

std::optional<Permission> ParsePermission(std::string_view role) {
  const size_t first = role.find(':');
  if (first == std::string_view::npos) return std::nullopt;
  std::string_view spid = role.substr(0, first);
  std::string_view rest = role.substr(first + 1);
  const size_t second = rest.find(':');
  std::string_view entity = rest.substr(0, second);
  std::string_view verb = second == std::string_view::npos ? "*" : rest.substr(second + 1);

  Permission p;
  if (spid == "*") {
    p.spid = "*";
  } else {
    std::optional<std::string> canonical = CanonicalSpid(spid);
    if (!canonical) return std::nullopt;
    p.spid = std::move(*canonical);
  }
  if (entity != "*" && (entity.empty() || !std::all_of(entity.begin(), entity.end(), IsAlpha))) {
    return std::nullopt;
  }
  if (verb != "*" && !IsConcreteVerb(verb)) return std::nullopt;
  p.entity = std::string(NormalizeEntity(entity));
  p.verb = std::string(verb);
  return p;
}

std::optional<std::string> CanonicalSpid(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), IsDigit)) return std::nullopt;
  const size_t nonzero = text.find_first_not_of('0');
  if (nonzero == std::string_view::npos) return std::string("0");
  std::string_view digits = text.substr(nonzero);
  if (digits.size() > 10) return std::nullopt;
  int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  if (value > kMaxSpid) return std::nullopt;
  return std::string(digits);
}

bool CanAccessSpid(const Principal& principal, std::string_view spid) {
  std::optional<std::string> wanted = CanonicalSpid(spid);
  if (!wanted) return false;
  return std::any_of(principal.spids.begin(), principal.spids.end(), [&](const std::string& e) {
    if (IsWildcardSpidEntry(e)) return true;
    std::optional<std::string> entry = SpidOfEntry(e);
    return entry.has_value() && *entry == *wanted;
  });
}

Status CheckSpidAccess(const Principal& principal, std::string_view spid) {
  std::optional<std::string> canonical = CanonicalSpid(spid);
  if (!canonical) return BadRequest("spid must be a decimal integer between 0 and 2147483647");
  if (CanAccessSpid(principal, *canonical)) return Ok();
  return Forbidden("SPID " + *canonical + " is not available to this user");
}

Result<std::string> ResolveRequestSpid(const Principal& principal,
                                       std::optional<std::string_view> header_spid,
                                       std::optional<std::string_view> query_spid) {
  std::optional<std::string> spid;
  if (header_spid) {
    spid = CanonicalSpid(*header_spid);
    if (!spid) return BadRequest("spid header must be a decimal integer between 0 and 2147483647");
  }
  if (query_spid) {
    std::optional<std::string> from_query = CanonicalSpid(*query_spid);
    if (!from_query) {
      return BadRequest("spid query parameter must be a decimal integer between 0 and 2147483647");
    }
    if (spid && *spid != *from_query) {
      return BadRequest("spid header and spid query parameter differ");
    }
    spid = std::move(from_query);
  }
  if (!spid) {
    // Step 3: the principal's only SPID, if availableSpids names exactly one and no wildcard.
    std::optional<std::string> only;
    bool unique = true;
    for (const std::string& entry : principal.spids) {
      if (IsWildcardSpidEntry(entry)) {
        unique = false;
        break;
      }
      std::optional<std::string> canonical = SpidOfEntry(entry);
      if (!canonical) continue;
      if (only && *only != *canonical) {
        unique = false;
        break;
      }
      only = std::move(canonical);
    }
    if (!only || !unique) return BadRequest("spid header is required");
    spid = std::move(only);
  }
  if (Status access = CheckSpidAccess(principal, *spid); !access) return std::move(access).error();
  return std::move(*spid);
}

bool HasPermission(const Principal& principal, std::string_view spid, std::string_view entity,
                   std::string_view verb) {
  std::optional<std::string> canonical = CanonicalSpid(spid);
  if (!canonical || !CanAccessSpid(principal, *canonical)) return false;
  if (entity.empty() || entity == "*" || !IsConcreteVerb(verb)) return false;
  const std::string_view normalized = NormalizeEntity(entity);
  return std::any_of(principal.roles.begin(), principal.roles.end(), [&](const std::string& r) {
    return RoleGrants(r, *canonical, normalized, verb);
  });
}

Status RequirePermission(const Principal& principal, std::string_view spid, std::string_view entity,
                         std::string_view verb) {
  if (HasPermission(principal, spid, entity, verb)) return Ok();
  std::string message = "missing permission ";
  message += CanonicalSpid(spid).value_or(std::string(spid));
  message += ':';
  message += NormalizeEntity(entity);
  message += ':';
  message += verb;
  return Forbidden(std::move(message));
}

Status CheckCsrLimitChange(const Principal& principal, CsrLimit limit, bool changes_value) {
  if (!changes_value) return Ok();
  switch (limit) {
    case CsrLimit::kCreditLimit:
      if (principal.allow_csr_manage_credit_limit) return Ok();
      return Forbidden("credit limit management not allowed");
    case CsrLimit::kMonthlySpendLimit:
      if (principal.allow_csr_manage_monthly_spend_limit) return Ok();
      return Forbidden("monthly spend limit management not allowed");
  }
  return Forbidden("limit management not allowed");
}

}  // namespace ispcloud::auth
