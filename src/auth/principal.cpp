#include "auth/principal.h"

#include <algorithm>

#include "core/strings.h"

namespace ispcloud::auth {
namespace {

std::string StringClaim(const boost::json::object& claims, std::string_view name) {
  const boost::json::value* v = claims.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// A claim holding a string or an array of strings.
std::vector<std::string> StringList(const boost::json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  if (v->is_string()) {
    out.emplace_back(v->as_string());
  } else if (v->is_array()) {
    for (const auto& item : v->as_array()) {
      if (item.is_string()) out.emplace_back(item.as_string());
    }
  }
  return out;
}

// True for JSON true or the string "true" in any case.
bool TruthyClaim(const boost::json::value* v) {
  if (v == nullptr) return false;
  if (v->is_bool()) return v->as_bool();
  if (v->is_array() && !v->as_array().empty()) return TruthyClaim(&v->as_array().front());
  if (!v->is_string()) return false;
  std::string s(v->as_string());
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s == "true";
}

void AddRoles(const boost::json::value* access, std::vector<std::string>& roles) {
  if (access == nullptr || !access->is_object()) return;
  for (std::string& r : StringList(access->as_object().if_contains("roles"))) {
    roles.push_back(std::move(r));
  }
}

}  // namespace

bool Principal::HasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

bool Principal::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::optional<ClaimPreset> ParseClaimPreset(std::string_view name) {
  if (name == "okta") return ClaimPreset::kOkta;
  if (name == "keycloak") return ClaimPreset::kKeycloak;
  if (name == "generic") return ClaimPreset::kGeneric;
  return std::nullopt;
}

Principal PrincipalFromClaims(const boost::json::object& claims, ClaimPreset preset) {
  Principal p;
  p.preset = preset;
  p.issuer = StringClaim(claims, "iss");
  p.subject = StringClaim(claims, "sub");
  p.username = StringClaim(claims, "preferred_username");
  p.client_id = StringClaim(claims, "cid");
  if (p.client_id.empty()) p.client_id = StringClaim(claims, "azp");
  if (const auto* exp = claims.if_contains("exp"); exp != nullptr && exp->is_number()) {
    p.expires_at = static_cast<int64_t>(exp->to_number<double>());
  }

  // Scopes: `scp` (array, Okta) or `scope` (space-separated string, Keycloak and Okta).
  if (const auto* scp = claims.if_contains("scp"); scp != nullptr && scp->is_array()) {
    p.scopes = StringList(scp);
  } else if (const auto* scope = claims.if_contains("scope"); scope != nullptr) {
    p.scopes = scope->is_string() ? SplitSpaces(scope->as_string()) : StringList(scope);
  }

  // Plume partner-admin scopes.
  for (const std::string& s : p.scopes) {
    if (s.rfind("partnerId:", 0) == 0 && s.size() > 10 && !p.partner_id) {
      p.partner_id = s.substr(10);
    }
    if (s == "role:partnerIdAdmin") p.partner_admin = true;
  }

  if (preset != ClaimPreset::kOkta) {
    AddRoles(claims.if_contains("realm_access"), p.roles);
    if (const auto* ra = claims.if_contains("resource_access"); ra != nullptr && ra->is_object()) {
      for (const auto& [client, access] : ra->as_object()) AddRoles(&access, p.roles);
    }
    if (!p.partner_id) {
      std::string partner = StringClaim(claims, "partnerId");
      if (!partner.empty()) p.partner_id = std::move(partner);
    }
    p.group_ids = StringList(claims.if_contains("groupIds"));
    for (const std::string& s : StringList(claims.if_contains("availableSpids"))) {
      std::string spid = s.substr(0, s.find(':'));
      if (!spid.empty()) p.spids.push_back(std::move(spid));
    }
    p.allow_csr_manage_monthly_spend_limit =
        TruthyClaim(claims.if_contains("allowCsrToManageMonthlySpendLimit"));
    p.allow_csr_manage_credit_limit =
        TruthyClaim(claims.if_contains("allowCsrToManageCreditLimit"));
  }
  return p;
}

}  // namespace ispcloud::auth
