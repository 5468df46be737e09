// Optiva gateway access policy (OPTIVA-API.md §1.5-§1.10).

#include "auth/optiva_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ispcloud::auth {
namespace {

Principal Csr(std::vector<std::string> roles, std::vector<std::string> spids = {"1"}) {
  Principal p;
  p.subject = "csr";
  p.preset = ClaimPreset::kKeycloak;
  p.roles = std::move(roles);
  p.spids = std::move(spids);
  p.scopes = {"openid", "obp-apigw:read", "obp-apigw:write", "obp-apigw:admin"};
  return p;
}

void ExpectForbidden(const Status& s, std::string_view message_part) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.error().api_code, "ERCRT1403");
  EXPECT_NE(s.error().message.find(message_part), std::string::npos) << s.error().message;
}

template <typename T>
void ExpectBadRequest(const Result<T>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().api_code, "ERCRT1001");
}

// --- Permission strings (§1.7) ---

TEST(OptivaPolicyPermission, ExactPermission) {
  const Principal p = Csr({"1:customer:get"});
  EXPECT_TRUE(HasPermission(p, "1", "customer", "get"));
  EXPECT_FALSE(HasPermission(p, "1", "customer", "post"));
  EXPECT_FALSE(HasPermission(p, "1", "individual", "get"));
}

TEST(OptivaPolicyPermission, WildcardEntity) {
  const Principal p = Csr({"1:*:get"});
  EXPECT_TRUE(HasPermission(p, "1", "customer", "get"));
  EXPECT_TRUE(HasPermission(p, "1", "billingAccount", "get"));
  EXPECT_FALSE(HasPermission(p, "1", "customer", "patch"));
}

TEST(OptivaPolicyPermission, WildcardVerbAndTwoPartRole) {
  for (const char* role : {"1:customer:*", "1:customer"}) {
    const Principal p = Csr({role});
    for (const char* verb : {"get", "post", "put", "patch", "delete"}) {
      EXPECT_TRUE(HasPermission(p, "1", "customer", verb)) << role << " " << verb;
    }
    EXPECT_FALSE(HasPermission(p, "1", "individual", "get")) << role;
  }
}

TEST(OptivaPolicyPermission, WildcardEntityAndVerb) {
  const Principal p = Csr({"1:*:*"});
  EXPECT_TRUE(HasPermission(p, "1", "customer", "delete"));
  EXPECT_TRUE(HasPermission(p, "1", "subscription", "patch"));
  EXPECT_TRUE(HasPermission(p, "1", "exportData", "get"));
  EXPECT_TRUE(HasPermission(Csr({"1:*"}), "1", "note", "post"));
}

TEST(OptivaPolicyPermission, WildcardSpidCoversOnlyAvailableSpids) {
  const Principal p = Csr({"*:customer:get"}, {"1", "2"});
  EXPECT_TRUE(HasPermission(p, "1", "customer", "get"));
  EXPECT_TRUE(HasPermission(p, "2", "customer", "get"));
  EXPECT_FALSE(HasPermission(p, "3", "customer", "get"));
  EXPECT_TRUE(HasPermission(Csr({"*:customer:get"}, {"0"}), "3", "customer", "get"));
}

TEST(OptivaPolicyPermission, NonMatchingSpid) {
  const Principal p = Csr({"2:customer:get"}, {"1", "2"});
  EXPECT_FALSE(HasPermission(p, "1", "customer", "get"));
  EXPECT_TRUE(HasPermission(p, "2", "customer", "get"));
  EXPECT_FALSE(HasPermission(p, "12", "customer", "get"));
  // A permission of a SPID outside availableSpids grants nothing.
  EXPECT_FALSE(HasPermission(Csr({"2:customer:get"}, {"1"}), "2", "customer", "get"));
}

TEST(OptivaPolicyPermission, SpidsCompareAsNumbers) {
  const Principal p = Csr({"01:customer:get"}, {"001:HappyPhone"});
  EXPECT_TRUE(HasPermission(p, "1", "customer", "get"));
  EXPECT_TRUE(HasPermission(p, "0001", "customer", "get"));
}

TEST(OptivaPolicyPermission, CaseSensitive) {
  EXPECT_FALSE(HasPermission(Csr({"1:Customer:get"}), "1", "customer", "get"));
  EXPECT_FALSE(HasPermission(Csr({"1:customer:GET"}), "1", "customer", "get"));
  EXPECT_FALSE(HasPermission(Csr({"1:customer:get"}), "1", "Customer", "get"));
  EXPECT_FALSE(HasPermission(Csr({"1:billingaccount:get"}), "1", "billingAccount", "get"));
}

TEST(OptivaPolicyPermission, MalformedRolesAreIgnored) {
  for (const char* role :
       {"1:customer:get:x", "1:customer:head", "a:customer:get", "1:cust0mer:get", ":customer:get",
        "1::get", "-1:customer:get", "1:customer:", "customer:get", "default-roles-obp"}) {
    EXPECT_FALSE(ParsePermission(role).has_value()) << role;
    EXPECT_FALSE(HasPermission(Csr({role}), "1", "customer", "get")) << role;
  }
}

TEST(OptivaPolicyPermission, ParsesCanonically) {
  std::optional<Permission> p = ParsePermission("007:approveAdjsutment");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->spid, "7");
  EXPECT_EQ(p->entity, "approveAdjustment");
  EXPECT_EQ(p->verb, "*");
}

TEST(OptivaPolicyPermission, RequestWildcardsAndUnknownVerbsAreNeverGranted) {
  const Principal p = Csr({"*:*:*"});
  EXPECT_FALSE(HasPermission(p, "1", "*", "get"));
  EXPECT_FALSE(HasPermission(p, "1", "customer", "*"));
  EXPECT_FALSE(HasPermission(p, "1", "customer", "head"));
  EXPECT_FALSE(HasPermission(p, "1", "", "get"));
  EXPECT_FALSE(HasPermission(p, "x", "customer", "get"));
  EXPECT_TRUE(HasPermission(p, "1", "customer", "get"));
}

TEST(OptivaPolicyPermission, NoAvailableSpidsGrantsNothing) {
  EXPECT_FALSE(HasPermission(Csr({"1:*:*"}, {}), "1", "customer", "get"));
}

// --- SPID:admin and the other privileged entity ---

TEST(OptivaPolicyAdmin, SpidAdminRoleGrantsAdminTasks) {
  for (const char* role : {"1:admin", "1:admin:*", "*:admin"}) {
    const Principal p = Csr({role});
    EXPECT_TRUE(HasPermission(p, "1", "admin", "post")) << role;
    EXPECT_TRUE(HasPermission(p, "1", "admin", "put")) << role;
    EXPECT_FALSE(HasPermission(p, "1", "customer", "get")) << role;
  }
  EXPECT_TRUE(HasPermission(Csr({"1:admin:put"}), "1", "admin", "put"));
  EXPECT_FALSE(HasPermission(Csr({"1:admin:put"}), "1", "admin", "post"));
  EXPECT_FALSE(HasPermission(Csr({"2:admin"}, {"1", "2"}), "1", "admin", "post"));
}

TEST(OptivaPolicyAdmin, WildcardEntityDoesNotCoverPrivilegedEntities) {
  const Principal p = Csr({"1:*:*", "*:*:*", "1:*"});
  EXPECT_FALSE(HasPermission(p, "1", "admin", "post"));
  EXPECT_FALSE(HasPermission(p, "1", "approveAdjustment", "patch"));
  EXPECT_FALSE(HasPermission(p, "1", "approveAdjsutment", "patch"));
}

TEST(OptivaPolicyAdmin, ApprovalAcceptsBothSpellings) {
  for (const char* role :
       {"1:approveAdjsutment:*", "1:approveAdjustment:*", "1:approveAdjustment:patch"}) {
    const Principal p = Csr({"1:*:*", role});
    EXPECT_TRUE(HasPermission(p, "1", "approveAdjustment", "patch")) << role;
    EXPECT_TRUE(HasPermission(p, "1", "approveAdjsutment", "patch")) << role;
  }
}

// --- General realm roles (§1.8) ---

TEST(OptivaPolicyGeneralRole, CsrAllCustomerOperations) {
  const Principal p = Csr({"csr-all-customer-operations"}, {"1", "2"});
  for (const char* spid : {"1", "2"}) {
    for (const char* verb : {"get", "post", "delete"}) {
      EXPECT_TRUE(HasPermission(p, spid, "customer", verb)) << spid << verb;
    }
    EXPECT_FALSE(HasPermission(p, spid, "customer", "patch"));
    EXPECT_FALSE(HasPermission(p, spid, "customer", "put"));
    EXPECT_FALSE(HasPermission(p, spid, "individual", "get"));
    EXPECT_FALSE(HasPermission(p, spid, "dashboard", "get"));
  }
  EXPECT_FALSE(HasPermission(p, "3", "customer", "get"));
}

TEST(OptivaPolicyGeneralRole, CsrAllOperations) {
  const Principal p = Csr({"csr-all-operations"});
  for (const char* entity : {"customer", "individual", "billingAccount", "subscription"}) {
    for (const char* verb : {"get", "post", "delete"}) {
      EXPECT_TRUE(HasPermission(p, "1", entity, verb)) << entity << verb;
    }
    EXPECT_FALSE(HasPermission(p, "1", entity, "patch")) << entity;
    EXPECT_FALSE(HasPermission(p, "1", entity, "put")) << entity;
  }
  EXPECT_TRUE(HasPermission(p, "1", "dashboard", "get"));
  EXPECT_FALSE(HasPermission(p, "1", "approveAdjustment", "patch"));
  EXPECT_FALSE(HasPermission(p, "1", "admin", "post"));
  EXPECT_FALSE(HasPermission(p, "2", "customer", "get"));
}

TEST(OptivaPolicyGeneralRole, CsrSpidNAdmin) {
  const Principal p = Csr({"csr-spid2-admin"}, {"1", "2"});
  for (const char* verb : {"get", "post", "put", "patch", "delete"}) {
    EXPECT_TRUE(HasPermission(p, "2", "subscription", verb)) << verb;
  }
  EXPECT_FALSE(HasPermission(p, "1", "subscription", "get"));
  EXPECT_FALSE(HasPermission(p, "2", "admin", "post"));
  EXPECT_FALSE(HasPermission(p, "2", "approveAdjustment", "patch"));
  // SPID 2 must still be in availableSpids.
  EXPECT_FALSE(HasPermission(Csr({"csr-spid2-admin"}, {"1"}), "2", "customer", "get"));
  EXPECT_TRUE(HasPermission(Csr({"csr-spid17-admin"}, {"17"}), "17", "customer", "patch"));
  for (const char* role : {"csr-spid-admin", "csr-spidx-admin", "CSR-SPID2-ADMIN",
                           "csr-spid2-admins", "csr-all-operations2"}) {
    EXPECT_FALSE(HasPermission(Csr({role}, {"2"}), "2", "customer", "get")) << role;
  }
}

// --- RequirePermission messages ---

TEST(OptivaPolicyPermission, RequirePermissionNamesOnlyTheMissingPermission) {
  const Principal p = Csr({"1:customer:get", "1:secretRoleName:get"});
  EXPECT_TRUE(RequirePermission(p, "1", "customer", "get").ok());
  Status s = RequirePermission(p, "1", "customer", "post");
  ExpectForbidden(s, "1:customer:post");
  EXPECT_EQ(s.error().message.find("secretRoleName"), std::string::npos);
  ExpectForbidden(RequirePermission(p, "1", "approveAdjsutment", "patch"),
                  "1:approveAdjustment:patch");
}

// --- Scope rule (§1.5) ---

Principal WithScopes(std::vector<std::string> scopes) {
  Principal p = Csr({"1:*:*"});
  p.scopes = std::move(scopes);
  return p;
}

TEST(OptivaPolicyScope, EachMethodClass) {
  struct Case {
    std::vector<std::string> scopes;
    bool read, write, read_post, admin;
  };
  const std::vector<Case> cases = {
      {{"obp-apigw:read"}, true, false, true, false},
      {{"obp-apigw:write"}, true, true, true, false},
      {{"obp-apigw:admin"}, true, true, true, true},
      {{"openid", "profile"}, false, false, false, false},
      {{}, false, false, false, false},
      {{"OBP-APIGW:READ", "obp-apigw:read:x"}, false, false, false, false},
  };
  for (const Case& c : cases) {
    const Principal p = WithScopes(c.scopes);
    const std::string label = c.scopes.empty() ? "(none)" : c.scopes.front();
    EXPECT_EQ(CheckScope(p, MethodClass::kRead).ok(), c.read) << label;
    EXPECT_EQ(CheckScope(p, MethodClass::kWrite).ok(), c.write) << label;
    EXPECT_EQ(CheckScope(p, MethodClass::kReadPost).ok(), c.read_post) << label;
    EXPECT_EQ(CheckScope(p, MethodClass::kAdmin).ok(), c.admin) << label;
  }
}

TEST(OptivaPolicyScope, FailureNamesTheNeededScope) {
  const Principal p = WithScopes({"obp-apigw:read"});
  ExpectForbidden(CheckScope(p, MethodClass::kWrite), "obp-apigw:write");
  ExpectForbidden(CheckScope(p, MethodClass::kAdmin), "obp-apigw:admin");
  ExpectForbidden(CheckScope(WithScopes({}), MethodClass::kReadPost), "obp-apigw:read");
  EXPECT_EQ(RequiredScope(MethodClass::kRead), "obp-apigw:read");
  EXPECT_EQ(RequiredScope(MethodClass::kReadPost), "obp-apigw:read");
  EXPECT_EQ(RequiredScope(MethodClass::kWrite), "obp-apigw:write");
  EXPECT_EQ(RequiredScope(MethodClass::kAdmin), "obp-apigw:admin");
  EXPECT_EQ(InsufficientScopeChallenge(MethodClass::kWrite),
            "Bearer error=\"insufficient_scope\", scope=\"obp-apigw:write\"");
}

// --- SPID resolution (§1.6 steps 1-4) ---

std::optional<std::string_view> None() {
  return std::nullopt;
}

TEST(OptivaPolicySpid, HeaderOnly) {
  Result<std::string> r = ResolveRequestSpid(Csr({}, {"1", "2"}), "2", None());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "2");
}

TEST(OptivaPolicySpid, QueryOnly) {
  Result<std::string> r = ResolveRequestSpid(Csr({}, {"1", "2"}), None(), "1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "1");
}

TEST(OptivaPolicySpid, HeaderAndQueryEqual) {
  Result<std::string> r = ResolveRequestSpid(Csr({}, {"1", "2"}), "2", "02");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "2");
}

TEST(OptivaPolicySpid, HeaderAndQueryDifferent) {
  ExpectBadRequest(ResolveRequestSpid(Csr({}, {"1", "2"}), "1", "2"));
  ExpectBadRequest(ResolveRequestSpid(Csr({}, {"1", "2"}), "1", "x"));
}

TEST(OptivaPolicySpid, NoneWithOneAvailableSpid) {
  Result<std::string> r = ResolveRequestSpid(Csr({}, {"7"}), None(), None());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "7");
  // Two entries naming the same SPID still count as one.
  Result<std::string> same = ResolveRequestSpid(Csr({}, {"7", "07", "junk"}), None(), None());
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, "7");
}

TEST(OptivaPolicySpid, NoneWithTwoOrNoAvailableSpids) {
  Result<std::string> two = ResolveRequestSpid(Csr({}, {"1", "2"}), None(), None());
  ExpectBadRequest(two);
  EXPECT_NE(two.error().message.find("spid header is required"), std::string::npos);
  ExpectBadRequest(ResolveRequestSpid(Csr({}, {}), None(), None()));
  // A wildcard grant names no single SPID.
  ExpectBadRequest(ResolveRequestSpid(Csr({}, {"0"}), None(), None()));
  ExpectBadRequest(ResolveRequestSpid(Csr({}, {"*"}), None(), None()));
  ExpectBadRequest(ResolveRequestSpid(Csr({}, {"1", "*"}), None(), None()));
}

TEST(OptivaPolicySpid, NotAllowed) {
  Result<std::string> r = ResolveRequestSpid(Csr({}, {"1"}), "2", None());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(r.error().api_code, "ERCRT1403");
  EXPECT_NE(r.error().message.find("SPID 2"), std::string::npos);
  Result<std::string> no_spids = ResolveRequestSpid(Csr({}, {}), None(), "1");
  ASSERT_FALSE(no_spids.ok());
  EXPECT_EQ(no_spids.error().code, ErrorCode::kPermissionDenied);
  ExpectForbidden(CheckSpidAccess(Csr({}, {"1"}), "12"), "SPID 12");
}

TEST(OptivaPolicySpid, ZeroAndStarGrantAll) {
  for (const char* entry : {"0", "*", "0:Super Spid", "000"}) {
    const Principal p = Csr({}, {entry});
    Result<std::string> r = ResolveRequestSpid(p, "2147483647", None());
    ASSERT_TRUE(r.ok()) << entry;
    EXPECT_EQ(*r, "2147483647");
    EXPECT_TRUE(CheckSpidAccess(p, "5").ok()) << entry;
    EXPECT_TRUE(CheckSpidAccess(p, "0").ok()) << entry;
  }
}

TEST(OptivaPolicySpid, NonInteger) {
  const Principal p = Csr({}, {"*"});
  for (const char* bad : {"", "abc", "1a", "-1", "+1", " 1", "1 ", "1.0", "0x1", "１"}) {
    ExpectBadRequest(ResolveRequestSpid(p, bad, None()));
    ExpectBadRequest(ResolveRequestSpid(p, None(), bad));
  }
  ExpectBadRequest(CheckSpidAccess(p, "abc"));
}

TEST(OptivaPolicySpid, OutOfRange) {
  const Principal p = Csr({}, {"*"});
  for (const char* bad : {"2147483648", "9999999999", "99999999999999999999999"}) {
    ExpectBadRequest(ResolveRequestSpid(p, bad, None()));
    ExpectBadRequest(ResolveRequestSpid(p, None(), bad));
  }
  EXPECT_TRUE(ResolveRequestSpid(p, "0002147483647", None()).ok());
}

TEST(OptivaPolicySpid, Canonical) {
  EXPECT_EQ(CanonicalSpid("0"), "0");
  EXPECT_EQ(CanonicalSpid("000"), "0");
  EXPECT_EQ(CanonicalSpid("0410"), "410");
  EXPECT_EQ(CanonicalSpid("2147483647"), "2147483647");
  EXPECT_FALSE(CanonicalSpid("2147483648").has_value());
  EXPECT_FALSE(CanonicalSpid("").has_value());
}

// --- CSR attribute gates (§1.9) ---

TEST(OptivaPolicyCsrGate, CreditLimit) {
  Principal p = Csr({"1:*:*"});
  ExpectForbidden(CheckCsrLimitChange(p, CsrLimit::kCreditLimit, true),
                  "credit limit management not allowed");
  EXPECT_TRUE(CheckCsrLimitChange(p, CsrLimit::kCreditLimit, false).ok());
  p.allow_csr_manage_monthly_spend_limit = true;  // the other attribute does not help
  EXPECT_FALSE(CheckCsrLimitChange(p, CsrLimit::kCreditLimit, true).ok());
  p.allow_csr_manage_credit_limit = true;
  EXPECT_TRUE(CheckCsrLimitChange(p, CsrLimit::kCreditLimit, true).ok());
}

TEST(OptivaPolicyCsrGate, MonthlySpendLimit) {
  Principal p = Csr({"1:*:*"});
  ExpectForbidden(CheckCsrLimitChange(p, CsrLimit::kMonthlySpendLimit, true),
                  "monthly spend limit management not allowed");
  EXPECT_TRUE(CheckCsrLimitChange(p, CsrLimit::kMonthlySpendLimit, false).ok());
  p.allow_csr_manage_credit_limit = true;  // the other attribute does not help
  EXPECT_FALSE(CheckCsrLimitChange(p, CsrLimit::kMonthlySpendLimit, true).ok());
  p.allow_csr_manage_monthly_spend_limit = true;
  EXPECT_TRUE(CheckCsrLimitChange(p, CsrLimit::kMonthlySpendLimit, true).ok());
}

}  // namespace
}  // namespace ispcloud::auth
