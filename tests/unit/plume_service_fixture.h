#pragma once
// A fixture for the Plume domain services against a real SQLite database: partner "acme" with
// groups "north" and "south" (plus its default group), partner "other", an inventory for acme
// (GW1, POD1, POD2, and PACKA + PACKB of pack PK1), the services, the principals of §2.1, and
// helpers that read the audit log and the outbox.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "auth/secret_hasher.h"
#include "domain/plume/customer_service.h"
#include "domain/plume/inventory_service.h"
#include "domain/plume/location_service.h"
#include "domain/plume/node_service.h"
#include "domain/plume/partner_service.h"
#include "domain/plume/support_service.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::plume::test_support {

class PlumeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::test_support::OpenTestDatabase(dir_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    PartnerService partners(*db_, clock_, ids_);
    ASSERT_TRUE(storage::RunSync(partners.Create(actor_, "acme", "Acme")).ok());
    ASSERT_TRUE(storage::RunSync(partners.Create(actor_, "other", "Other")).ok());
    ASSERT_TRUE(storage::RunSync(partners.CreateGroup(actor_, "acme", "north", "North")).ok());
    ASSERT_TRUE(storage::RunSync(partners.CreateGroup(actor_, "acme", "south", "South")).ok());
    customers_ = std::make_unique<CustomerService>(*db_, hasher_, clock_, ids_, random_);
    locations_ = std::make_unique<LocationService>(*db_, clock_, ids_);
    nodes_ = std::make_unique<NodeService>(*db_, clock_, ids_);
    support_ = std::make_unique<SupportService>(*db_, clock_, ids_);
    InventoryService inventory(*db_, clock_);
    std::vector<InventoryCsvRow> rows = {{2, "GW1", "PP203X", std::nullopt},
                                         {3, "POD1", "PP203X", std::nullopt},
                                         {4, "POD2", "PP203X", std::nullopt},
                                         {5, "PACKA", "PP203X", "PK1"},
                                         {6, "PACKB", "PP203X", "PK1"}};
    ASSERT_TRUE(storage::RunSync(inventory.Import(actor_, "acme", std::move(rows))).ok());
  }

  static auth::Principal PartnerAdmin(std::string partner = "acme") {
    auth::Principal p;
    p.partner_id = std::move(partner);
    p.partner_admin = true;
    return p;
  }
  static auth::Principal GroupUser(std::string group, std::string role) {
    auth::Principal p;
    p.partner_id = "acme";
    p.group_ids = {std::move(group)};
    p.roles = {std::move(role)};
    return p;
  }
  static auth::Principal CustomerToken(std::string id) {
    auth::Principal p;
    p.customer_id = std::move(id);
    return p;
  }

  // Registers a customer of acme with `account` through `caller` (default: acme's partner
  // admin); fails the test when refused.
  Registered Register(const std::string& account, const auth::Principal& caller = PartnerAdmin()) {
    RegisterInput in;
    in.partner_id = "acme";
    in.account_id = account;
    auto r = storage::RunSync(customers_->Register(caller, actor_, std::move(in)));
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Registered{};
  }

  // Outbox events by type.
  std::map<std::string, int64_t> Events() {
    std::map<std::string, int64_t> out;
    auto rows = storage::test_support::QueryRead(
        *db_, "SELECT event_type, count(*) FROM outbox_events GROUP BY event_type");
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return out;
    for (const auto& row : rows->rows) out[row.Text(0)] = row.Int(1);
    return out;
  }

  int64_t EventCount() {
    return storage::test_support::ScalarInt(*db_, "SELECT count(*) FROM outbox_events");
  }
  int64_t AuditCount() {
    return storage::test_support::ScalarInt(*db_, "SELECT count(*) FROM audit_log");
  }

  storage::test_support::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1'767'607'200))};  // 2026-01-05T10:00:00Z
  SeededRandom random_{7};
  auth::SecretHasher hasher_{1};
  ObjectIdGenerator ids_{clock_, random_};
  Actor actor_{"test", "req-1", ""};
  std::unique_ptr<CustomerService> customers_;
  std::unique_ptr<LocationService> locations_;
  std::unique_ptr<NodeService> nodes_;
  std::unique_ptr<SupportService> support_;
};

}  // namespace ispcloud::domain::plume::test_support
