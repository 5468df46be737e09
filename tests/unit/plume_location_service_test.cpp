// LocationService against a real SQLite database: the principals the e2e tests cannot mint yet
// (customer tokens, group admins), and the audit trail of every location write
// (PLUME-API.md §2.2, §2.3, §6.5-§6.11).

#include <gtest/gtest.h>

#include "auth/secret_hasher.h"
#include "domain/plume/customer_service.h"
#include "domain/plume/location_service.h"
#include "domain/plume/partner_service.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::plume {
namespace {

using storage::RunSync;
using storage::test_support::QueryRead;

class LocationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::test_support::OpenTestDatabase(dir_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    PartnerService partners(*db_, clock_, ids_);
    ASSERT_TRUE(RunSync(partners.Create(actor_, "acme", "Acme")).ok());
    ASSERT_TRUE(RunSync(partners.CreateGroup(actor_, "acme", "north", "North")).ok());
    ASSERT_TRUE(RunSync(partners.CreateGroup(actor_, "acme", "south", "South")).ok());
    customers_ = std::make_unique<CustomerService>(*db_, hasher_, clock_, ids_, random_);
    locations_ = std::make_unique<LocationService>(*db_, clock_, ids_);
    RegisterInput in;
    in.partner_id = "acme";
    in.account_id = "ACCT-0001";
    auto r = RunSync(customers_->Register(GroupAdmin("north"), actor_, std::move(in)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    customer_ = r->customer.id;
    location_ = r->location_id;
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
  static LocationUpdate Update(std::optional<std::string> name,
                               std::optional<std::string> service_id,
                               std::vector<std::string> fields) {
    LocationUpdate u;
    u.name = std::move(name);
    u.service_id_given = service_id.has_value();
    u.service_id = std::move(service_id);
    u.body_fields = std::move(fields);
    return u;
  }

  std::vector<std::string> AuditedActions() {
    auto rows = QueryRead(*db_,
                          "SELECT action, entity_id, request_id FROM audit_log WHERE "
                          "entity_type = 'location' ORDER BY id");
    std::vector<std::string> out;
    if (!rows.ok()) return out;
    for (const auto& row : rows->rows) {
      EXPECT_EQ(row.Text(2), "req-1");
      out.push_back(row.Text(0));
    }
    return out;
  }

  storage::test_support::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1'767'607'200))};
  SeededRandom random_{7};
  auth::SecretHasher hasher_{1};
  ObjectIdGenerator ids_{clock_, random_};
  Actor actor_{"test", "req-1", ""};
  std::unique_ptr<CustomerService> customers_;
  std::unique_ptr<LocationService> locations_;
  std::string customer_, location_;
};

TEST_F(LocationServiceTest, CustomerTokenMayRenameButNotRetag) {
  const auth::Principal self = CustomerToken(customer_);
  auto refused = RunSync(locations_->Update(self, actor_, customer_, location_,
                                            Update(std::nullopt, "SVC-1", {"serviceId"})));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().api_code, "AUTHORIZATION_REQUIRED");
  LocationUpdate profile = Update(std::nullopt, std::nullopt, {"profile"});
  profile.profile = "smallbusiness";
  EXPECT_FALSE(RunSync(locations_->Update(self, actor_, customer_, location_, profile)).ok());
  auto renamed = RunSync(locations_->Update(self, actor_, customer_, location_,
                                            Update("Flat", std::nullopt, {"name"})));
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(renamed->name, "Flat");
  EXPECT_FALSE(renamed->service_id);
  auto put = RunSync(locations_->Rename(self, actor_, customer_, location_,
                                        Update("Loft", std::nullopt, {"name"})));
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->name, "Loft");
  // Another customer's token: 403.
  auto other = RunSync(locations_->Rename(CustomerToken("0123456789abcdef01234567"), actor_,
                                          customer_, location_, Update("X", std::nullopt, {})));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().api_code, "FORBIDDEN");
}

TEST_F(LocationServiceTest, GroupAdminsReachOnlyTheirGroups) {
  auto foreign = RunSync(locations_->Archive(GroupAdmin("south"), actor_, customer_, location_));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().api_code, "FORBIDDEN");
  auto level = RunSync(locations_->SetServiceLevel(GroupAdmin("south"), actor_, customer_,
                                                   location_, "noService", {}));
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.error().api_code, "FORBIDDEN");
  EXPECT_TRUE(RunSync(locations_->Archive(GroupAdmin("north"), actor_, customer_, location_)).ok());
  // The replacement location keeps the customer's groups.
  auto list = RunSync(customers_->ListLocations(GroupAdmin("north"), customer_));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).group_ids, std::vector<std::string>{"north"});
}

TEST_F(LocationServiceTest, EveryWriteIsAuditedAndRefusedWritesLeaveNothing) {
  const auth::Principal admin = GroupAdmin("north");
  ASSERT_TRUE(RunSync(locations_->Update(admin, actor_, customer_, location_,
                                         Update(std::nullopt, "SVC-1", {"serviceId"})))
                  .ok());
  ASSERT_TRUE(
      RunSync(locations_->SetServiceLevel(admin, actor_, customer_, location_, "basicService", {}))
          .ok());
  CheckpointInput checkpoint;
  checkpoint.checkpoint = "OnboardingComplete";
  auto recorded =
      RunSync(locations_->RecordCheckpoint(admin, actor_, customer_, location_, checkpoint));
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->location_id, location_);
  ASSERT_TRUE(
      RunSync(locations_->SetPodsAuthorized(admin, actor_, customer_, location_, 4, {})).ok());
  ASSERT_TRUE(
      RunSync(locations_->SetMonitorMode(admin, actor_, customer_, location_, true, {})).ok());
  // Refused: no audit record, no change.
  EXPECT_FALSE(
      RunSync(locations_->SetPodsAuthorized(admin, actor_, customer_, location_, 1001, {})).ok());
  EXPECT_FALSE(
      RunSync(locations_->SetServiceLevel(admin, actor_, customer_, location_, std::nullopt, {}))
          .ok());
  auto location = RunSync(customers_->GetLocation(admin, customer_, location_));
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->service_id, "SVC-1");
  EXPECT_EQ(location->service_level, "basicService");
  EXPECT_EQ(location->onboarding_checkpoint, "OnboardingComplete");
  EXPECT_TRUE(location->onboarded_at);
  EXPECT_EQ(location->num_pods_authorized, 4);
  EXPECT_TRUE(location->monitor_mode);
  ASSERT_TRUE(RunSync(locations_->Archive(admin, actor_, customer_, location_)).ok());
  EXPECT_EQ(AuditedActions(), (std::vector<std::string>{
                                  "location.create", "location.update", "location.serviceLevel",
                                  "location.onboardingCheckpoint", "location.authorizations",
                                  "location.monitorMode", "location.archive", "location.create"}));
  auto again = RunSync(locations_->Archive(admin, actor_, customer_, location_));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().api_code, "LOCATION_ALREADY_ARCHIVED");
}

}  // namespace
}  // namespace ispcloud::domain::plume
