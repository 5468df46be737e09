#include "auth/plume_policy.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace ispcloud::auth {
namespace {

constexpr std::string_view kAuthorizationRequired = "AUTHORIZATION_REQUIRED";
constexpr std::string_view kForbidden = "FORBIDDEN";
constexpr std::string_view kGroupAdminRole = "groupAdmin";
constexpr std::string_view kGroupSupportRole = "groupSupport";

// One row of the §2.2 table: the operation and whether each role column allows it.
struct OperationRow {
  PlumeOperation op;
  std::string_view name;
  bool partner_admin;
  bool group_admin;
  bool group_support;
  bool customer;
};

// clang-format off
constexpr std::array<OperationRow, 23> kTable = {{
    //  operation                              name                    PA     GA     GS     Cust
    {PlumeOperation::kRegister,             "register",             true,  true,  false, false},
    {PlumeOperation::kCustomerRead,         "customerRead",         true,  true,  true,  true},
    {PlumeOperation::kCustomerWrite,        "customerWrite",        true,  true,  false, true},
    {PlumeOperation::kCustomerDelete,       "customerDelete",       true,  true,  false, false},
    {PlumeOperation::kResendVerification,   "resendVerification",   true,  true,  false, false},
    {PlumeOperation::kLocationRead,         "locationRead",         true,  true,  true,  true},
    {PlumeOperation::kLocationWrite,        "locationWrite",        true,  true,  false, true},
    {PlumeOperation::kLocationDelete,       "locationDelete",       true,  true,  false, false},
    {PlumeOperation::kServiceLevelRead,     "serviceLevelRead",     true,  true,  true,  true},
    {PlumeOperation::kServiceLevelWrite,    "serviceLevelWrite",    true,  true,  false, false},
    {PlumeOperation::kOnboardingCheckpoint, "onboardingCheckpoint", true,  true,  false, true},
    {PlumeOperation::kAuthorizationsRead,   "authorizationsRead",   true,  true,  true,  true},
    {PlumeOperation::kAuthorizationsWrite,  "authorizationsWrite",  true,  true,  false, false},
    {PlumeOperation::kMonitorMode,          "monitorMode",          true,  true,  false, false},
    {PlumeOperation::kNodesRead,            "nodesRead",            true,  true,  true,  true},
    {PlumeOperation::kNodeWrite,            "nodeWrite",            true,  true,  false, true},
    {PlumeOperation::kWifiRead,             "wifiRead",             true,  true,  true,  true},
    {PlumeOperation::kWifiWrite,            "wifiWrite",            true,  true,  false, true},
    {PlumeOperation::kPartnerLookup,        "partnerLookup",        true,  true,  true,  false},
    {PlumeOperation::kPartnerNodeWrite,     "partnerNodeWrite",     true,  false, false, false},
    {PlumeOperation::kInventoryWrite,       "inventoryWrite",       true,  false, false, false},
    {PlumeOperation::kInventoryRead,        "inventoryRead",        true,  false, false, false},
    {PlumeOperation::kSupportAction,        "supportAction",        true,  true,  true,  false},
}};
// clang-format on

constexpr bool TableIsInEnumOrder() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<size_t>(kTable[i].op) != i) return false;
  }
  return true;
}
static_assert(TableIsInEnumOrder(), "kTable rows must follow the PlumeOperation declaration order");
static_assert(static_cast<size_t>(PlumeOperation::kSupportAction) + 1 == kTable.size(),
              "every PlumeOperation needs a row in kTable");

constexpr std::array<PlumeOperation, kTable.size()> MakeAllOperations() {
  std::array<PlumeOperation, kTable.size()> out{};
  for (size_t i = 0; i < kTable.size(); ++i) out[i] = kTable[i].op;
  return out;
}
constexpr std::array<PlumeOperation, kTable.size()> kAllOperations = MakeAllOperations();

const OperationRow& RowOf(PlumeOperation op) {
  return kTable[static_cast<size_t>(op)];
}

bool HasPartner(const Principal& p) {
  return p.partner_id.has_value() && !p.partner_id->empty();
}

// A `role:partnerIdAdmin` token that names no partner (§3.1).
bool IsPartnerAdminWithoutPartner(const Principal& p) {
  return p.partner_admin && !HasPartner(p) && !(p.customer_id && !p.customer_id->empty());
}

bool ShareAGroup(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&b](const std::string& g) {
    return !g.empty() && std::find(b.begin(), b.end(), g) != b.end();
  });
}

Error AuthorizationRequired() {
  return MakeError(ErrorCode::kUnauthenticated, "Authorization Required",
                   std::string(kAuthorizationRequired));
}

Error Forbidden(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message), std::string(kForbidden));
}

}  // namespace

std::span<const PlumeOperation> AllPlumeOperations() {
  return kAllOperations;
}

std::string_view ToString(PlumeOperation op) {
  return RowOf(op).name;
}

std::string_view ToString(PlumeRole role) {
  switch (role) {
    case PlumeRole::kPartnerAdmin:
      return "partnerAdmin";
    case PlumeRole::kGroupAdmin:
      return "groupAdmin";
    case PlumeRole::kGroupSupport:
      return "groupSupport";
    case PlumeRole::kCustomer:
      return "customer";
    case PlumeRole::kNone:
      return "none";
  }
  return "none";
}

PlumeRole PlumeRoleOf(const Principal& principal) {
  if (principal.customer_id && !principal.customer_id->empty()) return PlumeRole::kCustomer;
  if (!HasPartner(principal)) return PlumeRole::kNone;
  if (principal.partner_admin) return PlumeRole::kPartnerAdmin;
  const bool has_group = std::any_of(principal.group_ids.begin(), principal.group_ids.end(),
                                     [](const std::string& g) { return !g.empty(); });
  if (!has_group) return PlumeRole::kNone;
  if (principal.HasRole(kGroupAdminRole)) return PlumeRole::kGroupAdmin;
  if (principal.HasRole(kGroupSupportRole)) return PlumeRole::kGroupSupport;
  return PlumeRole::kNone;
}

bool PlumeRoleAllows(PlumeRole role, PlumeOperation op) {
  const OperationRow& row = RowOf(op);
  switch (role) {
    case PlumeRole::kPartnerAdmin:
      return row.partner_admin;
    case PlumeRole::kGroupAdmin:
      return row.group_admin;
    case PlumeRole::kGroupSupport:
      return row.group_support;
    case PlumeRole::kCustomer:
      return row.customer;
    case PlumeRole::kNone:
      return false;
  }
  return false;
}

Status CheckPlumeOperation(const Principal& principal, PlumeOperation op) {
  if (PlumeRoleAllows(PlumeRoleOf(principal), op)) return Ok();
  if (op == PlumeOperation::kRegister && IsPartnerAdminWithoutPartner(principal)) return Ok();
  return AuthorizationRequired();
}

Status CheckPlumeCustomerScope(const Principal& principal, const CustomerTenancy& customer) {
  switch (PlumeRoleOf(principal)) {
    case PlumeRole::kPartnerAdmin:
      if (*principal.partner_id == customer.partner_id) return Ok();
      return Forbidden("Customer belongs to another partner");
    case PlumeRole::kGroupAdmin:
    case PlumeRole::kGroupSupport:
      if (*principal.partner_id != customer.partner_id) {
        return Forbidden("Customer belongs to another partner");
      }
      if (ShareAGroup(principal.group_ids, customer.group_ids)) return Ok();
      return Forbidden("Customer is outside the caller's groups");
    case PlumeRole::kCustomer:
      if (*principal.customer_id == customer.customer_id) return Ok();
      return Forbidden("Access to another customer is not allowed");
    case PlumeRole::kNone:
      break;
  }
  return AuthorizationRequired();
}

Status CheckPlumePartnerScope(const Principal& principal, std::string_view partner_id) {
  if (HasPartner(principal) && *principal.partner_id == partner_id) return Ok();
  return Forbidden("Partner is outside the caller's scope");
}

Status CheckPlumeRegisterPartner(const Principal& principal, std::string_view partner_id) {
  if (IsPartnerAdminWithoutPartner(principal)) {
    return MakeError(ErrorCode::kUnprocessable, "The token does not name a partner",
                     "PARTNER_MISSING_IN_TOKEN");
  }
  if (PlumeRoleAllows(PlumeRoleOf(principal), PlumeOperation::kRegister) &&
      *principal.partner_id == partner_id) {
    return Ok();
  }
  return AuthorizationRequired();
}

Status CheckCustomerSelfUpdate(const Principal& principal, PlumeOperation op,
                               std::span<const std::string_view> body_fields) {
  if (PlumeRoleOf(principal) != PlumeRole::kCustomer) return Ok();
  std::array<std::string_view, 2> forbidden;
  if (op == PlumeOperation::kCustomerWrite) {
    forbidden = {"accountId", "emailVerified"};
  } else if (op == PlumeOperation::kLocationWrite) {
    forbidden = {"serviceId", "profile"};
  } else {
    return Ok();
  }
  for (std::string_view field : body_fields) {
    if (std::find(forbidden.begin(), forbidden.end(), field) != forbidden.end()) {
      return AuthorizationRequired();
    }
  }
  return Ok();
}

}  // namespace ispcloud::auth
