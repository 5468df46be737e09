// CustomerService against a real SQLite database: the principals the e2e tests cannot mint yet
// (group admins, customer tokens, a partner-admin token without a partner), password storage
// and the audit trail (PLUME-API.md §2, §5.1, §5.4, §5.5, §6.2).

#include <gtest/gtest.h>

#include "auth/secret_hasher.h"
#include "domain/plume/customer_service.h"
#include "domain/plume/partner_service.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::plume {
namespace {

using storage::RunSync;
using storage::test_support::QueryRead;
using storage::test_support::ScalarInt;

class CustomerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::test_support::OpenTestDatabase(dir_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    service_ = std::make_unique<CustomerService>(*db_, hasher_, clock_, ids_, random_);
    PartnerService partners(*db_, clock_, ids_);
    ASSERT_TRUE(RunSync(partners.Create(actor_, "acme", "Acme")).ok());
    ASSERT_TRUE(RunSync(partners.CreateGroup(actor_, "acme", "north", "North")).ok());
    ASSERT_TRUE(RunSync(partners.CreateGroup(actor_, "acme", "south", "South")).ok());
  }

  static auth::Principal PartnerAdmin(std::optional<std::string> partner) {
    auth::Principal p;
    p.partner_id = std::move(partner);
    p.partner_admin = true;
    return p;
  }
  static auth::Principal GroupAdmin(std::string group) {
    auth::Principal p;
    p.partner_id = "acme";
    p.group_ids = {std::move(group)};
    p.roles = {"groupAdmin"};
    return p;
  }
  static auth::Principal CustomerToken(std::string id) {
    auth::Principal p;
    p.customer_id = std::move(id);
    return p;
  }

  Result<Registered> Register(const auth::Principal& caller, std::string account,
                              std::optional<std::string> password = std::nullopt) {
    RegisterInput in;
    in.partner_id = "acme";
    in.account_id = std::move(account);
    in.password = std::move(password);
    return RunSync(service_->Register(caller, actor_, std::move(in)));
  }

  storage::test_support::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1'767'607'200))};
  SeededRandom random_{7};
  auth::SecretHasher hasher_{1};
  ObjectIdGenerator ids_{clock_, random_};
  Actor actor_{"test", "req-1", ""};
  std::unique_ptr<CustomerService> service_;  // needs db_: built in SetUp
};

TEST_F(CustomerServiceTest, PartnerAdminTokenWithoutPartnerGets422) {
  auto r = Register(PartnerAdmin(std::nullopt), "CRM-000001");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(r.error().api_code, "PARTNER_MISSING_IN_TOKEN");
}

TEST_F(CustomerServiceTest, GroupAdminRegistersIntoItsGroupsAndOtherGroupsAreForbidden) {
  auto r = Register(GroupAdmin("north"), "CRM-000001");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->customer.group_ids, std::vector<std::string>{"north"});
  EXPECT_TRUE(RunSync(service_->Get(GroupAdmin("north"), r->customer.id)).ok());
  auto foreign = RunSync(service_->Get(GroupAdmin("south"), r->customer.id));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().api_code, "FORBIDDEN");
  // A partner admin's customer lands in the default group, which the group admin lacks.
  auto by_partner = Register(PartnerAdmin("acme"), "CRM-000002");
  ASSERT_TRUE(by_partner.ok());
  ASSERT_EQ(by_partner->customer.group_ids.size(), 1u);
  EXPECT_NE(by_partner->customer.group_ids[0], "north");
  EXPECT_FALSE(RunSync(service_->Get(GroupAdmin("north"), by_partner->customer.id)).ok());
  auto home = RunSync(service_->ListLocations(PartnerAdmin("acme"), by_partner->customer.id));
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->at(0).group_ids, by_partner->customer.group_ids);
}

TEST_F(CustomerServiceTest, CustomerTokenReachesOnlyItselfAndOnlyItsFields) {
  auto a = Register(PartnerAdmin("acme"), "CRM-000001");
  auto b = Register(PartnerAdmin("acme"), "CRM-000002");
  ASSERT_TRUE(a.ok() && b.ok());
  const auth::Principal self = CustomerToken(a->customer.id);
  EXPECT_TRUE(RunSync(service_->Get(self, a->customer.id)).ok());
  auto other = RunSync(service_->Get(self, b->customer.id));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);

  CustomerUpdate sneaky;
  sneaky.account_id = "CRM-999999";
  sneaky.body_fields = {"name", "accountId"};
  auto refused = RunSync(service_->Update(self, actor_, a->customer.id, sneaky));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().api_code, "AUTHORIZATION_REQUIRED");

  CustomerUpdate rename;
  rename.name = "Me";
  rename.body_fields = {"name"};
  auto renamed = RunSync(service_->Update(self, actor_, a->customer.id, rename));
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->name, "Me");

  LocationInput loc;
  loc.name = "Flat";
  loc.service_id = "SVC-1";
  loc.body_fields = {"name", "serviceId"};
  auto no_service = RunSync(service_->CreateLocation(self, actor_, a->customer.id, loc));
  ASSERT_FALSE(no_service.ok());
  EXPECT_EQ(no_service.error().api_code, "AUTHORIZATION_REQUIRED");
}

TEST_F(CustomerServiceTest, PasswordIsStoredAsArgon2idOnly) {
  auto r = Register(PartnerAdmin("acme"), "CRM-000001", "Sup3rsecret");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto rows = QueryRead(*db_, "SELECT password_hash FROM plume_customers");
  ASSERT_TRUE(rows.ok());
  const std::string hash = rows->rows.at(0).Text(0);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("Sup3rsecret"), std::string::npos);
}

TEST_F(CustomerServiceTest, EveryWriteIsAuditedWithIdsOnly) {
  auto r = Register(PartnerAdmin("acme"), "CRM-000001");
  ASSERT_TRUE(r.ok());
  const std::string id = r->customer.id;
  CustomerUpdate update;
  update.name = "New";
  ASSERT_TRUE(RunSync(service_->Update(PartnerAdmin("acme"), actor_, id, update)).ok());
  LocationInput loc;
  loc.name = "Office";
  ASSERT_TRUE(RunSync(service_->CreateLocation(PartnerAdmin("acme"), actor_, id, loc)).ok());
  auto deleted = RunSync(service_->Delete(PartnerAdmin("acme"), actor_, id));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  auto rows = QueryRead(*db_,
                        "SELECT action, tenant, request_id, coalesce(details, '') FROM audit_log "
                        "WHERE action LIKE 'customer.%' OR action LIKE 'location.%' ORDER BY id");
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> actions;
  for (const auto& row : rows->rows) {
    actions.push_back(row.Text(0));
    EXPECT_EQ(row.Text(1), "acme");
    EXPECT_EQ(row.Text(2), "req-1");
    EXPECT_EQ(row.Text(3), "");
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"customer.register", "location.create", "customer.update",
                                      "location.create", "customer.delete"}));
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM plume_locations WHERE archived_at IS NULL"), 0);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM plume_locations WHERE account_id = 'CRM-000001'"),
            0);
}

}  // namespace
}  // namespace ispcloud::domain::plume
