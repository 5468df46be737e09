// PartnerLookupService against a real SQLite database, with the principals the e2e tests cannot
// mint yet (group admins and group support): group scope of the partner look-ups and the
// customer search, and the search's literal matching of LIKE wildcards (PLUME-API.md §9).

#include <gtest/gtest.h>

#include "auth/secret_hasher.h"
#include "domain/plume/customer_service.h"
#include "domain/plume/inventory_service.h"
#include "domain/plume/location_service.h"
#include "domain/plume/lookup_service.h"
#include "domain/plume/node_service.h"
#include "domain/plume/partner_service.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::plume {
namespace {

using storage::RunSync;

class LookupServiceTest : public ::testing::Test {
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
    nodes_ = std::make_unique<NodeService>(*db_, clock_, ids_);
    lookups_ = std::make_unique<PartnerLookupService>(*db_);
    InventoryService inventory(*db_, clock_);
    std::vector<InventoryCsvRow> rows = {{2, "N1", "PP203X", std::nullopt},
                                         {3, "S1", "PP203X", std::nullopt},
                                         {4, "FREE1", "PP203X", std::nullopt}};
    ASSERT_TRUE(RunSync(inventory.Import(actor_, "acme", std::move(rows))).ok());
  }

  static auth::Principal PartnerAdmin() {
    auth::Principal p;
    p.partner_id = "acme";
    p.partner_admin = true;
    return p;
  }
  static auth::Principal Group(std::string group, std::string role) {
    auth::Principal p;
    p.partner_id = "acme";
    p.group_ids = {std::move(group)};
    p.roles = {std::move(role)};
    return p;
  }

  // Registers a customer through a group admin of `group`; returns it with its location.
  Registered Register(const std::string& group, const std::string& account,
                      const std::string& name) {
    RegisterInput in;
    in.partner_id = "acme";
    in.account_id = account;
    in.name = name;
    auto r = RunSync(customers_->Register(Group(group, "groupAdmin"), actor_, std::move(in)));
    EXPECT_TRUE(r.ok()) << r.error().message;
    return *r;
  }

  void SetServiceId(const Registered& r, std::string service_id) {
    LocationUpdate update;
    update.service_id_given = true;
    update.service_id = std::move(service_id);
    auto done =
        RunSync(locations_->Update(PartnerAdmin(), actor_, r.customer.id, r.location_id, update));
    ASSERT_TRUE(done.ok()) << done.error().message;
  }

  void Claim(const Registered& r, std::string serial) {
    ClaimInput in;
    in.serial_number = std::move(serial);
    auto done = RunSync(nodes_->Claim(PartnerAdmin(), actor_, r.customer.id, r.location_id, in));
    ASSERT_TRUE(done.ok()) << done.error().message;
  }

  std::vector<std::string> SearchNames(const auth::Principal& caller, SearchInput in) {
    auto found = RunSync(lookups_->SearchCustomers(caller, std::nullopt, std::move(in)));
    EXPECT_TRUE(found.ok()) << found.error().message;
    std::vector<std::string> names;
    if (found.ok()) {
      for (const CustomerMatch& m : *found) names.push_back(m.customer.name);
    }
    return names;
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
  std::unique_ptr<NodeService> nodes_;
  std::unique_ptr<PartnerLookupService> lookups_;
};

TEST_F(LookupServiceTest, GroupUsersReachOnlyTheirGroupsCustomers) {
  const Registered north = Register("north", "ACCT-N1", "Nora");
  const Registered south = Register("south", "ACCT-S1", "Sam");
  Claim(north, "N1");
  Claim(south, "S1");
  SetServiceId(south, "SVC-S");
  const auth::Principal support = Group("north", "groupSupport");

  auto own = RunSync(lookups_->FindNode(support, std::nullopt, "N1", false));
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_EQ(own->claim->customer_id, north.customer.id);
  auto foreign = RunSync(lookups_->FindNode(support, std::nullopt, "S1", false));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().api_code, "FORBIDDEN");
  EXPECT_TRUE(RunSync(lookups_->FindNode(PartnerAdmin(), std::nullopt, "S1", false)).ok());
  // An unclaimed node of the partner belongs to no customer: visible, unless excluded.
  EXPECT_TRUE(RunSync(lookups_->FindNode(support, std::nullopt, "FREE1", false)).ok());
  auto excluded = RunSync(lookups_->FindNode(support, std::nullopt, "FREE1", true));
  ASSERT_FALSE(excluded.ok());
  EXPECT_EQ(excluded.error().api_code, "NODE_NOT_FOUND");

  auto location = RunSync(lookups_->FindLocation(support, "SVC-S"));
  ASSERT_FALSE(location.ok());
  EXPECT_EQ(location.error().api_code, "FORBIDDEN");
  location = RunSync(lookups_->FindLocation(support, south.location_id));
  ASSERT_FALSE(location.ok());
  EXPECT_EQ(location.error().api_code, "FORBIDDEN");
  location = RunSync(lookups_->FindLocation(Group("south", "groupSupport"), "SVC-S"));
  ASSERT_TRUE(location.ok()) << location.error().message;
  EXPECT_EQ(location->customer.id, south.customer.id);
  location = RunSync(lookups_->FindLocation(support, "SVC-NONE"));
  ASSERT_FALSE(location.ok());
  EXPECT_EQ(location.error().api_code, "MODEL_NOT_FOUND");

  SearchInput in;
  in.keyword = "ACCT-";
  in.field = "accountId";
  in.exact_match = false;
  EXPECT_EQ(SearchNames(support, in), std::vector<std::string>{"Nora"});
  EXPECT_EQ(SearchNames(Group("south", "groupAdmin"), in), std::vector<std::string>{"Sam"});
  EXPECT_EQ(SearchNames(PartnerAdmin(), in), (std::vector<std::string>{"Nora", "Sam"}));
}

TEST_F(LookupServiceTest, SearchMatchesWildcardsLiterallyAndPages) {
  Register("north", "ACCT-0001", "100%_done");
  Register("north", "ACCT-0002", "100xydone");
  Register("north", "ACCT-0003", "Back\\slash");
  SearchInput in;
  in.field = "name";
  in.exact_match = false;
  in.starts_with = false;
  in.keyword = "0%_";
  EXPECT_EQ(SearchNames(PartnerAdmin(), in), std::vector<std::string>{"100%_done"});
  in.keyword = "K\\S";  // substring, case-insensitive, backslash literal
  EXPECT_EQ(SearchNames(PartnerAdmin(), in), std::vector<std::string>{"Back\\slash"});
  in.keyword = "o";
  EXPECT_EQ(SearchNames(PartnerAdmin(), in), (std::vector<std::string>{"100%_done", "100xydone"}));
  in.limit = 1;
  in.skip = 1;
  EXPECT_EQ(SearchNames(PartnerAdmin(), in), std::vector<std::string>{"100xydone"});
}

}  // namespace
}  // namespace ispcloud::domain::plume
