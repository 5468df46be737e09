// Unit tests of the pure location rules (PLUME-API.md §4.2 defaults, §6.5-§6.11 validation).

#include <gtest/gtest.h>

#include "domain/plume/location_rules.h"

namespace ispcloud::domain::plume {
namespace {

// "400" / "422:<field>=<rule>,..." / "ok": a compact view of a validation result.
std::string Outcome(const Status& s) {
  if (s) return "ok";
  if (s.error().code == ErrorCode::kInvalidArgument) {
    EXPECT_EQ(s.error().api_code, "MISSING_REQUIRED_ARGUMENT");
    return "400";
  }
  EXPECT_EQ(s.error().code, ErrorCode::kValidation);
  EXPECT_EQ(s.error().context, "Location");
  std::string out = "422:";
  for (const FieldError& f : s.error().fields) out += f.field + "=" + f.rule + ",";
  return out;
}

const FieldError kTypeError{"x", "type", "must be a string"};

FieldError TypeErrorOf(std::string field) {
  FieldError e = kTypeError;
  e.field = std::move(field);
  return e;
}

TEST(LocationRulesTest, NewLocationHasTheDefaultsOfTheReference) {
  Customer c;
  c.id = "c1";
  c.partner_id = "acme";
  c.account_id = "ACCT-1";
  c.group_ids = {"g"};
  const Location l = NewLocation(c, "l1", "Home", "auto", 7, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(l.id, "l1");
  EXPECT_EQ(l.customer_id, "c1");
  EXPECT_EQ(l.partner_id, "acme");
  EXPECT_EQ(l.account_id, "ACCT-1");
  EXPECT_EQ(l.group_ids, std::vector<std::string>{"g"});
  EXPECT_EQ(l.service_level, "fullService");
  EXPECT_EQ(l.num_pods_authorized, 7);  // the partner's default
  EXPECT_FALSE(l.monitor_mode);
  EXPECT_FALSE(l.service_id);
  EXPECT_FALSE(l.onboarding_checkpoint);
  EXPECT_FALSE(l.archived_at);
  EXPECT_EQ(l.service_level_created_at, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(l.authorizations_updated_at, "2026-01-01T00:00:00.000Z");
}

TEST(LocationRulesTest, PatchNeedsOneRecognisedField) {
  LocationUpdate in;
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)), "422:name=presence,");
  in.service_id_given = true;  // serviceId: null clears, and counts
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)), "ok");
  in = LocationUpdate();
  in.profile = "smallbusiness";
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)), "ok");
  in = LocationUpdate();
  in.decode_errors.push_back(TypeErrorOf("name"));
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)), "422:name=type,");
}

TEST(LocationRulesTest, PatchReportsEveryInvalidField) {
  LocationUpdate in;
  in.name = "";
  in.profile = "property";
  in.service_id_given = true;
  in.service_id = std::string(129, 's');
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)),
            "422:name=length.min,profile=inclusion,serviceId=length.max,");
  in.name = "Caf\xC3\xA9";  // 4 code points
  in.profile = "auto";
  in.service_id = "";  // clears: no rule applies
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)), "ok");
  in.service_id = "SVC\xE2\x80\x9D";  // right double quotation mark
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, false)), "422:serviceId=format,");
}

TEST(LocationRulesTest, RenameNeedsAName) {
  LocationUpdate in;
  in.profile = "smallbusiness";  // ignored by PUT
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, true)), "400");
  in.name = "";
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, true)), "400");
  in.name = std::string(128, 'n');
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, true)), "ok");
  in.name = std::string(129, 'n');
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, true)), "422:name=length.max,");
  in.name.reset();
  in.decode_errors.push_back(TypeErrorOf("name"));
  EXPECT_EQ(Outcome(ValidateLocationUpdate(in, true)), "422:name=type,");
}

TEST(LocationRulesTest, ServiceLevelValues) {
  EXPECT_EQ(Outcome(ValidateServiceLevel(std::nullopt, {})), "400");
  EXPECT_EQ(Outcome(ValidateServiceLevel(std::string(), {})), "400");
  for (const char* ok : {"noService", "basicService", "fullService"}) {
    EXPECT_EQ(Outcome(ValidateServiceLevel(std::string(ok), {})), "ok") << ok;
  }
  EXPECT_EQ(Outcome(ValidateServiceLevel(std::string("FullService"), {})), "422:status=inclusion,");
  EXPECT_EQ(Outcome(ValidateServiceLevel(std::nullopt, {TypeErrorOf("status")})),
            "422:status=type,");
}

TEST(LocationRulesTest, CheckpointIsAlways422) {
  CheckpointInput in;
  EXPECT_EQ(Outcome(ValidateCheckpoint(in)), "422:checkpoint=presence,");
  in.checkpoint = "";
  EXPECT_EQ(Outcome(ValidateCheckpoint(in)), "422:checkpoint=inclusion,");
  in.checkpoint = "PodsAdded";
  EXPECT_EQ(Outcome(ValidateCheckpoint(in)), "ok");
  in.checkpoint = "OnboardingComplete";
  EXPECT_EQ(Outcome(ValidateCheckpoint(in)), "ok");
  in.checkpoint.reset();
  in.decode_errors.push_back(TypeErrorOf("onboardingCheckpoint"));  // the alias, wrong type
  EXPECT_EQ(Outcome(ValidateCheckpoint(in)), "422:onboardingCheckpoint=type,");
}

TEST(LocationRulesTest, PodsAuthorizedRange) {
  EXPECT_EQ(Outcome(ValidatePodsAuthorized(std::nullopt, {})), "400");
  EXPECT_EQ(Outcome(ValidatePodsAuthorized(0, {})), "ok");
  EXPECT_EQ(Outcome(ValidatePodsAuthorized(1000, {})), "ok");
  EXPECT_EQ(Outcome(ValidatePodsAuthorized(1001, {})), "422:numPodsAuthorized=custom,");
  EXPECT_EQ(Outcome(ValidatePodsAuthorized(-1, {})), "422:numPodsAuthorized=custom,");
  EXPECT_EQ(Outcome(ValidatePodsAuthorized(std::nullopt, {TypeErrorOf("numPodsAuthorized")})),
            "422:numPodsAuthorized=type,");
}

TEST(LocationRulesTest, MonitorModeNeedsABoolean) {
  EXPECT_EQ(Outcome(ValidateMonitorMode(std::nullopt, {})), "400");
  EXPECT_EQ(Outcome(ValidateMonitorMode(true, {})), "ok");
  EXPECT_EQ(Outcome(ValidateMonitorMode(false, {})), "ok");
  EXPECT_EQ(Outcome(ValidateMonitorMode(std::nullopt, {TypeErrorOf("enable")})),
            "422:enable=type,");
}

}  // namespace
}  // namespace ispcloud::domain::plume
