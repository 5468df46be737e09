#pragma once
// Access policy of the Plume-compatible family (specs/plume/PLUME-API.md §2): who may run which
// operation family (§2.2), which customers a caller may touch (§2.3 step 5) and which body fields
// a customer token may not send (§2.2, §2.3 step 7). Pure, synchronous functions over a
// Principal; the handlers call them in the gate order of §2.3:
//   1. authenticate (http layer)              -> 401 AUTHORIZATION_REQUIRED
//   2. CheckPlumeOperation                    -> 401 AUTHORIZATION_REQUIRED
//   3. parse the body (http/api layer)        -> 400 / 413 / 415
//   4. load the customer (domain, database)   -> 401 AUTHORIZATION_REQUIRED (DELETE customer: 404)
//   5. CheckPlumeCustomerScope                -> 403 FORBIDDEN
//   6. load the location (domain, database)   -> 404 MODEL_NOT_FOUND
//   7. CheckCustomerSelfUpdate                -> 401 AUTHORIZATION_REQUIRED, then endpoint checks
// Register (§5.1) and partner-scoped paths (§9.2, §9.5, §10) use CheckPlumeRegisterPartner and
// CheckPlumePartnerScope at the points their sections give.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/result.h"

namespace ispcloud::auth {

// The rows of the §2.2 table. "Read" rows are GET/HEAD, the others change state.
enum class PlumeOperation {
  kRegister,              // POST register, registerWithGroups
  kCustomerRead,          // GET customer
  kCustomerWrite,         // PATCH/PUT customer
  kCustomerDelete,        // DELETE customer
  kResendVerification,    // POST resendEmailVerification
  kLocationRead,          // locations list / get / head
  kLocationWrite,         // location create / PATCH / PUT
  kLocationDelete,        // DELETE location
  kServiceLevelRead,      // GET serviceLevel
  kServiceLevelWrite,     // PATCH serviceLevel
  kOnboardingCheckpoint,  // POST onboardingCheckpoint
  kAuthorizationsRead,    // GET authorizations
  kAuthorizationsWrite,   // PUT authorizations
  kMonitorMode,           // PUT monitorMode
  kNodesRead,             // nodes list / get
  kNodeWrite,             // claim, rename, unclaim, unclaim-all
  kWifiRead,              // GET wifiNetwork
  kWifiWrite,             // POST / PUT / PATCH wifiNetwork
  kPartnerLookup,         // GET /api/Partners/... look-ups and customer search
  kPartnerNodeWrite,      // PATCH / DELETE /api/Partners/nodes/{nodeId}
  kInventoryWrite,        // POST /api/inventory/nodes (alias POST /api/Nodes)
  kInventoryRead,         // GET /api/inventory/nodes/{nodeId}
  kSupportAction,         // §11: firmware, forcedSteer, logPull, supportJobs (reads included)
};

// Every operation, in declaration order (for table-driven code and tests).
std::span<const PlumeOperation> AllPlumeOperations();

// Stable lower-camel name of an operation, e.g. "customerWrite" (logs, messages).
std::string_view ToString(PlumeOperation op);

// The column of the §2.2 table a principal falls in.
enum class PlumeRole { kPartnerAdmin, kGroupAdmin, kGroupSupport, kCustomer, kNone };

std::string_view ToString(PlumeRole role);

// Derives the caller's role, first match wins:
//   kCustomer      customer_id is set and non-empty (a customer token never gains an operator
//                  role, whatever else it carries: least privilege);
//   kPartnerAdmin  partner_admin and a non-empty partner_id;
//   kGroupAdmin    role "groupAdmin", a non-empty partner_id and at least one group;
//   kGroupSupport  role "groupSupport", a non-empty partner_id and at least one group;
//   kNone          anything else (including `role:partnerIdAdmin` without a partner, §3.1).
PlumeRole PlumeRoleOf(const Principal& principal);

// True when the §2.2 table allows `role` to run `op`. kNone is never allowed.
bool PlumeRoleAllows(PlumeRole role, PlumeOperation op);

// Gate step 2. Ok when the caller's role may run `op`; otherwise kUnauthenticated with api_code
// "AUTHORIZATION_REQUIRED" (the reference answers 401, not 403, for a role not allowed).
// Exception (§3.1): a `role:partnerIdAdmin` token without a partner passes for kRegister only,
// so that register can answer 422 PARTNER_MISSING_IN_TOKEN (see CheckPlumeRegisterPartner).
Status CheckPlumeOperation(const Principal& principal, PlumeOperation op);

// The tenancy of an existing customer, as loaded by the domain layer.
struct CustomerTenancy {
  std::string partner_id;
  std::vector<std::string> group_ids;
  std::string customer_id;
};

// Gate step 5, after the customer was found. Ok when the customer is within the caller's scope:
//   partner admin  same partner;
//   group users    same partner and at least one common group;
//   customer       the same customer.
// Otherwise kPermissionDenied with api_code "FORBIDDEN". A principal with no Plume role gets
// kUnauthenticated "AUTHORIZATION_REQUIRED" (fail closed; step 2 normally stops it first).
Status CheckPlumeCustomerScope(const Principal& principal, const CustomerTenancy& customer);

// §9.2, §9.5, §10: a partner named by a path or body (or owning an addressed inventory node)
// must be the caller's partner. Ok when it is; kPermissionDenied "FORBIDDEN" otherwise,
// including for principals without a partner. Group users additionally need
// CheckPlumeCustomerScope for any customer they reach through the partner.
Status CheckPlumePartnerScope(const Principal& principal, std::string_view partner_id);

// §5.1 check order, after the caller found that `partner_id` exists: kUnprocessable
// "PARTNER_MISSING_IN_TOKEN" for a `role:partnerIdAdmin` token naming no partner; kUnauthenticated
// "AUTHORIZATION_REQUIRED" when the caller may not register (not a partner admin or group admin)
// or `partner_id` is not the caller's partner (group admins alike: a group belongs to its
// partner); Ok otherwise. For registerWithGroups the caller also checks that the given groups are
// the caller's.
Status CheckPlumeRegisterPartner(const Principal& principal, std::string_view partner_id);

// Gate step 7, field restrictions of customer tokens (§2.2). `body_fields` are the names of the
// fields present in the JSON or form body. For a customer principal:
//   kCustomerWrite  `accountId` or `emailVerified` present -> 401 AUTHORIZATION_REQUIRED;
//   kLocationWrite  `serviceId` or `profile` present       -> 401 AUTHORIZATION_REQUIRED.
// Every other field is either allowed (`name`, `email`, `acceptLanguage`) or ignored by the
// endpoint (§1.2). Any other operation, or a non-customer principal: Ok.
Status CheckCustomerSelfUpdate(const Principal& principal, PlumeOperation op,
                               std::span<const std::string_view> body_fields);

}  // namespace ispcloud::auth
