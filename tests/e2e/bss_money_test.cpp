// The money side of the Optiva gateway over HTTP: the walkthrough of OPTIVA-API.md §5 from the
// voucher recharge on (steps 6-10), then the error paths of voucher recharge (row 55),
// adjustments with approval (rows 51-54), notes (rows 47-50), histories (rows 41, 43-45) and
// the customer dashboard (row 12).

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <thread>

#include "bss_support.h"
#include "callback_server.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

class BssMoneyTest : public BssApiTest {
 protected:
  // A batch of `count` vouchers of 10.00 USD (+ `bonus`) for 30 days; returns the numbers.
  static std::vector<std::string> Vouchers(int count, int64_t bonus = 0) {
    json::object body{{"count", count},
                      {"voucherAmount", 100000},
                      {"bonusAmount", bonus},
                      {"durationDays", 30},
                      {"expiresAt", "2099-12-31T23:59:59Z"}};
    auto res = Post("/api/admin/voucher", body, SpAdmin(), "1");
    EXPECT_EQ(res.result_int(), 201u) << res.body();
    std::vector<std::string> out;
    const json::value batch = JsonOf(res);
    for (const json::value& v : batch.at("vouchers").as_array()) {
      out.push_back(S(v.at("voucherNumber")));
    }
    return out;
  }
  static HttpResponse Recharge(const json::object& body, const std::string& token = "") {
    return Post("/api/subscription/voucherRecharge", body, token.empty() ? Alice() : token, "1");
  }
  static int64_t Balance(const std::string& subscription) {
    auto res = Get("/api/subscription/balanceQuery?subscriptionId=" + subscription, Alice(), "1");
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return JsonOf(res).at("balance").as_int64();
  }
  static json::object AdjustmentBody(const Line& line, int64_t amount, int action = 0) {
    return json::object{{"accountID", line.ban},
                        {"subscriptionId", line.subscription_id},
                        {"mobileNumber", line.msisdn},
                        {"adjustmentType", action == 0 ? 21000 : 21001},
                        {"action", action},
                        {"amount", amount},
                        {"reasonCode", 22},
                        {"notes", "test adjustment"}};
  }
  static HttpResponse Adjust(const json::object& body, const std::string& token = "") {
    return Post("/api/subscription/adjustment", body, token.empty() ? Alice() : token, "1");
  }
  static HttpResponse Decide(const std::string& id, const json::object& body,
                             const std::string& token) {
    return Patch("/api/subscription/adjustment/" + id, body, token, "1", "application/json");
  }
  // Every transaction of a line through the history list, following nextPageKey.
  static std::vector<json::object> AllTransactions(const std::string& subscription, int page_size) {
    std::vector<json::object> out;
    std::string key;
    for (int pages = 0; pages < 1000; ++pages) {
      std::string target =
          "/api/subscription/" + subscription + "/transaction?limit=" + std::to_string(page_size);
      if (!key.empty()) target += "&nextPageKey=" + key;
      auto res = Get(target, Alice(), "1");
      EXPECT_EQ(res.result_int(), 200u) << res.body();
      auto page = JsonOf(res).as_object();
      for (const json::value& item : page.at("results").as_array()) {
        out.push_back(item.as_object());
      }
      if (!page.contains("nextPageKey")) break;
      key = S(page.at("nextPageKey"));
    }
    return out;
  }
};

// OPTIVA-API.md §5 steps 3 and 5-10 (steps 0-2 and 4 are covered by the TMF and order suites).
TEST_F(BssMoneyTest, WalkthroughRechargeAdjustApproveHistory) {
  const std::string customer = NewCustomer();
  auto account =
      Create("/api/quickPrepaidBillingAccount",
             json::object{{"relatedParty",
                           json::array{json::object{{"id", customer}, {"role", "Customer"}}}}},
             Alice(), "1");
  Line line;
  line.ban = S(account.at("externalID"));
  line.msisdn = NextMsisdn();
  auto order = Activate(line.ban, line.msisdn);
  ASSERT_EQ(order.result_int(), 200u) << order.body();
  line.subscription_id = S(JsonOf(order).at("subscriptionId"));
  const int64_t start = Balance(line.subscription_id);
  const auto vouchers = Vouchers(1);

  // Step 6: voucher recharge by mobile number; a repeat replays; another line is refused.
  const json::object recharge{{"mobileNumber", line.msisdn}, {"voucher", vouchers[0]}};
  auto first = Recharge(recharge);
  ASSERT_EQ(first.result_int(), 200u) << first.body();
  auto result = JsonOf(first).as_object();
  EXPECT_EQ(result.at("orderResult").as_int64(), 0);
  EXPECT_EQ(S(result.at("subscriptionRef").at("identifier")), line.subscription_id);
  EXPECT_EQ(result.at("voucherAmount").as_int64(), 100000);
  EXPECT_EQ(result.at("balance").as_int64(), start + 100000);
  EXPECT_EQ(S(result.at("voucher")).substr(0, 12), "************");
  EXPECT_EQ(first.body().find(vouchers[0]), std::string::npos);
  auto again = Recharge(recharge);
  ASSERT_EQ(again.result_int(), 200u) << again.body();
  EXPECT_EQ(again["Idempotent-Replay"], "true");
  EXPECT_EQ(JsonOf(again), JsonOf(first));
  const Line other = NewLine();
  ExpectError(
      Recharge(json::object{{"subscriptionId", other.subscription_id}, {"voucher", vouchers[0]}}),
      409, "ERCRT1011");

  // Step 7: balance query.
  auto balance = Get("/api/subscription/balanceQuery?mobileNumber=" + line.msisdn, Alice(), "1");
  ASSERT_EQ(balance.result_int(), 200u) << balance.body();
  EXPECT_EQ(JsonOf(balance).at("balance").as_int64(), start + 100000);
  EXPECT_EQ(JsonOf(balance).at("availableBalance").as_int64(), start + 100000);

  // Step 8: an adjustment above the threshold waits; the CSR cannot approve it.
  auto created = Adjust(AdjustmentBody(line, 600000));
  ASSERT_EQ(created.result_int(), 201u) << created.body();
  auto adjustment = JsonOf(created).as_object();
  const std::string id = S(adjustment.at("adjustmentId"));
  EXPECT_EQ(S(adjustment.at("statusId")), "PENDING_APPROVAL");
  EXPECT_EQ(S(adjustment.at("status")), "Pending Approval");
  EXPECT_TRUE(adjustment.at("requiresApproval").as_bool());
  EXPECT_EQ(adjustment.at("value").at("amount").as_int64(), 600000);
  EXPECT_EQ(S(adjustment.at("value").at("currency")), "USD");
  EXPECT_EQ(S(adjustment.at("createdBy")), "alice");
  EXPECT_EQ(adjustment.at("history").as_array().size(), 2u);
  EXPECT_EQ(Balance(line.subscription_id), start + 100000);
  ExpectError(Decide(id, json::object{{"statusId", "APPROVED"}}, Alice()), 403, "ERCRT1403");

  // Step 9: the supervisor approves; the credit is posted.
  auto approved = Decide(id, json::object{{"statusId", "APPROVED"}, {"comment", "ok"}}, Sup());
  ASSERT_EQ(approved.result_int(), 200u) << approved.body();
  auto done = JsonOf(approved).as_object();
  EXPECT_EQ(S(done.at("statusId")), "COMPLETED");
  EXPECT_EQ(S(done.at("status")), "Completed");
  EXPECT_EQ(S(done.at("approvedBy")), "sup");
  EXPECT_FALSE(done.at("transactionId").is_null());
  EXPECT_EQ(Balance(line.subscription_id), start + 700000);

  // Step 10: histories and the dashboard.
  auto transactions =
      Get("/api/subscription/" + line.subscription_id + "/transaction", Alice(), "1");
  ASSERT_EQ(transactions.result_int(), 200u) << transactions.body();
  const auto results = JsonOf(transactions).at("results").as_array();
  ASSERT_GE(results.size(), 2u);
  EXPECT_EQ(results[0].at("amount").as_int64(), 600000);
  EXPECT_EQ(results[0].at("balance").as_int64(), start + 700000);
  EXPECT_EQ(results[0].at("adjustmentTypeID").as_int64(), 21000);
  EXPECT_EQ(S(results[0].at("agent")), "sup");
  EXPECT_EQ(S(results[0].at("identifier")), S(done.at("transactionId")));
  EXPECT_EQ(results[1].at("amount").as_int64(), 100000);
  EXPECT_EQ(S(results[1].at("identifier")), S(result.at("transactionId")));
  EXPECT_EQ(S(results[1].at("agent")), "alice");

  auto history =
      Get("/api/subscription/balanceHistory?subscriptionId=" + line.subscription_id, Alice(), "1");
  ASSERT_EQ(history.result_int(), 200u) << history.body();
  const auto movements = JsonOf(history).at("results").as_array();
  ASSERT_GE(movements.size(), 2u);
  EXPECT_EQ(movements[0].at("balanceBefore").as_int64(), start + 100000);
  EXPECT_EQ(movements[0].at("balance").as_int64(), start + 700000);

  auto detailed =
      Get("/api/subscription/" + line.msisdn + "/detailedSubscriptionTransaction", Alice(), "1");
  ASSERT_EQ(detailed.result_int(), 200u) << detailed.body();
  const auto full = JsonOf(detailed).at("results").as_array();
  ASSERT_GE(full.size(), 2u);
  bool named = false;
  for (const json::value& p : full[0].at("parameters").as_array()) {
    named = named ||
            (S(p.at("name")) == "RNAdjustmentTypeID" && S(p.at("value")) == "Service Compensation");
  }
  EXPECT_TRUE(named) << detailed.body();

  auto record = Get("/api/subscription/adjustment/" + id, Alice(), "1");
  ASSERT_EQ(record.result_int(), 200u) << record.body();
  std::vector<std::string> states;
  const json::value stored = JsonOf(record);
  for (const json::value& h : stored.at("history").as_array()) {
    states.push_back(S(h.at("status")));
  }
  EXPECT_EQ(states,
            (std::vector<std::string>{"CREATED", "PENDING_APPROVAL", "APPROVED", "COMPLETED"}));

  auto board = Get("/api/dashboard/customer/" + customer, Alice(), "1");
  ASSERT_EQ(board.result_int(), 200u) << board.body();
  auto dashboard = JsonOf(board).as_object();
  EXPECT_EQ(S(dashboard.at("customer").at("id")), customer);
  EXPECT_EQ(dashboard.at("billingAccounts").as_array().size(), 1u);
  ASSERT_EQ(dashboard.at("subscriptions").as_array().size(), 1u);
  EXPECT_EQ(dashboard.at("subscriptions").at(0).at("balance").as_int64(), start + 700000);
  EXPECT_EQ(dashboard.at("totals").at("balance").as_int64(), start + 700000);
  EXPECT_EQ(dashboard.at("pendingAdjustments").as_int64(), 0);
  EXPECT_EQ(S(dashboard.at("engagedParty").at("givenName")), "Ada");
}

TEST_F(BssMoneyTest, VoucherRechargeErrorPaths) {
  const Line line = NewLine();
  const auto vouchers = Vouchers(3);
  const std::string row = "/api/subscription/voucherRecharge";
  // Authentication and scope first.
  EXPECT_EQ(Post(row, json::object{}, "", "1").result_int(), 401u);
  ExpectError(Recharge(json::object{{"mobileNumber", line.msisdn}, {"voucher", vouchers[0]}},
                       ReadOnlyScope()),
              403, "ERCRT1403");
  // Field checks, all at once.
  auto invalid = ExpectError(Recharge(json::object{{"voucher", "12ab"}}), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(invalid, "subscriptionId")) << json::serialize(invalid);
  EXPECT_TRUE(NamesField(invalid, "voucher")) << json::serialize(invalid);
  ExpectError(Recharge(json::object{{"mobileNumber", line.msisdn}}), 400, "ERCRT1001");
  ExpectError(Recharge(json::object{{"mobileNumber", 15550100001}, {"voucher", vouchers[0]}}), 400,
              "ERCRT1001");
  ExpectError(Call(beast_http::verb::post, row, Alice(), "1", "{not json"), 400, "ERCRT1001");
  // References.
  ExpectError(Recharge(json::object{{"subscriptionId", "999999999-9"}, {"voucher", vouchers[0]}}),
              404, "ERCRT1003");
  ExpectError(
      Recharge(json::object{{"mobileNumber", line.msisdn}, {"voucher", "1111222233334444"}}), 400,
      "ERCRT1010");
  ExpectError(
      Recharge(json::object{
          {"mobileNumber", line.msisdn}, {"voucher", vouchers[0]}, {"serialNumber", "SN9999999"}}),
      400, "ERCRT1010");
  auto mismatch = ExpectError(
      Recharge(json::object{{"subscriptionRef", json::object{{"identifier", line.subscription_id},
                                                             {"accountID", "123456789"}}},
                            {"voucher", vouchers[0]}}),
      400, "ERCRT1001");
  EXPECT_TRUE(NamesField(mismatch, "accountID"));
  // Another SPID's caller does not see the line (tenant isolation).
  ExpectError(
      Post(row, json::object{{"mobileNumber", line.msisdn}, {"voucher", vouchers[0]}}, Bob(), "2"),
      404, "ERCRT1003");
  // Nothing above moved money.
  const int64_t before = Balance(line.subscription_id);

  // Idempotency-Key: a replay answers the first outcome; another body with the key is refused.
  const json::object body{{"subscriptionRef", json::object{{"identifier", line.subscription_id}}},
                          {"voucher", vouchers[1]}};
  auto keyed = PostWithHeaders(row, body, Alice(), "1", {{"Idempotency-Key", "rc-1"}});
  ASSERT_EQ(keyed.result_int(), 200u) << keyed.body();
  auto replay = PostWithHeaders(row, body, Alice(), "1", {{"Idempotency-Key", "rc-1"}});
  ASSERT_EQ(replay.result_int(), 200u) << replay.body();
  EXPECT_EQ(replay["Idempotent-Replay"], "true");
  EXPECT_EQ(JsonOf(replay), JsonOf(keyed));
  json::object changed = body;
  changed["voucher"] = vouchers[2];
  ExpectError(PostWithHeaders(row, changed, Alice(), "1", {{"Idempotency-Key", "rc-1"}}), 409,
              "ERCRT1009");
  EXPECT_EQ(Balance(line.subscription_id), before + 100000);

  // A line that is not ACTIVE/EXPIRED/DORMANT refuses, and the voucher stays available.
  const Line locked = NewLine();
  ASSERT_EQ(ChangeState(locked.ban, locked.subscription_id, "5").result_int(), 200u);
  ExpectError(
      Recharge(json::object{{"subscriptionId", locked.subscription_id}, {"voucher", vouchers[2]}}),
      409, "ERCRT1007");
  auto still =
      Recharge(json::object{{"subscriptionId", line.subscription_id}, {"voucher", vouchers[2]}});
  EXPECT_EQ(still.result_int(), 200u) << still.body();
}

TEST_F(BssMoneyTest, AdjustmentRulesAndErrors) {
  const Line line = NewLine();
  const int64_t start = Balance(line.subscription_id);
  // Every missing field at once.
  auto missing = ExpectError(Adjust(json::object{{"notes", "x"}}), 400, "ERCRT1001");
  for (const char* field :
       {"accountID", "subscriptionId", "mobileNumber", "adjustmentType", "amount"}) {
    EXPECT_TRUE(NamesField(missing, field)) << field << " " << json::serialize(missing);
  }
  json::object bad = AdjustmentBody(line, 1000);
  bad["adjustmentType"] = 99999;
  ExpectError(Adjust(bad), 400, "ERCRT1001");
  bad = AdjustmentBody(line, -5);
  ExpectError(Adjust(bad), 400, "ERCRT1001");
  const Line other = NewLine();
  bad = AdjustmentBody(line, 1000);
  bad["mobileNumber"] = other.msisdn;
  ExpectError(Adjust(bad), 400, "ERCRT1001");
  bad = AdjustmentBody(line, 1000);
  bad["accountID"] = other.ban;
  ExpectError(Adjust(bad), 400, "ERCRT1001");
  bad = AdjustmentBody(line, 1000);
  bad["subscriptionId"] = "999999999-9";
  ExpectError(Adjust(bad), 404, "ERCRT1003");
  EXPECT_EQ(Balance(line.subscription_id), start);

  // Below the threshold: applied at once. A debit beyond the balance fails without moving money.
  auto credit = Adjust(AdjustmentBody(line, 1000));
  ASSERT_EQ(credit.result_int(), 201u) << credit.body();
  EXPECT_EQ(S(JsonOf(credit).at("statusId")), "COMPLETED");
  const int64_t held = Balance(line.subscription_id);
  ASSERT_LT(held, 500000) << "the debit below must stay under the approval threshold";
  auto debit = Adjust(AdjustmentBody(line, held + 1, 1));
  ASSERT_EQ(debit.result_int(), 201u) << debit.body();
  EXPECT_EQ(S(JsonOf(debit).at("statusId")), "FAILED");
  EXPECT_EQ(S(JsonOf(debit).at("failureReason")), "INSUFFICIENT_BALANCE");
  EXPECT_EQ(Balance(line.subscription_id), start + 1000);

  // A repeated externalTransactionNumber returns the first record (200), once.
  json::object external = AdjustmentBody(line, 2000);
  external["externalTransactionNumber"] = "EXT-" + line.subscription_id;
  auto ext1 = Adjust(external);
  ASSERT_EQ(ext1.result_int(), 201u) << ext1.body();
  auto ext2 = Adjust(external);
  ASSERT_EQ(ext2.result_int(), 200u) << ext2.body();
  EXPECT_EQ(S(JsonOf(ext2).at("adjustmentId")), S(JsonOf(ext1).at("adjustmentId")));
  EXPECT_EQ(Balance(line.subscription_id), start + 3000);

  // Four eyes: the supervisor cannot approve an adjustment of its own.
  auto own = Adjust(AdjustmentBody(line, 700000), Sup());
  ASSERT_EQ(own.result_int(), 201u) << own.body();
  const std::string own_id = S(JsonOf(own).at("adjustmentId"));
  auto self =
      ExpectError(Decide(own_id, json::object{{"statusId", "APPROVED"}}, Sup()), 403, "ERCRT1403");
  EXPECT_NE(json::serialize(self).find("self-approval"), std::string::npos);

  // Decisions and edits on a pending record.
  auto pending = Adjust(AdjustmentBody(line, 800000));
  const std::string id = S(JsonOf(pending).at("adjustmentId"));
  ExpectError(Decide(id, json::object{{"statusId", "APPROVED"}, {"notes", "x"}}, Sup()), 400,
              "ERCRT1001");
  ExpectError(Decide(id, json::object{{"statusId", "COMPLETED"}}, Sup()), 409, "ERCRT1007");
  ExpectError(
      Call(beast_http::verb::patch, "/api/subscription/adjustment/" + id, Alice(), "1", "{oops"),
      400, "ERCRT1001");
  auto noted = Decide(id, json::object{{"notes", "checked by phone"}}, Alice());
  ASSERT_EQ(noted.result_int(), 200u) << noted.body();
  EXPECT_EQ(S(JsonOf(noted).at("notes")), "checked by phone");
  EXPECT_EQ(S(JsonOf(noted).at("history").as_array().back().at("status")), "MODIFIED");
  auto rejected = Decide(id, json::object{{"statusId", "REJECTED"}}, Sup());
  ASSERT_EQ(rejected.result_int(), 200u) << rejected.body();
  EXPECT_EQ(S(JsonOf(rejected).at("statusId")), "REJECTED");
  EXPECT_EQ(S(JsonOf(rejected).at("approvedBy")), "sup");
  ExpectError(Decide(id, json::object{{"statusId", "APPROVED"}}, Sup()), 409, "ERCRT1007");
  // An amount edited below the threshold is applied without approval.
  auto lowered = Decide(own_id, json::object{{"amount", 5000}}, Alice());
  ASSERT_EQ(lowered.result_int(), 200u) << lowered.body();
  EXPECT_EQ(S(JsonOf(lowered).at("statusId")), "COMPLETED");
  EXPECT_EQ(Balance(line.subscription_id), start + 8000);

  // Reads: unknown and other SPID are 404; the list pages from 1 with filters.
  ExpectError(Get("/api/subscription/adjustment/999999", Alice(), "1"), 404, "ERCRT1003");
  ExpectError(Get("/api/subscription/adjustment/" + id, Bob(), "2"), 404, "ERCRT1003");
  const std::string list = "/api/subscription/adjustment?subscriptionId=" + line.subscription_id;
  auto all = Get(list, Alice(), "1");
  ASSERT_EQ(all.result_int(), 200u) << all.body();
  const auto items = JsonOf(all).as_array();
  EXPECT_EQ(all["X-Total-Count"], std::to_string(items.size()));
  EXPECT_EQ(items.size(), 5u);  // credit, failed debit, external, own (lowered), rejected
  auto first = Get(list + "&offset=1&limit=1", Alice(), "1");
  ASSERT_EQ(JsonOf(first).as_array().size(), 1u);
  EXPECT_EQ(JsonOf(first).at(0).at("adjustmentId"), items[0].at("adjustmentId"));
  auto second = Get(list + "&offset=2&limit=1", Alice(), "1");
  EXPECT_EQ(JsonOf(second).at(0).at("adjustmentId"), items[1].at("adjustmentId"));
  auto rejected_only = Get(list + "&statusId=REJECTED", Alice(), "1");
  EXPECT_EQ(JsonOf(rejected_only).as_array().size(), 1u);
  auto by_date = Get(list + "&from=2020-01-01T00:00:00:000&to=2099-01-01", Alice(), "1");
  EXPECT_EQ(JsonOf(by_date).as_array().size(), items.size()) << by_date.body();
  ExpectError(Get(list + "&limit=501", Alice(), "1"), 400, "ERCRT1001");
  ExpectError(Get(list + "&statusId=DONE", Alice(), "1"), 400, "ERCRT1001");
  ExpectError(Get(list + "&from=yesterday", Alice(), "1"), 400, "ERCRT1001");
  // A line that is INACTIVE refuses adjustments outright.
  ASSERT_EQ(ChangeState(other.ban, other.subscription_id, "2").result_int(), 200u);
  ExpectError(Adjust(AdjustmentBody(other, 1000)), 409, "ERCRT1007");
}

TEST_F(BssMoneyTest, NotesOnAccountsAndLines) {
  const Line line = NewLine();
  auto account_note = Post("/api/account/note",
                           json::object{{"accountID", line.ban},
                                        {"note", "prefers e-mail"},
                                        {"mainType", "General"},
                                        {"subType", "Contact"}},
                           Alice(), "1");
  ASSERT_EQ(account_note.result_int(), 201u) << account_note.body();
  EXPECT_FALSE(account_note[beast_http::field::location].empty());
  EXPECT_EQ(S(JsonOf(account_note).at("createdBy")), "alice");
  auto line_note = Post("/api/v1/subscription/note",
                        json::object{{"mobileNumber", line.msisdn},
                                     {"text", "SIM swapped"},
                                     {"mainType", "General"},
                                     {"subType", "SIM"}},
                        Alice(), "1");
  ASSERT_EQ(line_note.result_int(), 201u) << line_note.body();
  EXPECT_EQ(S(JsonOf(line_note).at("subscriptionId")), line.subscription_id);
  EXPECT_EQ(S(JsonOf(line_note).at("note")), "SIM swapped");

  auto of_account = Get("/api/account/" + line.ban + "/note", Alice(), "1");
  ASSERT_EQ(of_account.result_int(), 200u) << of_account.body();
  ASSERT_EQ(JsonOf(of_account).as_array().size(), 2u);
  EXPECT_EQ(S(JsonOf(of_account).at(0).at("note")), "SIM swapped");  // newest first
  auto of_line = Get("/api/subscription/note?subscriptionId=" + line.subscription_id, Alice(), "1");
  ASSERT_EQ(JsonOf(of_line).as_array().size(), 1u);
  EXPECT_EQ(of_line["X-Total-Count"], "1");

  auto invalid = ExpectError(Post("/api/account/note", json::object{{"note", ""}}, Alice(), "1"),
                             400, "ERCRT1001");
  for (const char* field : {"accountID", "note", "mainType", "subType"}) {
    EXPECT_TRUE(NamesField(invalid, field)) << field << " " << json::serialize(invalid);
  }
  const json::object valid{{"note", "n"}, {"mainType", "General"}, {"subType", "x"}};
  json::object unknown = valid;
  unknown["accountID"] = "000000000";
  ExpectError(Post("/api/account/note", unknown, Alice(), "1"), 404, "ERCRT1003");
  json::object too_long = valid;
  too_long["accountID"] = line.ban;
  too_long["note"] = std::string(4001, 'x');
  ExpectError(Post("/api/account/note", too_long, Alice(), "1"), 400, "ERCRT1001");
  ExpectError(Post("/api/subscription/note", valid, Alice(), "1"), 400, "ERCRT1001");
  // Another SPID sees neither the account nor the line; a reader cannot write.
  ExpectError(Get("/api/account/" + line.ban + "/note", Bob(), "2"), 404, "ERCRT1003");
  ExpectError(Get("/api/subscription/note?mobileNumber=" + line.msisdn, Bob(), "2"), 404,
              "ERCRT1003");
  json::object reader = valid;
  reader["accountID"] = line.ban;
  ExpectError(Post("/api/account/note", reader, ReadOnlyScope(), "1"), 403, "ERCRT1403");
  // An unknown customer has no dashboard.
  ExpectError(Get("/api/dashboard/customer/999999", Alice(), "1"), 404, "ERCRT1003");
}

TEST_F(BssMoneyTest, HistoryListsPageWithoutDuplicates) {
  const Line line = NewLine();
  const auto vouchers = Vouchers(2);
  for (const std::string& v : vouchers) {
    ASSERT_EQ(Recharge(json::object{{"subscriptionId", line.subscription_id}, {"voucher", v}})
                  .result_int(),
              200u);
  }
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Adjust(AdjustmentBody(line, 100 + i)).result_int(), 201u);
  const auto everything = AllTransactions(line.subscription_id, 500);
  const auto paged = AllTransactions(line.subscription_id, 2);
  ASSERT_EQ(paged.size(), everything.size());
  std::set<std::string> ids;
  for (const json::object& t : paged) ids.insert(S(t.at("identifier")));
  EXPECT_EQ(ids.size(), paged.size()) << "a record appeared on two pages";
  for (size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i], everything[i]);
  // Balances chain: each movement's balance is the next older one's plus its amount.
  for (size_t i = 0; i + 1 < everything.size(); ++i) {
    EXPECT_EQ(everything[i].at("balance").as_int64(),
              everything[i + 1].at("balance").as_int64() + everything[i].at("amount").as_int64());
  }
  auto ascending =
      Get("/api/subscription/" + line.subscription_id + "/transaction?isAscending=true&limit=1",
          Alice(), "1");
  ASSERT_EQ(ascending.result_int(), 200u);
  EXPECT_EQ(JsonOf(ascending).at("results").at(0), json::value(everything.back()));
  auto future =
      Get("/api/subscription/" + line.subscription_id + "/transaction?start=2090-01-01T00:00:00Z",
          Alice(), "1");
  EXPECT_TRUE(JsonOf(future).at("results").as_array().empty());
  ExpectError(Get("/api/subscription/" + line.subscription_id + "/transaction?nextPageKey=zz",
                  Alice(), "1"),
              400, "ERCRT1001");
  ExpectError(Get("/api/subscription/" + line.subscription_id + "/transaction?isAscending=maybe",
                  Alice(), "1"),
              400, "ERCRT1001");
  ExpectError(Get("/api/subscription/" + line.subscription_id + "/transaction", Bob(), "2"), 404,
              "ERCRT1003");
  ExpectError(Get("/api/subscription/balanceHistory", Alice(), "1"), 400, "ERCRT1001");
  // The bucket history lists the activation as a STATE entry.
  auto buckets = Get("/api/subscription/" + line.subscription_id + "/history", Alice(), "1");
  ASSERT_EQ(buckets.result_int(), 200u) << buckets.body();
  const auto entries = JsonOf(buckets).at("results").as_array();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(S(entries.back().at("operation")), "STATE");
  EXPECT_EQ(S(entries.back().at("reference")), "1");
}

// Money is never created or lost: concurrent recharges, credits, debits and rated usage on one
// line leave a balance equal to the sum of its transactions, and every 2xx movement has one
// transaction.
TEST_F(BssMoneyTest, ConcurrentMovementsConserveMoney) {
  const Line line = NewLine();
  const int64_t start = Balance(line.subscription_id);
  const auto before = AllTransactions(line.subscription_id, 500);
  const auto vouchers = Vouchers(8);
  std::atomic<int64_t> expected_delta{0};
  std::atomic<int> movements{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 4; ++i) {
        HttpResponse res;
        int64_t delta = 0;
        if (i % 2 == 0) {
          // Two workers race for each voucher: exactly one may win it.
          const std::string& v = vouchers[(w / 2) * 2 + i / 2];
          res = Recharge(json::object{{"subscriptionId", line.subscription_id}, {"voucher", v}});
          delta = 100000;
          if (res.result_int() == 200u && res["Idempotent-Replay"] == "true") continue;
        } else if (i == 1) {
          const int action = (w + i) % 3 == 0 ? 1 : 0;
          res = Adjust(AdjustmentBody(line, 1000 + w, action));
          if (res.result_int() != 201u || S(JsonOf(res).at("statusId")) != "COMPLETED") continue;
          delta = action == 1 ? -(1000 + w) : 1000 + w;
        } else {
          // A rated SMS (0.10) debits the same line; refused (409) when the money is not there.
          res = PostWithHeaders("/api/admin/usage",
                                json::object{{"subscriptionId", line.subscription_id},
                                             {"callType", 3}},
                                SpAdmin(), "1", {});
          delta = -1000;
        }
        if (res.result_int() / 100 == 2) {
          expected_delta += delta;
          ++movements;
        }
      }
    });
  }
  for (std::thread& t : workers) t.join();
  EXPECT_GE(movements.load(), 8) << "each of the 8 vouchers is redeemed once";
  const int64_t end = Balance(line.subscription_id);
  EXPECT_EQ(end - start, expected_delta.load());
  const auto after = AllTransactions(line.subscription_id, 500);
  EXPECT_EQ(static_cast<int>(after.size() - before.size()), movements.load());
  int64_t sum = 0;
  for (size_t i = 0; i < after.size() - before.size(); ++i) sum += after[i].at("amount").as_int64();
  EXPECT_EQ(sum, end - start);
}

// Row 38: profile changes, the §1.9 limit gates and the overdraft rule.
TEST_F(BssMoneyTest, ProfilePatchGatesLimits) {
  const Line line = NewLine();
  const std::string row = "/api/subscription/profile";
  auto patch = [&](const json::object& body, const std::string& token,
                   const std::string& spid = "1") {
    return Patch(row, body, token, spid, "application/json");
  };
  auto raised = patch(
      json::object{{"subscriptionId", line.subscription_id}, {"creditLimit", 50000}}, Carol());
  ASSERT_EQ(raised.result_int(), 200u) << raised.body();
  EXPECT_EQ(JsonOf(raised).at("billing").at("creditLimit").as_int64(), 50000);
  ExpectError(patch(json::object{{"mobileNumber", line.msisdn}, {"creditLimit", 60000}}, Alice()),
              403, "ERCRT1403");
  ExpectError(
      patch(json::object{{"mobileNumber", line.msisdn}, {"monthlySpendLimit", 10000}}, Alice()),
      403, "ERCRT1403");
  // Re-sending the current value needs no attribute.
  auto same = patch(json::object{{"mobileNumber", line.msisdn},
                                 {"creditLimit", 50000},
                                 {"billingLanguage", "es"},
                                 {"notificationPreference", 2}},
                    Alice());
  ASSERT_EQ(same.result_int(), 200u) << same.body();
  EXPECT_EQ(S(JsonOf(same).at("billing").at("billingLanguage")), "es");
  EXPECT_EQ(JsonOf(same).at("profile").at("notificationPreference").as_int64(), 2);
  auto profile = Get(row + "?subscriptionId=" + line.subscription_id, Alice(), "1");
  EXPECT_EQ(S(JsonOf(profile).at("billing").at("billingLanguage")), "es");

  // Into the overdraft the credit limit allows, then the limit cannot drop below it.
  const int64_t held = Balance(line.subscription_id);
  auto debit = Adjust(AdjustmentBody(line, held + 20000, 1));
  ASSERT_EQ(S(JsonOf(debit).at("statusId")), "COMPLETED") << debit.body();
  EXPECT_EQ(Balance(line.subscription_id), -20000);
  ExpectError(patch(json::object{{"subscriptionId", line.subscription_id}, {"creditLimit", 10000}},
                    Carol()),
              409, "ERCRT1005");

  auto invalid = ExpectError(patch(json::object{{"subscriptionId", line.subscription_id},
                                                {"notificationPreference", 9},
                                                {"monthlySpendLimit", -5}},
                                   Carol()),
                             400, "ERCRT1001");
  EXPECT_TRUE(NamesField(invalid, "notificationPreference"));
  EXPECT_TRUE(NamesField(invalid, "monthlySpendLimit"));
  ExpectError(patch(json::object{{"subscriptionId", line.subscription_id}}, Carol()), 400,
              "ERCRT1001");
  ExpectError(patch(json::object{{"creditLimit", 1}}, Carol()), 400, "ERCRT1001");
  ExpectError(
      patch(json::object{{"mobileNumber", line.msisdn}, {"billingLanguage", "fr"}}, Bob(), "2"),
      404, "ERCRT1003");
  ExpectError(patch(json::object{{"mobileNumber", line.msisdn}, {"billingLanguage", "fr"}},
                    ReadOnlyScope()),
              403, "ERCRT1403");
}

// The gateway hub (rows 85-86): BSS events of the caller's SPID reach the callback; the query
// selects event types; another SPID's hub sees nothing; DELETE stops deliveries.
TEST_F(BssMoneyTest, GatewayHubDeliversBalanceEvents) {
  using namespace std::chrono_literals;
  CallbackServer receiver;
  auto sub = Post("/api/hub",
                  json::object{{"callback", receiver.Url("/obp")},
                               {"query",
                                "eventType=BalanceTopupEvent,"
                                "BalanceAdjustmentStateChangeEvent"}},
                  Alice(), "1");
  ASSERT_EQ(sub.result_int(), 201u) << sub.body();
  const std::string sub_id = S(JsonOf(sub).at("id"));
  EXPECT_EQ(std::string(sub["Location"]), BaseUrl() + "/api/hub/" + sub_id);
  CallbackServer other;
  ASSERT_EQ(
      Post("/api/v1/hub", json::object{{"callback", other.Url("/two")}}, Bob(), "2").result_int(),
      201u);
  ExpectError(
      Post("/api/hub", json::object{{"callback", receiver.Url("/x")}}, ReadOnlyScope(), "1"), 403,
      "ERCRT1403");

  const Line line = NewLine();
  const auto vouchers = Vouchers(1);
  ASSERT_EQ(
      Recharge(json::object{{"subscriptionId", line.subscription_id}, {"voucher", vouchers[0]}})
          .result_int(),
      200u);
  ASSERT_TRUE(receiver.WaitFor("/obp/listener/balanceTopupEvent", line.subscription_id, 15s));
  auto adjusted = Adjust(AdjustmentBody(line, 1234));
  ASSERT_EQ(adjusted.result_int(), 201u) << adjusted.body();
  const std::string adjustment_id = S(JsonOf(adjusted).at("adjustmentId"));
  ASSERT_TRUE(
      receiver.WaitFor("/obp/listener/balanceAdjustmentStateChangeEvent", adjustment_id, 15s));
  for (const ReceivedCall& call : receiver.Calls()) {
    auto event = json::parse(call.body).as_object();
    EXPECT_EQ(S(event.at("domain")), "OBP");
    EXPECT_NE(S(event.at("eventType")), "SubscriptionStateChangeEvent") << "not selected";
  }
  EXPECT_TRUE(other.Calls().empty()) << "SPID 2 must not see SPID 1's events";

  EXPECT_EQ(Delete("/api/hub/" + sub_id, Alice(), "1").result_int(), 204u);
  EXPECT_EQ(Delete("/api/hub/" + sub_id, Alice(), "1").result_int(), 404u);
}

}  // namespace
}  // namespace ispcloud::e2e
