// Plume access policy (PLUME-API.md §2.2, §2.3, §3.1, §5.1).

#include "auth/plume_policy.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace ispcloud::auth {
namespace {

Principal PartnerAdmin(std::string partner) {
  Principal p;
  p.subject = "client-1";
  p.partner_admin = true;
  p.partner_id = std::move(partner);
  p.scopes = {"partnerId:" + *p.partner_id, "role:partnerIdAdmin"};
  return p;
}

Principal GroupUser(std::string role, std::string partner, std::vector<std::string> groups) {
  Principal p;
  p.subject = "user-1";
  p.roles = {std::move(role)};
  p.partner_id = std::move(partner);
  p.group_ids = std::move(groups);
  return p;
}

Principal GroupAdmin(std::string partner = "acme", std::vector<std::string> groups = {"g1"}) {
  return GroupUser("groupAdmin", std::move(partner), std::move(groups));
}

Principal GroupSupport(std::string partner = "acme", std::vector<std::string> groups = {"g1"}) {
  return GroupUser("groupSupport", std::move(partner), std::move(groups));
}

Principal Customer(std::string id) {
  Principal p;
  p.subject = id;
  p.customer_id = std::move(id);
  return p;
}

Principal PrincipalFor(PlumeRole role) {
  switch (role) {
    case PlumeRole::kPartnerAdmin:
      return PartnerAdmin("acme");
    case PlumeRole::kGroupAdmin:
      return GroupAdmin();
    case PlumeRole::kGroupSupport:
      return GroupSupport();
    case PlumeRole::kCustomer:
      return Customer("c1");
    case PlumeRole::kNone:
      break;
  }
  Principal p;
  p.subject = "nobody";
  return p;
}

void ExpectAuthorizationRequired(const Status& s) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(s.error().api_code, "AUTHORIZATION_REQUIRED");
}

void ExpectForbidden(const Status& s) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.error().api_code, "FORBIDDEN");
}

// The §2.2 table restated independently of the implementation: the roles allowed per row.
struct ExpectedRow {
  PlumeOperation op;
  std::set<PlumeRole> allowed;
};

using R = PlumeRole;
const std::vector<ExpectedRow>& ExpectedTable() {
  static const std::vector<ExpectedRow> table = {
      {PlumeOperation::kRegister, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kCustomerRead,
       {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer}},
      {PlumeOperation::kCustomerWrite, {R::kPartnerAdmin, R::kGroupAdmin, R::kCustomer}},
      {PlumeOperation::kCustomerDelete, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kResendVerification, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kLocationRead,
       {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer}},
      {PlumeOperation::kLocationWrite, {R::kPartnerAdmin, R::kGroupAdmin, R::kCustomer}},
      {PlumeOperation::kLocationDelete, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kServiceLevelRead,
       {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer}},
      {PlumeOperation::kServiceLevelWrite, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kOnboardingCheckpoint, {R::kPartnerAdmin, R::kGroupAdmin, R::kCustomer}},
      {PlumeOperation::kAuthorizationsRead,
       {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer}},
      {PlumeOperation::kAuthorizationsWrite, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kMonitorMode, {R::kPartnerAdmin, R::kGroupAdmin}},
      {PlumeOperation::kNodesRead,
       {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer}},
      {PlumeOperation::kNodeWrite, {R::kPartnerAdmin, R::kGroupAdmin, R::kCustomer}},
      {PlumeOperation::kWifiRead,
       {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer}},
      {PlumeOperation::kWifiWrite, {R::kPartnerAdmin, R::kGroupAdmin, R::kCustomer}},
      {PlumeOperation::kPartnerLookup, {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport}},
      {PlumeOperation::kPartnerNodeWrite, {R::kPartnerAdmin}},
      {PlumeOperation::kInventoryWrite, {R::kPartnerAdmin}},
      {PlumeOperation::kInventoryRead, {R::kPartnerAdmin}},
      {PlumeOperation::kSupportAction, {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport}},
  };
  return table;
}

constexpr PlumeRole kAllRoles[] = {R::kPartnerAdmin, R::kGroupAdmin, R::kGroupSupport, R::kCustomer,
                                   R::kNone};

TEST(PlumePolicyTable, ExpectedTableCoversEveryOperationOnce) {
  std::set<PlumeOperation> seen;
  for (const ExpectedRow& row : ExpectedTable()) EXPECT_TRUE(seen.insert(row.op).second);
  EXPECT_EQ(seen.size(), AllPlumeOperations().size());
  std::set<std::string_view> names;
  for (PlumeOperation op : AllPlumeOperations()) {
    EXPECT_TRUE(seen.count(op)) << ToString(op);
    EXPECT_FALSE(ToString(op).empty());
    EXPECT_TRUE(names.insert(ToString(op)).second) << ToString(op);
  }
}

// One case per (row, role) of §2.2.
class PlumePolicyRowTest : public ::testing::TestWithParam<std::tuple<size_t, PlumeRole>> {};

TEST_P(PlumePolicyRowTest, MatchesTable) {
  const ExpectedRow& row = ExpectedTable()[std::get<0>(GetParam())];
  const PlumeRole role = std::get<1>(GetParam());
  const Principal principal = PrincipalFor(role);
  ASSERT_EQ(PlumeRoleOf(principal), role);
  const bool expected = row.allowed.count(role) > 0;
  EXPECT_EQ(PlumeRoleAllows(role, row.op), expected);
  Status s = CheckPlumeOperation(principal, row.op);
  if (expected) {
    EXPECT_TRUE(s.ok());
  } else {
    ExpectAuthorizationRequired(s);
  }
}

INSTANTIATE_TEST_SUITE_P(PlumePolicy, PlumePolicyRowTest,
                         ::testing::Combine(::testing::Range<size_t>(0, ExpectedTable().size()),
                                            ::testing::ValuesIn(kAllRoles)),
                         [](const ::testing::TestParamInfo<PlumePolicyRowTest::ParamType>& info) {
                           return std::string(
                                      ToString(ExpectedTable()[std::get<0>(info.param)].op)) +
                                  "_" + std::string(ToString(std::get<1>(info.param)));
                         });

TEST(PlumePolicyRole, DerivationNeedsPartnerAndGroups) {
  Principal no_partner = PartnerAdmin("acme");
  no_partner.partner_id.reset();
  EXPECT_EQ(PlumeRoleOf(no_partner), R::kNone);
  Principal empty_partner = PartnerAdmin("");
  EXPECT_EQ(PlumeRoleOf(empty_partner), R::kNone);
  Principal partner_only = PartnerAdmin("acme");
  partner_only.partner_admin = false;
  EXPECT_EQ(PlumeRoleOf(partner_only), R::kNone);

  EXPECT_EQ(PlumeRoleOf(GroupAdmin("acme", {})), R::kNone);
  EXPECT_EQ(PlumeRoleOf(GroupAdmin("acme", {""})), R::kNone);
  EXPECT_EQ(PlumeRoleOf(GroupSupport("", {"g1"})), R::kNone);
  Principal group_no_partner = GroupAdmin();
  group_no_partner.partner_id.reset();
  EXPECT_EQ(PlumeRoleOf(group_no_partner), R::kNone);
  EXPECT_EQ(PlumeRoleOf(GroupUser("groupadmin", "acme", {"g1"})), R::kNone);  // case-sensitive
  EXPECT_EQ(PlumeRoleOf(GroupUser("csr-all-operations", "acme", {"g1"})), R::kNone);
}

TEST(PlumePolicyRole, StrongestOperatorRoleWins) {
  Principal both = GroupAdmin();
  both.roles = {"groupSupport", "groupAdmin"};
  EXPECT_EQ(PlumeRoleOf(both), R::kGroupAdmin);
  Principal admin_in_group = GroupSupport();
  admin_in_group.partner_admin = true;
  EXPECT_EQ(PlumeRoleOf(admin_in_group), R::kPartnerAdmin);
}

TEST(PlumePolicyRole, CustomerTokenNeverGainsOperatorRole) {
  Principal p = PartnerAdmin("acme");
  p.customer_id = "c1";
  p.roles = {"groupAdmin"};
  p.group_ids = {"g1"};
  EXPECT_EQ(PlumeRoleOf(p), R::kCustomer);
  ExpectAuthorizationRequired(CheckPlumeOperation(p, PlumeOperation::kCustomerDelete));
  ExpectAuthorizationRequired(CheckPlumeOperation(p, PlumeOperation::kRegister));
  Principal empty_customer = Customer("");
  EXPECT_EQ(PlumeRoleOf(empty_customer), R::kNone);
}

TEST(PlumePolicyOperation, PartnerAdminWithoutPartnerMayOnlyReachRegister) {
  Principal p = PartnerAdmin("acme");
  p.partner_id.reset();
  EXPECT_TRUE(CheckPlumeOperation(p, PlumeOperation::kRegister).ok());
  for (PlumeOperation op : AllPlumeOperations()) {
    if (op == PlumeOperation::kRegister) continue;
    ExpectAuthorizationRequired(CheckPlumeOperation(p, op));
  }
  Status partner = CheckPlumeRegisterPartner(p, "acme");
  ASSERT_FALSE(partner.ok());
  EXPECT_EQ(partner.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(partner.error().api_code, "PARTNER_MISSING_IN_TOKEN");
}

TEST(PlumePolicyRegister, PartnerMustBeTheCallers) {
  EXPECT_TRUE(CheckPlumeRegisterPartner(PartnerAdmin("acme"), "acme").ok());
  ExpectAuthorizationRequired(CheckPlumeRegisterPartner(PartnerAdmin("acme"), "other"));
  EXPECT_TRUE(CheckPlumeRegisterPartner(GroupAdmin("acme"), "acme").ok());
  ExpectAuthorizationRequired(CheckPlumeRegisterPartner(GroupAdmin("acme"), "other"));
  ExpectAuthorizationRequired(CheckPlumeRegisterPartner(GroupSupport("acme"), "acme"));
  Principal customer = Customer("c1");
  customer.partner_id = "acme";
  ExpectAuthorizationRequired(CheckPlumeRegisterPartner(customer, "acme"));
  ExpectAuthorizationRequired(CheckPlumeRegisterPartner(Principal{}, "acme"));
}

const CustomerTenancy kAcmeG1{"acme", {"g1", "g2"}, "c1"};

TEST(PlumePolicyScope, PartnerAdminSeesOnlyItsPartner) {
  EXPECT_TRUE(CheckPlumeCustomerScope(PartnerAdmin("acme"), kAcmeG1).ok());
  ExpectForbidden(CheckPlumeCustomerScope(PartnerAdmin("other"), kAcmeG1));
  // Group membership does not restrict a partner admin.
  EXPECT_TRUE(CheckPlumeCustomerScope(PartnerAdmin("acme"), {"acme", {"g9"}, "c2"}).ok());
}

TEST(PlumePolicyScope, GroupUsersNeedACommonGroup) {
  for (const Principal& p : {GroupAdmin("acme", {"g3", "g2"}), GroupSupport("acme", {"g2"})}) {
    EXPECT_TRUE(CheckPlumeCustomerScope(p, kAcmeG1).ok());
  }
  for (const Principal& p : {GroupAdmin("acme", {"g3"}), GroupSupport("acme", {"g3", "g4"})}) {
    ExpectForbidden(CheckPlumeCustomerScope(p, kAcmeG1));
  }
  ExpectForbidden(CheckPlumeCustomerScope(GroupAdmin("acme", {"g1"}), {"acme", {}, "c1"}));
}

TEST(PlumePolicyScope, GroupUsersOfAnotherPartnerAreForbiddenEvenWithTheSameGroupId) {
  ExpectForbidden(CheckPlumeCustomerScope(GroupAdmin("other", {"g1"}), kAcmeG1));
  ExpectForbidden(CheckPlumeCustomerScope(GroupSupport("other", {"g1"}), kAcmeG1));
}

TEST(PlumePolicyScope, CustomerSeesOnlyItself) {
  EXPECT_TRUE(CheckPlumeCustomerScope(Customer("c1"), kAcmeG1).ok());
  ExpectForbidden(CheckPlumeCustomerScope(Customer("c2"), kAcmeG1));
}

TEST(PlumePolicyScope, NoRoleFailsClosed) {
  ExpectAuthorizationRequired(CheckPlumeCustomerScope(Principal{}, kAcmeG1));
  Principal orphan = PartnerAdmin("acme");
  orphan.partner_id.reset();
  ExpectAuthorizationRequired(CheckPlumeCustomerScope(orphan, {"", {}, "c1"}));
}

TEST(PlumePolicyPartnerScope, OnlyTheCallersPartner) {
  EXPECT_TRUE(CheckPlumePartnerScope(PartnerAdmin("acme"), "acme").ok());
  ExpectForbidden(CheckPlumePartnerScope(PartnerAdmin("acme"), "other"));
  ExpectForbidden(CheckPlumePartnerScope(PartnerAdmin("acme"), "ACME"));
  EXPECT_TRUE(CheckPlumePartnerScope(GroupSupport("acme"), "acme").ok());
  ExpectForbidden(CheckPlumePartnerScope(GroupSupport("acme"), "other"));
  ExpectForbidden(CheckPlumePartnerScope(Principal{}, ""));
}

TEST(PlumePolicySelfUpdate, CustomerMayChangeOnlyNameEmailLanguage) {
  const Principal c = Customer("c1");
  const std::vector<std::string_view> allowed = {"name", "email", "acceptLanguage", "partnerId"};
  EXPECT_TRUE(CheckCustomerSelfUpdate(c, PlumeOperation::kCustomerWrite, allowed).ok());
  for (std::string_view field : {"accountId", "emailVerified"}) {
    const std::vector<std::string_view> body = {"name", field};
    ExpectAuthorizationRequired(CheckCustomerSelfUpdate(c, PlumeOperation::kCustomerWrite, body));
  }
  EXPECT_TRUE(CheckCustomerSelfUpdate(c, PlumeOperation::kCustomerWrite, {}).ok());
}

TEST(PlumePolicySelfUpdate, CustomerLocationWritesAreNameOnly) {
  const Principal c = Customer("c1");
  const std::vector<std::string_view> name = {"name"};
  EXPECT_TRUE(CheckCustomerSelfUpdate(c, PlumeOperation::kLocationWrite, name).ok());
  for (std::string_view field : {"serviceId", "profile"}) {
    const std::vector<std::string_view> body = {field, "name"};
    ExpectAuthorizationRequired(CheckCustomerSelfUpdate(c, PlumeOperation::kLocationWrite, body));
  }
}

TEST(PlumePolicySelfUpdate, RestrictionsApplyOnlyToCustomerTokensOnTheirRows) {
  const std::vector<std::string_view> body = {"accountId", "emailVerified", "serviceId", "profile"};
  for (PlumeRole role : {R::kPartnerAdmin, R::kGroupAdmin}) {
    for (PlumeOperation op : {PlumeOperation::kCustomerWrite, PlumeOperation::kLocationWrite}) {
      EXPECT_TRUE(CheckCustomerSelfUpdate(PrincipalFor(role), op, body).ok());
    }
  }
  // Other rows a customer may write carry no field restriction (e.g. wifiNetwork, nodes).
  for (PlumeOperation op : {PlumeOperation::kWifiWrite, PlumeOperation::kNodeWrite,
                            PlumeOperation::kOnboardingCheckpoint}) {
    EXPECT_TRUE(CheckCustomerSelfUpdate(Customer("c1"), op, body).ok());
  }
  // Field names are case-sensitive, as JSON keys are.
  const std::vector<std::string_view> other_case = {"AccountId", "serviceid"};
  EXPECT_TRUE(
      CheckCustomerSelfUpdate(Customer("c1"), PlumeOperation::kCustomerWrite, other_case).ok());
}

}  // namespace
}  // namespace ispcloud::auth
