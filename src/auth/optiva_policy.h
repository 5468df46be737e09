#pragma once
// Access policy of the Optiva gateway family (specs/optiva/OPTIVA-API.md §1.5-§1.10): client
// scopes, the request SPID, `SPID:entity:verb` permissions with the general realm roles, and the
// CSR attribute gates. Pure, synchronous functions over a Principal.
//
// Evaluation order (§1.10); the first failing step answers:
//   1. route exists                         (router)          404 ERCRT1003
//   2. method allowed                       (router)          405 ERCRT1016
//   3. token valid                          (authenticator)   401 ERCRT1401
//   4. CheckScope                                             403 ERCRT1403 + WWW-Authenticate
//                                                             (InsufficientScopeChallenge)
//   5. ResolveRequestSpid (§1.6 steps 1-4)                    400 ERCRT1001 / 403 ERCRT1403
//      SPID configured (§1.6 step 5, caller, database)        404 ERCRT1015
//   6. RequirePermission for each (entity, verb) of the route 403 ERCRT1403
//   7. body syntax and validation           (handler)         400 ERCRT1001
//   8. CheckCsrLimitChange (§1.9), approval rules (domain)    403 ERCRT1403
//   9. addressed resources exist in the SPID (domain)         404 ERCRT1003
//  10. business state                       (domain)          409
// Every 403 here carries api_code "ERCRT1403" and a message naming the one missing scope, SPID,
// permission or attribute, never the principal's role list.

#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/result.h"

namespace ispcloud::auth {

// How a route is classed for the scope rule (§1.5, the "scope" column of §2.1).
enum class MethodClass {
  kRead,      // GET, HEAD
  kWrite,     // POST, PUT, PATCH, DELETE
  kReadPost,  // POST endpoints that only read (read-POST rows): treated as kRead
  kAdmin,     // rows whose scope is "admin"
};

// The least scope that satisfies `method_class`: "obp-apigw:read" for kRead and kReadPost,
// "obp-apigw:write" for kWrite, "obp-apigw:admin" for kAdmin. Higher scopes also satisfy lower
// classes (write and admin allow reads, admin allows writes).
std::string_view RequiredScope(MethodClass method_class);

// The WWW-Authenticate value to send with a failed CheckScope, e.g.
// `Bearer error="insufficient_scope", scope="obp-apigw:write"`.
std::string InsufficientScopeChallenge(MethodClass method_class);

// Step 4. Ok when the principal holds a scope allowed for `method_class`; otherwise
// kPermissionDenied "ERCRT1403" with a message naming RequiredScope(method_class).
Status CheckScope(const Principal& principal, MethodClass method_class);

// A parsed permission role (§1.7): `spid:entity[:verb]`, a two-part role meaning verb "*".
// `spid` is canonical decimal (no leading zeros) or "*"; the seed's misspelt entity
// "approveAdjsutment" is stored as "approveAdjustment".
struct Permission {
  std::string spid;
  std::string entity;
  std::string verb;
};

// Parses a role name per the §1.7 grammar (spid 1*DIGIT or "*", entity 1*ALPHA or "*", verb one
// of get|post|put|patch|delete|*, all case-sensitive). Any other role name: nullopt.
std::optional<Permission> ParsePermission(std::string_view role);

// A SPID given as decimal text 0..2147483647 (leading zeros allowed), in canonical form ("007" ->
// "7"). Signs, spaces, empty text and values out of range: nullopt.
std::optional<std::string> CanonicalSpid(std::string_view text);

// §1.6 step 4. True when `spid` (decimal text) is in the principal's availableSpids, or
// availableSpids holds "0" (Super SPID) or "*". Entries compare as numbers ("01" = "1"); a
// ":name" suffix and entries that are not SPIDs are ignored. False for text that is not a SPID.
bool CanAccessSpid(const Principal& principal, std::string_view spid);

// §1.6 step 4 as a status: Ok, or kPermissionDenied "ERCRT1403" naming the SPID; text that is not
// a SPID gives kInvalidArgument "ERCRT1001".
Status CheckSpidAccess(const Principal& principal, std::string_view spid);

// §1.6 steps 1-4. Returns the canonical request SPID:
//   1. the `spid` header when present (not a SPID -> 400);
//   2. the `spid` query parameter when present (not a SPID -> 400; header and query both present
//      and different SPIDs -> 400);
//   3. with neither, the principal's only SPID when availableSpids names exactly one distinct
//      SPID and no wildcard ("0" or "*"); otherwise 400 "spid header is required";
//   4. CheckSpidAccess (-> 403).
// 400s are kInvalidArgument "ERCRT1001". Step 5 (SPID configured, 404 ERCRT1015) needs the
// database and stays with the caller.
Result<std::string> ResolveRequestSpid(const Principal& principal,
                                       std::optional<std::string_view> header_spid,
                                       std::optional<std::string_view> query_spid);

// True when the principal holds (entity, verb) for `spid` (§1.7, §1.8). `spid` is the request
// SPID as decimal text; `entity` a concrete entity name (camelCase, case-sensitive; either
// spelling of approveAdjustment); `verb` one of get|post|put|patch|delete (HEAD and read-POSTs
// use "get"). A grant comes from:
//   - a permission role (ps, pe, pv) with ps in {spid, "*"}, pe in {entity, "*"}, pv in {verb,
//     "*"}; pe "*" never matches the privileged entities `admin` and `approveAdjustment`;
//   - `csr-all-customer-operations`: customer:get|post|delete;
//   - `csr-all-operations`: *:get|post|delete (not privileged entities), dashboard:get;
//   - `csr-spid<N>-admin`: *:* (not privileged entities) when spid == N.
// Every grant needs CanAccessSpid(spid) as well: permissions apply only within availableSpids.
// Requests for entity "*" or verb "*", or an unknown verb, are never granted.
bool HasPermission(const Principal& principal, std::string_view spid, std::string_view entity,
                   std::string_view verb);

// Step 6 for one (entity, verb) pair: Ok, or kPermissionDenied "ERCRT1403" with the message
// "missing permission <spid>:<entity>:<verb>". Routes needing several pairs call it per pair.
Status RequirePermission(const Principal& principal, std::string_view spid, std::string_view entity,
                         std::string_view verb);

// The limits guarded by CSR attributes (§1.9).
enum class CsrLimit {
  kCreditLimit,        // allowCsrToManageCreditLimit
  kMonthlySpendLimit,  // allowCsrToManageMonthlySpendLimit
};

// Step 8. `changes_value` is true when the request sets the limit to a value different from the
// stored one (sending the current value unchanged is not a change). Ok when nothing changes or
// the principal holds the attribute; otherwise kPermissionDenied "ERCRT1403" with the message
// "credit limit management not allowed" / "monthly spend limit management not allowed".
Status CheckCsrLimitChange(const Principal& principal, CsrLimit limit, bool changes_value);

}  // namespace ispcloud::auth
