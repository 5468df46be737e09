// End-to-end tests of the service-provider records (OPTIVA-API.md §2.20 rows 87-88, §3.4): who
// sees which SPIDs, settings merged and checked, and the change seen by the other routes.

#include <set>

#include "bss_support.h"
#include "test_database.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

class BssProviderTest : public BssApiTest {
 protected:
  static HttpResponse PatchSettings(const std::string& spid, const std::string& path_id,
                                    const json::value& body, const std::string& token) {
    return Patch("/api/serviceProvider/" + path_id, body, token, spid, "application/json");
  }
};

TEST_F(BssProviderTest, ListShowsTheProvidersOfTheCaller) {
  auto mine = Get("/api/serviceProvider", Alice());
  ASSERT_EQ(mine.result_int(), 200u) << mine.body();
  EXPECT_EQ(mine["X-Total-Count"], "1");
  auto list = JsonOf(mine).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id").as_int64(), 1);
  EXPECT_EQ(S(list[0].at("name")), "HappyPhone");
  EXPECT_EQ(S(list[0].at("currency")), "USD");
  EXPECT_EQ(S(list[0].at("timeZone")), "UTC");
  EXPECT_EQ(list[0].at("settings").at("adjustmentApprovalThreshold").as_int64(), 500000);
  auto other = JsonOf(Get("/api/v1/serviceProvider", Bob())).as_array();
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].at("id").as_int64(), 2);
  EXPECT_EQ(S(other[0].at("currency")), "EUR");
  // Every SPID for the deployment-wide admin; one with a spid header.
  std::set<int64_t> ids;
  const json::value all = JsonOf(Get("/api/serviceProvider", Admin()));
  for (const auto& p : all.as_array()) {
    ids.insert(p.at("id").as_int64());
  }
  EXPECT_TRUE(ids.contains(1) && ids.contains(2));
  auto narrowed = JsonOf(Get("/api/serviceProvider", Admin(), "2")).as_array();
  ASSERT_EQ(narrowed.size(), 1u);
  EXPECT_EQ(narrowed[0].at("id").as_int64(), 2);
  EXPECT_EQ(JsonOf(Get("/api/serviceProvider", ReadOnlyScope())).as_array().size(), 1u);
  ExpectError(Get("/api/serviceProvider", Alice(), "2"), 403, "ERCRT1403");
  ExpectError(Get("/api/serviceProvider", Reader()), 403, "ERCRT1403");
  ExpectError(Get("/api/serviceProvider", ""), 401, "ERCRT1401");
  ExpectError(Get("/api/serviceProvider", Admin(), "999"), 404, "ERCRT1015");
}

TEST_F(BssProviderTest, PatchMergesCheckedSettings) {
  const std::string spid = NextSpid();
  auto patched = PatchSettings(spid, spid,
                               json::object{{"adjustmentApprovalThreshold", 100000},
                                            {"allowSelfApproval", true},
                                            {"subscriptionTypes",
                                             json::array{json::object{{"id", 10002},
                                                                      {"name", "Data only"}}}}},
                               Admin());
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  auto record = JsonOf(patched);
  EXPECT_EQ(record.at("id").as_int64(), std::stoll(spid));
  EXPECT_EQ(record.at("settings").at("adjustmentApprovalThreshold").as_int64(), 100000);
  EXPECT_TRUE(record.at("settings").at("allowSelfApproval").as_bool());
  EXPECT_EQ(record.at("settings").at("planValidityDays").as_int64(), 30);  // untouched
  // The other routes of this server see the change at once.
  auto types = JsonOf(Get("/api/subscription/type", Admin(), spid)).as_array();
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0].at("id").as_int64(), 10002);
  auto listed = JsonOf(Get("/api/serviceProvider", Admin(), spid)).as_array();
  EXPECT_TRUE(listed[0].at("settings").at("allowSelfApproval").as_bool());
  // The record's own form is accepted; null puts the default back.
  auto reset = JsonOf(PatchSettings(
      spid, spid, json::object{{"settings", json::object{{"adjustmentApprovalThreshold", nullptr}}}},
      Admin()));
  EXPECT_EQ(reset.at("settings").at("adjustmentApprovalThreshold").as_int64(), 500000);

  // Every invalid member is reported at once; nothing changes.
  auto refused = ExpectError(PatchSettings(spid, spid,
                                           json::object{{"colour", "blue"},
                                                        {"currency", "EUR"},
                                                        {"timeZone", "Europe/Paris"},
                                                        {"pinLength", 3},
                                                        {"defaultMonthlySpendLimit", -2},
                                                        {"allowSelfApproval", "yes"},
                                                        {"noteTypes", json::array{1}}},
                                           Admin()),
                             400, "ERCRT1001");
  for (const char* field :
       {"settings.colour", "settings.currency", "settings.timeZone", "settings.pinLength",
        "settings.defaultMonthlySpendLimit", "settings.allowSelfApproval",
        "settings.noteTypes[0]"}) {
    EXPECT_TRUE(NamesField(refused, field)) << field << " " << json::serialize(refused);
  }
  // A type setting must name an adjustment type that exists.
  auto dangling = ExpectError(
      PatchSettings(spid, spid, json::object{{"voucherRechargeAdjustmentType", 424242}}, Admin()),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(dangling, "settings.voucherRechargeAdjustmentType"));
  EXPECT_EQ(SqlScalar(DbUrl(), "SELECT COUNT(*) FROM audit_log WHERE action = "
                               "'serviceProvider.patch' AND entity_id = '" + spid + "'"),
            "2");  // the two accepted patches
  auto still = JsonOf(Get("/api/serviceProvider", Admin(), spid)).as_array();
  EXPECT_TRUE(still[0].at("settings").at("allowSelfApproval").as_bool());
  EXPECT_EQ(S(still[0].at("currency")), "USD");

  // The path names the request SPID; admin scope and serviceProvider:patch are needed.
  ExpectError(PatchSettings(spid, "1", json::object{{"pinLength", 5}}, Admin()), 400,
              "ERCRT1001");
  ExpectError(PatchSettings("2", "2", json::object{{"pinLength", 5}}, Alice()), 403, "ERCRT1403");
  ExpectError(PatchSettings("1", "1", json::object{{"pinLength", 5}}, ReadOnlyScope()), 403,
              "ERCRT1403");
  ExpectError(PatchSettings("1", "1", json::object{{"pinLength", 5}}, Reader()), 403,
              "ERCRT1403");
  ExpectError(PatchSettings("1", "1", json::object{{"pinLength", 5}}, ""), 401, "ERCRT1401");
  ExpectError(Call(beast_http::verb::patch, "/api/serviceProvider/" + spid, Admin(), spid,
                   "[1,2]"),
              400, "ERCRT1001");
}

}  // namespace
}  // namespace ispcloud::e2e
