#pragma once
// The caller behind an accepted bearer token, whatever issued it (this server or a trusted
// external Okta/Keycloak/OIDC provider). Built once per token from its verified claims.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ispcloud::auth {

// How claims map onto a principal (DESIGN.md, trusted issuers).
enum class ClaimPreset { kOkta, kKeycloak, kGeneric };

struct Principal {
  std::string issuer;
  std::string subject;
  std::string client_id;  // `cid` (Okta) or `azp` (Keycloak)
  std::string username;   // `preferred_username` when present
  ClaimPreset preset = ClaimPreset::kGeneric;

  // Plume: `partnerId:<P>` and `role:partnerIdAdmin` among the scopes (Okta) or the
  // `partnerId` claim of an operator user's token.
  std::optional<std::string> partner_id;
  bool partner_admin = false;
  std::vector<std::string> group_ids;
  // Plume end customer only (login token of 3.4, or a JWT issued for that customer): the id of
  // the customer the token acts for. Never set for partner clients or operator users (group
  // admin/support). Read by auth/plume_policy.h; unset = not a customer principal.
  std::optional<std::string> customer_id;

  std::vector<std::string> roles;   // realm_access.roles + resource_access.*.roles
  std::vector<std::string> scopes;  // `scp` array or `scope` string
  std::vector<std::string> spids;   // availableSpids, the part before the first ':'
  bool allow_csr_manage_monthly_spend_limit = false;
  bool allow_csr_manage_credit_limit = false;

  int64_t expires_at = 0;  // Unix seconds

  bool HasScope(std::string_view scope) const;
  bool HasRole(std::string_view role) const;
};

// Maps verified claims onto a principal according to `preset`.
Principal PrincipalFromClaims(const boost::json::object& claims, ClaimPreset preset);

// Parses "okta" | "keycloak" | "generic".
std::optional<ClaimPreset> ParseClaimPreset(std::string_view name);

}  // namespace ispcloud::auth
