// Support actions (PLUME-API.md §11): the field rules of each action, and SupportService against
// a real SQLite database — jobs recorded as "queued", audited, published to the outbox in the
// same transaction, the gate's scope for group users, refused actions leaving nothing.

#include <gtest/gtest.h>

#include "domain/plume/support_rules.h"
#include "plume_service_fixture.h"

namespace ispcloud::domain::plume {
namespace {

using namespace std::chrono_literals;
using storage::RunSync;
using test_support::PlumeServiceTest;

const TimePoint kNow = TimePoint(std::chrono::seconds(1'767'607'200));  // 2026-01-05T10:00:00Z

std::string RuleOf(const Error& e, const std::string& field) {
  for (const FieldError& f : e.fields) {
    if (f.field == field) return f.rule;
  }
  return "";
}

TEST(SupportRulesTest, FirmwareDirectionVersionAndDefaults) {
  auto up = BuildFirmwareJob({});
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->type, "firmwareUpgrade");
  EXPECT_EQ(up->parameters.at("direction"), "upgrade");
  EXPECT_FALSE(up->parameters.contains("version"));
  auto down = BuildFirmwareJob({"4.2.0", "downgrade", {}});
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->type, "firmwareDowngrade");
  EXPECT_EQ(down->parameters.at("version"), "4.2.0");

  auto bad = BuildFirmwareJob({std::string(65, 'v'), "sideways", {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kValidation);
  EXPECT_EQ(bad.error().context, "SupportJob");
  EXPECT_EQ(RuleOf(bad.error(), "version"), "length.max");
  EXPECT_EQ(RuleOf(bad.error(), "direction"), "inclusion");
  EXPECT_EQ(RuleOf(BuildFirmwareJob({"", std::nullopt, {}}).error(), "version"), "length.min");
  EXPECT_TRUE(BuildFirmwareJob({std::string(64, 'v'), "upgrade", {}}).ok());
  // A decode type error is reported with the rules.
  auto typed = BuildFirmwareJob({std::nullopt, std::nullopt, {{"version", "type", "string"}}});
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(RuleOf(typed.error(), "version"), "type");
}

TEST(SupportRulesTest, ForcedSteerMacAndExpiryWindow) {
  auto steer = BuildForcedSteerJob({"AA-BB-CC-DD-EE-0F", std::nullopt, {}}, kNow);
  ASSERT_TRUE(steer.ok());
  EXPECT_EQ(steer->type, "forcedSteer");
  EXPECT_EQ(steer->parameters.at("mac"), "aa:bb:cc:dd:ee:0f");
  EXPECT_EQ(steer->parameters.at("action"), "steer");
  EXPECT_EQ(steer->parameters.at("expiresAt"), "2026-01-05T10:10:00.000Z");  // default +10 min

  auto at = [&](std::string expires) {
    return BuildForcedSteerJob({"aa:bb:cc:dd:ee:ff", std::move(expires), {}}, kNow);
  };
  EXPECT_TRUE(at("2026-01-05T10:05:00Z").ok());       // exactly 5 minutes
  EXPECT_TRUE(at("2026-01-05T11:00:00.000Z").ok());   // exactly 60 minutes
  EXPECT_TRUE(at("2026-01-05T11:30:00+01:00").ok());  // 30 minutes, with an offset
  EXPECT_EQ(at("2026-01-05T11:30:00+01:00")->parameters.at("expiresAt"),
            "2026-01-05T10:30:00.000Z");
  EXPECT_EQ(RuleOf(at("2026-01-05T10:04:59Z").error(), "expiresAt"), "custom");
  EXPECT_EQ(RuleOf(at("2026-01-05T11:00:01Z").error(), "expiresAt"), "custom");
  EXPECT_EQ(RuleOf(at("2026-01-05T09:00:00Z").error(), "expiresAt"), "custom");  // past
  EXPECT_EQ(RuleOf(at("tomorrow").error(), "expiresAt"), "format");
  EXPECT_EQ(RuleOf(at("2026-01-05 10:30:00").error(), "expiresAt"), "format");

  auto bad_mac = BuildForcedSteerJob({"not-a-mac", "never", {}}, kNow);
  ASSERT_FALSE(bad_mac.ok());
  EXPECT_EQ(RuleOf(bad_mac.error(), "mac"), "format");
  EXPECT_EQ(RuleOf(bad_mac.error(), "expiresAt"), "format");  // every field at once

  auto cancel = BuildSteerCancelJob("AA:BB:CC:DD:EE:FF");
  ASSERT_TRUE(cancel.ok());
  EXPECT_EQ(cancel->parameters.at("action"), "cancel");
  EXPECT_EQ(cancel->parameters.at("mac"), "aa:bb:cc:dd:ee:ff");
  EXPECT_FALSE(BuildSteerCancelJob("aa:bb:cc:dd:ee").ok());
}

TEST(SupportRulesTest, LogPullComment) {
  auto pull = BuildLogPullJob({"GW1", "customer says it is slow", {}});
  ASSERT_TRUE(pull.ok());
  EXPECT_EQ(pull->type, "logPull");
  EXPECT_EQ(pull->parameters.at("nodeId"), "GW1");
  EXPECT_TRUE(BuildLogPullJob({std::nullopt, std::string(256, 'c'), {}}).ok());
  EXPECT_EQ(RuleOf(BuildLogPullJob({std::nullopt, std::string(257, 'c'), {}}).error(), "comment"),
            "length.max");
  EXPECT_TRUE(BuildLogPullJob({}).ok());
  EXPECT_TRUE(BuildLogPullJob({})->parameters.empty());
}

TEST(Rfc3339Test, ParsesOffsetsAndFractionsAndRefusesTheRest) {
  EXPECT_EQ(ParseRfc3339("2026-01-05T10:00:00Z"), kNow);
  EXPECT_EQ(ParseRfc3339("2026-01-05t10:00:00z"), kNow);
  EXPECT_EQ(ParseRfc3339("2026-01-05T12:30:00+02:30"), kNow);
  EXPECT_EQ(ParseRfc3339("2026-01-05T09:00:00-01:00"), kNow);
  EXPECT_EQ(ParseRfc3339("2026-01-05T10:00:00.123456789Z"), kNow + 123ms);
  EXPECT_EQ(ParseRfc3339("2026-01-05T10:00:00.5Z"), kNow + 500ms);
  for (const char* bad :
       {"", "2026-01-05", "2026-01-05T10:00:00", "2026-01-05T10:00:00.Z", "2026-02-30T10:00:00Z",
        "2026-13-05T10:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T10:00:00+0100",
        "2026-01-05T10:00:00Z ", "2026-01-05T10:00:00.1234567890Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

class SupportServiceTest : public PlumeServiceTest {
 protected:
  void SetUp() override {
    PlumeServiceTest::SetUp();
    home_ = Register("ACCT-0001", GroupUser("north", "groupAdmin"));
  }
  Registered home_;
};

TEST_F(SupportServiceTest, EachActionRecordsAQueuedJobWithAuditAndEvent) {
  const auth::Principal support = GroupUser("north", "groupSupport");
  const int64_t events_before = EventCount();
  const std::string& c = home_.customer.id;
  const std::string& l = home_.location_id;

  auto firmware = RunSync(support_->RequestFirmware(support, actor_, c, l, {"5.0.1", {}, {}}));
  ASSERT_TRUE(firmware.ok()) << firmware.error().message;
  EXPECT_EQ(firmware->type, "firmwareUpgrade");
  EXPECT_EQ(firmware->status, "queued");
  EXPECT_EQ(firmware->customer_id, c);
  EXPECT_EQ(firmware->location_id, l);
  EXPECT_EQ(firmware->partner_id, "acme");
  EXPECT_EQ(firmware->requested_by, "test");
  EXPECT_EQ(firmware->id.size(), 24u);
  EXPECT_EQ(firmware->created_at, "2026-01-05T10:00:00.000Z");

  clock_.Advance(1s);
  ForcedSteerInput steer{"aa:bb:cc:dd:ee:ff", std::nullopt, {}};
  ASSERT_TRUE(RunSync(support_->SteerClient(support, actor_, c, l, steer)).ok());
  clock_.Advance(1s);
  ASSERT_TRUE(RunSync(support_->CancelSteering(support, actor_, c, l, "AA:BB:CC:DD:EE:FF")).ok());
  clock_.Advance(1s);
  ASSERT_TRUE(RunSync(support_->PullLogs(support, actor_, c, l, {})).ok());

  auto jobs = RunSync(support_->ListJobs(support, c, l));
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 4u);  // newest first
  EXPECT_EQ(jobs->at(0).type, "logPull");
  EXPECT_EQ(jobs->at(1).parameters.at("action"), "cancel");
  EXPECT_EQ(jobs->at(2).parameters.at("action"), "steer");
  EXPECT_EQ(jobs->at(3).id, firmware->id);
  EXPECT_EQ(jobs->at(3).parameters.at("version"), "5.0.1");

  auto latest = RunSync(support_->LatestFirmware(support, c, l));
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->id, firmware->id);

  EXPECT_EQ(EventCount() - events_before, 4);
  EXPECT_EQ(Events()["supportJob.created"], 4);
  EXPECT_EQ(storage::test_support::ScalarInt(
                *db_,
                "SELECT count(*) FROM audit_log WHERE action = 'supportJob.create' AND "
                "entity_type = 'supportJob' AND request_id = 'req-1'"),
            4);
  // The event is for acme's subscribers and carries the job.
  auto rows = storage::test_support::QueryRead(
      *db_,
      "SELECT topic, tenant, listener_path, payload FROM outbox_events WHERE event_type = "
      "'supportJob.created' ORDER BY created_at LIMIT 1");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->rows[0].Text(0), "plume");
  EXPECT_EQ(rows->rows[0].Text(1), "acme");
  EXPECT_EQ(rows->rows[0].Text(2), "");
  EXPECT_NE(rows->rows[0].Text(3).find(firmware->id), std::string::npos);
  // Nothing else changed: the location is as registered.
  auto location = RunSync(customers_->GetLocation(support, c, l));
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->updated_at, "2026-01-05T10:00:00.000Z");
}

TEST_F(SupportServiceTest, FirmwareIsIdleUntilAFirmwareJobExists) {
  const auth::Principal admin = PartnerAdmin();
  ASSERT_TRUE(
      RunSync(support_->PullLogs(admin, actor_, home_.customer.id, home_.location_id, {})).ok());
  auto latest = RunSync(support_->LatestFirmware(admin, home_.customer.id, home_.location_id));
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
}

TEST_F(SupportServiceTest, LogPullOfANodeNeedsItClaimedHere) {
  const auth::Principal admin = PartnerAdmin();
  const std::string& c = home_.customer.id;
  const std::string& l = home_.location_id;
  auto unclaimed = RunSync(support_->PullLogs(admin, actor_, c, l, {"GW1", std::nullopt, {}}));
  ASSERT_FALSE(unclaimed.ok());
  EXPECT_EQ(unclaimed.error().api_code, "NODE_NOT_FOUND");
  ClaimInput claim;
  claim.serial_number = "GW1";
  ASSERT_TRUE(RunSync(nodes_->Claim(admin, actor_, c, l, claim)).ok());
  auto pulled = RunSync(support_->PullLogs(admin, actor_, c, l, {"GW1", "slow", {}}));
  ASSERT_TRUE(pulled.ok()) << pulled.error().message;
  EXPECT_EQ(pulled->parameters.at("nodeId"), "GW1");
  EXPECT_EQ(pulled->parameters.at("comment"), "slow");
  auto unknown = RunSync(support_->PullLogs(admin, actor_, c, l, {"NOPE", std::nullopt, {}}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().api_code, "NODE_NOT_FOUND");
}

TEST_F(SupportServiceTest, RefusedActionsRecordNothing) {
  const std::string& c = home_.customer.id;
  const std::string& l = home_.location_id;
  const int64_t events = EventCount(), audits = AuditCount();
  // Outside the caller's groups: 403; another partner: 403; unknown customer: 401; unknown
  // location: 404; invalid input: 422.
  auto south = RunSync(support_->PullLogs(GroupUser("south", "groupSupport"), actor_, c, l, {}));
  ASSERT_FALSE(south.ok());
  EXPECT_EQ(south.error().api_code, "FORBIDDEN");
  auto other = RunSync(support_->RequestFirmware(PartnerAdmin("other"), actor_, c, l, {}));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().api_code, "FORBIDDEN");
  auto unknown =
      RunSync(support_->PullLogs(PartnerAdmin(), actor_, "0123456789abcdef01234567", l, {}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().api_code, "AUTHORIZATION_REQUIRED");
  auto nowhere =
      RunSync(support_->PullLogs(PartnerAdmin(), actor_, c, "0123456789abcdef01234567", {}));
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().api_code, "MODEL_NOT_FOUND");
  auto invalid =
      RunSync(support_->SteerClient(PartnerAdmin(), actor_, c, l, {"zz", std::nullopt, {}}));
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, ErrorCode::kValidation);
  auto reads = RunSync(support_->ListJobs(GroupUser("south", "groupSupport"), c, l));
  ASSERT_FALSE(reads.ok());
  EXPECT_EQ(reads.error().api_code, "FORBIDDEN");
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(AuditCount(), audits);
  EXPECT_EQ(storage::test_support::ScalarInt(*db_, "SELECT count(*) FROM plume_support_jobs"), 0);
}

TEST_F(SupportServiceTest, DeletingTheCustomerDeletesItsJobs) {
  const auth::Principal admin = PartnerAdmin();
  ASSERT_TRUE(RunSync(support_->PullLogs(admin, actor_, home_.customer.id, home_.location_id,
                                         {std::nullopt, "call back at 5", {}}))
                  .ok());
  ASSERT_TRUE(RunSync(customers_->Delete(admin, actor_, home_.customer.id)).ok());
  EXPECT_EQ(storage::test_support::ScalarInt(*db_, "SELECT count(*) FROM plume_support_jobs"), 0);
}

}  // namespace
}  // namespace ispcloud::domain::plume
