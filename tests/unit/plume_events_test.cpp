// The Plume outbox events of PLUME-API.md §12.7 against a real SQLite database: each write
// publishes exactly its events (topic "plume", tenant = partner, event type = the event name, no
// listener path) in its own transaction, refused writes publish none, and writes without a
// §12.7 event publish nothing.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/plume/wifi_service.h"
#include "plume_service_fixture.h"

namespace ispcloud::domain::plume {
namespace {

using storage::RunSync;
using storage::test_support::QueryRead;
using Counts = std::map<std::string, int64_t>;

class PlumeEventsTest : public test_support::PlumeServiceTest {
 protected:
  // Runs `write` and returns the events it published, by type (empty when none).
  template <typename Write>
  Counts Published(Write write) {
    const Counts before = Events();
    write();
    Counts after = Events();
    Counts out;
    for (const auto& [type, n] : after) {
      const int64_t delta = n - (before.count(type) ? before.at(type) : 0);
      if (delta != 0) out[type] = delta;
    }
    return out;
  }

  Result<std::vector<Node>> Claim(const Registered& r, std::string serial) {
    ClaimInput in;
    in.serial_number = std::move(serial);
    return RunSync(nodes_->Claim(PartnerAdmin(), actor_, r.customer.id, r.location_id, in));
  }

  // The payload of the newest event of `type`.
  boost::json::object LatestPayload(const std::string& type) {
    auto rows = QueryRead(*db_, "SELECT payload FROM outbox_events WHERE event_type = '" + type +
                                    "' ORDER BY created_at DESC, id DESC LIMIT 1");
    if (!rows.ok() || rows->empty()) return {};
    return boost::json::parse(rows->rows[0].Text(0)).as_object();
  }
};

TEST_F(PlumeEventsTest, RegisterPublishesCustomerRegistered) {
  Registered r;
  EXPECT_EQ(Published([&] { r = Register("ACCT-0001"); }), (Counts{{"customer.registered", 1}}));
  const auto payload = LatestPayload("customer.registered");
  EXPECT_EQ(payload.at("customerId").as_string(), r.customer.id);
  EXPECT_EQ(payload.at("locationId").as_string(), r.location_id);
  EXPECT_EQ(payload.at("partnerId").as_string(), "acme");
  EXPECT_EQ(payload.at("eventType").as_string(), "customer.registered");
  EXPECT_FALSE(payload.contains("accountId"));  // ids only
  auto rows = QueryRead(*db_, "SELECT topic, tenant, listener_path FROM outbox_events");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->rows[0].Text(0), "plume");
  EXPECT_EQ(rows->rows[0].Text(1), "acme");
  EXPECT_EQ(rows->rows[0].Text(2), "");

  // Registered already onboarded: the checkpoint's event too.
  EXPECT_EQ(Published([&] {
              RegisterInput in;
              in.partner_id = "acme";
              in.account_id = "ACCT-0002";
              in.onboarding_checkpoint = "OnboardingComplete";
              ASSERT_TRUE(RunSync(customers_->Register(PartnerAdmin(), actor_, in)).ok());
            }),
            (Counts{{"customer.registered", 1}, {"location.onboardingComplete", 1}}));
  // Refused: a duplicate accountId, an unknown partner.
  EXPECT_EQ(Published([&] {
              RegisterInput in;
              in.partner_id = "acme";
              in.account_id = "ACCT-0001";
              EXPECT_FALSE(RunSync(customers_->Register(PartnerAdmin(), actor_, in)).ok());
              in.partner_id = "nope";
              EXPECT_FALSE(RunSync(customers_->Register(PartnerAdmin(), actor_, in)).ok());
            }),
            Counts{});
}

TEST_F(PlumeEventsTest, ClaimsPublishNodeClaimedPerNode) {
  const Registered r = Register("ACCT-0001");
  const Registered elsewhere = Register("ACCT-0002");
  EXPECT_EQ(Published([&] { ASSERT_TRUE(Claim(r, "GW1").ok()); }), (Counts{{"node.claimed", 1}}));
  const auto payload = LatestPayload("node.claimed");
  EXPECT_EQ(payload.at("nodeId").as_string(), "GW1");
  EXPECT_EQ(payload.at("customerId").as_string(), r.customer.id);
  EXPECT_EQ(payload.at("locationId").as_string(), r.location_id);
  // The pack rule claims two nodes: two events.
  EXPECT_EQ(Published([&] { ASSERT_TRUE(Claim(r, "PACKB").ok()); }), (Counts{{"node.claimed", 2}}));
  // Already claimed here (200, nothing new), claimed elsewhere (409), unknown (404): none.
  EXPECT_EQ(Published([&] {
              auto again = Claim(r, "GW1");
              ASSERT_TRUE(again.ok());
              EXPECT_TRUE(again->empty());
              EXPECT_FALSE(Claim(elsewhere, "GW1").ok());
              EXPECT_FALSE(Claim(r, "NOPE").ok());
            }),
            Counts{});
}

TEST_F(PlumeEventsTest, UnclaimsPublishNodeUnclaimedPerNode) {
  const Registered r = Register("ACCT-0001");
  ASSERT_TRUE(Claim(r, "GW1").ok());
  ASSERT_TRUE(Claim(r, "POD1").ok());
  ASSERT_TRUE(Claim(r, "POD2").ok());
  const std::string& c = r.customer.id;
  const std::string& l = r.location_id;
  EXPECT_EQ(Published([&] {
              ASSERT_TRUE(RunSync(nodes_->Unclaim(PartnerAdmin(), actor_, c, l, "POD2", {})).ok());
            }),
            (Counts{{"node.unclaimed", 1}}));
  EXPECT_EQ(LatestPayload("node.unclaimed").at("nodeId").as_string(), "POD2");
  EXPECT_EQ(LatestPayload("node.unclaimed").at("locationId").as_string(), l);
  // Refused: already unclaimed (400), another partner (403).
  EXPECT_EQ(
      Published([&] {
        EXPECT_FALSE(RunSync(nodes_->Unclaim(PartnerAdmin(), actor_, c, l, "POD2", {})).ok());
        EXPECT_FALSE(RunSync(nodes_->Unclaim(PartnerAdmin("other"), actor_, c, l, "GW1", {})).ok());
      }),
      Counts{});
  EXPECT_EQ(Published([&] {
              ASSERT_TRUE(RunSync(nodes_->UnclaimAll(PartnerAdmin(), actor_, c, l, {})).ok());
            }),
            (Counts{{"node.unclaimed", 2}}));
  EXPECT_EQ(Published([&] {
              ASSERT_TRUE(RunSync(nodes_->UnclaimAll(PartnerAdmin(), actor_, c, l, {})).ok());
            }),
            Counts{});
}

TEST_F(PlumeEventsTest, FirstOnboardingCompletePublishesOnce) {
  const Registered r = Register("ACCT-0001");
  const std::string& c = r.customer.id;
  const std::string& l = r.location_id;
  auto checkpoint = [&](std::string value) {
    CheckpointInput in;
    in.checkpoint = std::move(value);
    return RunSync(locations_->RecordCheckpoint(PartnerAdmin(), actor_, c, l, in));
  };
  EXPECT_EQ(Published([&] { ASSERT_TRUE(checkpoint("PodsAdded").ok()); }), Counts{});
  EXPECT_EQ(Published([&] { ASSERT_TRUE(checkpoint("OnboardingComplete").ok()); }),
            (Counts{{"location.onboardingComplete", 1}}));
  const auto payload = LatestPayload("location.onboardingComplete");
  EXPECT_EQ(payload.at("locationId").as_string(), l);
  EXPECT_EQ(payload.at("onboardedAt").as_string(), "2026-01-05T10:00:00.000Z");
  EXPECT_EQ(Published([&] {
              ASSERT_TRUE(checkpoint("OnboardingComplete").ok());
              ASSERT_TRUE(checkpoint("PodsAdded").ok());
              ASSERT_TRUE(checkpoint("OnboardingComplete").ok());
              EXPECT_FALSE(checkpoint("Bogus").ok());
            }),
            Counts{});
}

TEST_F(PlumeEventsTest, ArchivePublishesLocationArchivedAndItsUnclaims) {
  const Registered r = Register("ACCT-0001");
  ASSERT_TRUE(Claim(r, "GW1").ok());
  const std::string& c = r.customer.id;
  const std::string& l = r.location_id;
  EXPECT_EQ(Published([&] {
              ASSERT_TRUE(RunSync(locations_->Archive(PartnerAdmin(), actor_, c, l)).ok());
            }),
            (Counts{{"location.archived", 1}, {"node.unclaimed", 1}}));
  EXPECT_EQ(LatestPayload("location.archived").at("locationId").as_string(), l);
  EXPECT_EQ(LatestPayload("location.archived").at("customerId").as_string(), c);
  // Already archived (409), another partner (403): none.
  EXPECT_EQ(
      Published([&] {
        EXPECT_FALSE(RunSync(locations_->Archive(PartnerAdmin(), actor_, c, l)).ok());
        auto list = RunSync(customers_->ListLocations(PartnerAdmin(), c));
        ASSERT_TRUE(list.ok());
        ASSERT_EQ(list->size(), 1u);  // the replacement "Home"
        EXPECT_FALSE(
            RunSync(locations_->Archive(PartnerAdmin("other"), actor_, c, list->at(0).id)).ok());
      }),
      Counts{});
}

TEST_F(PlumeEventsTest, DeletePublishesCustomerDeletedWithItsArchivesAndUnclaims) {
  const Registered r = Register("ACCT-0001");
  ASSERT_TRUE(Claim(r, "GW1").ok());
  ASSERT_TRUE(Claim(r, "POD1").ok());
  LocationInput second;
  second.name = "Office";
  auto office = RunSync(customers_->CreateLocation(PartnerAdmin(), actor_, r.customer.id, second));
  ASSERT_TRUE(office.ok());
  const std::string& c = r.customer.id;
  EXPECT_EQ(
      Published([&] { ASSERT_TRUE(RunSync(customers_->Delete(PartnerAdmin(), actor_, c)).ok()); }),
      (Counts{{"customer.deleted", 1}, {"location.archived", 2}, {"node.unclaimed", 2}}));
  const auto payload = LatestPayload("customer.deleted");
  EXPECT_EQ(payload.at("customerId").as_string(), c);
  EXPECT_EQ(payload.at("partnerId").as_string(), "acme");
  EXPECT_FALSE(payload.contains("accountId"));
  EXPECT_FALSE(payload.contains("email"));
  // Deleted twice (404), another partner (403): none.
  const Registered other = Register("ACCT-0002");
  EXPECT_EQ(
      Published([&] {
        EXPECT_FALSE(RunSync(customers_->Delete(PartnerAdmin(), actor_, c)).ok());
        EXPECT_FALSE(
            RunSync(customers_->Delete(PartnerAdmin("other"), actor_, other.customer.id)).ok());
      }),
      Counts{});
}

TEST_F(PlumeEventsTest, WritesWithoutAnEventPublishNothing) {
  const Registered r = Register("ACCT-0001");
  const std::string& c = r.customer.id;
  const std::string& l = r.location_id;
  ASSERT_TRUE(Claim(r, "GW1").ok());
  WifiService wifi(*db_, clock_, ids_);
  EXPECT_EQ(
      Published([&] {
        CustomerUpdate update;
        update.name = "Ada";
        ASSERT_TRUE(RunSync(customers_->Update(PartnerAdmin(), actor_, c, update)).ok());
        LocationUpdate rename;
        rename.name = "Flat";
        ASSERT_TRUE(RunSync(locations_->Rename(PartnerAdmin(), actor_, c, l, rename)).ok());
        ASSERT_TRUE(
            RunSync(locations_->SetServiceLevel(PartnerAdmin(), actor_, c, l, "noService", {}))
                .ok());
        ASSERT_TRUE(
            RunSync(locations_->SetPodsAuthorized(PartnerAdmin(), actor_, c, l, 4, {})).ok());
        RenameInput nickname;
        nickname.nickname = "Hall";
        ASSERT_TRUE(RunSync(nodes_->Rename(PartnerAdmin(), actor_, c, l, "GW1", nickname)).ok());
        WifiInput network;
        network.ssid = "Home";
        network.encryption_key = "correct horse";
        ASSERT_TRUE(RunSync(wifi.Create(PartnerAdmin(), actor_, c, l, network)).ok());
      }),
      Counts{});
}

}  // namespace
}  // namespace ispcloud::domain::plume
