// Voucher look-up and admin batches over HTTP (OPTIVA-API.md §2.20 rows 91-92) and the
// Idempotency-Key contract (§3.3 item 7) on the admin batch route.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "tmf_support.h"

namespace ispcloud::e2e {
namespace {

namespace json = boost::json;

class BssVoucherApiTest : public TmfTest {
 protected:
  // POST to SPID 1 with extra headers (Idempotency-Key, Transaction-Id).
  static HttpResponse PostWith(const std::string& target, const json::value& body,
                               const std::string& token,
                               std::map<std::string, std::string> headers) {
    return PostWithHeaders(target, body, token, "1", std::move(headers));
  }
  static json::object BatchBody(int count) {
    return json::object{{"count", count},
                        {"voucherAmount", 100000},
                        {"durationDays", 30},
                        {"expiresAt", "2099-12-31T23:59:59Z"}};
  }
  static int SerialOf(const json::value& voucher) {
    return std::stoi(S(voucher.at("serialNumber")).substr(2));
  }
};

TEST_F(BssVoucherApiTest, AdminCreatesABatchAndCsrsLookItUp) {
  auto res = Post("/api/admin/voucher", BatchBody(2), SpAdmin(), "1");
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  auto batch = JsonOf(res).as_object();
  const auto& vouchers = batch.at("vouchers").as_array();
  ASSERT_EQ(vouchers.size(), 2u);
  const std::string number = S(vouchers[0].at("voucherNumber"));
  const std::string serial = S(vouchers[0].at("serialNumber"));
  EXPECT_EQ(number.size(), 16u);
  EXPECT_EQ(SerialOf(vouchers[1]), SerialOf(vouchers[0]) + 1);

  for (const std::string base : {"/api", "/api/v1"}) {
    auto found = Get(base + "/voucher?voucherNumber=" + number, Alice(), "1");
    ASSERT_EQ(found.result_int(), 200u) << found.body();
    EXPECT_EQ(found["X-Total-Count"], "1");
    auto item = JsonOf(found).as_array().at(0).as_object();
    EXPECT_EQ(S(item.at("serialNumber")), serial);
    EXPECT_EQ(S(item.at("voucherStatus")), "AVAILABLE");
    EXPECT_EQ(item.at("voucherAmount").as_int64(), 100000);
    EXPECT_EQ(item.at("bonusAmount").as_int64(), 0);
    EXPECT_TRUE(item.at("usedBySubscription").is_null());
    EXPECT_FALSE(item.contains("voucherNumber"));
    EXPECT_EQ(found.body().find(number), std::string::npos);
  }
  auto by_serial = Get("/api/voucher?serialNumber=" + serial, ReadOnlyScope(), "1");
  ASSERT_EQ(by_serial.result_int(), 200u) << by_serial.body();
  EXPECT_EQ(JsonOf(by_serial).as_array().size(), 1u);
  auto miss = Get("/api/voucher?voucherNumber=1111222233334444", Alice(), "1");
  ASSERT_EQ(miss.result_int(), 200u);
  EXPECT_EQ(JsonOf(miss).as_array().size(), 0u);
  EXPECT_EQ(miss["X-Total-Count"], "0");
  // Another tenant does not find it.
  auto other = Get("/api/voucher?voucherNumber=" + number, Bob(), "2");
  EXPECT_EQ(JsonOf(other).as_array().size(), 0u) << other.body();
}

TEST_F(BssVoucherApiTest, AccessRules) {
  // `1:*:*` does not cover the privileged entity `admin`.
  ExpectError(Post("/api/admin/voucher", BatchBody(1), Alice(), "1"), 403, "ERCRT1403");
  // The admin row needs the admin scope: a read-only client is refused on scope first.
  auto read_only = Post("/api/admin/voucher", BatchBody(1), ReadOnlyScope(), "1");
  ExpectError(read_only, 403, "ERCRT1403");
  EXPECT_NE(read_only[beast_http::field::www_authenticate].find("obp-apigw:admin"),
            std::string::npos);
  ExpectError(Post("/api/admin/voucher", BatchBody(1), "", "1"), 401, "ERCRT1401");
  ExpectError(Get("/api/voucher?serialNumber=SN0000001", Reader(), "1"), 403, "ERCRT1403");
  ExpectError(Get("/api/voucher", Alice(), "1"), 400, "ERCRT1001");
}

TEST_F(BssVoucherApiTest, InvalidBatchesListEveryField) {
  auto bad = Post("/api/admin/voucher",
                  json::object{{"count", 0}, {"voucherAmount", "ten"}, {"expiresAt", "soon"}},
                  SpAdmin(), "1");
  auto err = ExpectError(bad, 400, "ERCRT1001");
  for (const char* f : {"count", "voucherAmount", "durationDays", "expiresAt"}) {
    EXPECT_TRUE(NamesField(err, f)) << f << " " << bad.body();
  }
  ExpectError(Call(beast_http::verb::post, "/api/admin/voucher", SpAdmin(), "1", "{not json"), 400,
              "ERCRT1001");
  ExpectError(Call(beast_http::verb::post, "/api/admin/voucher", SpAdmin(), "1", "[1]"), 400,
              "ERCRT1001");
  ExpectError(Call(beast_http::verb::post, "/api/admin/voucher", SpAdmin(), "1", "count=1",
                   "application/x-www-form-urlencoded"),
              415, "ERCRT1017");
}

TEST_F(BssVoucherApiTest, IdempotencyKeyReplaysTheFirstOutcomeWithoutSecrets) {
  const json::object body = BatchBody(1);
  auto first = PostWith("/api/admin/voucher", body, SpAdmin(),
                        {{"Idempotency-Key", "batch-key-1"}, {"Transaction-Id", "TRX-1"}});
  ASSERT_EQ(first.result_int(), 201u) << first.body();
  EXPECT_EQ(first["Idempotent-Replay"], "");
  EXPECT_EQ(first["Transaction-Id"], "TRX-1");
  auto first_doc = JsonOf(first).as_object();
  const std::string number = S(first_doc.at("vouchers").as_array()[0].at("voucherNumber"));
  const int serial = SerialOf(first_doc.at("vouchers").as_array()[0]);

  // Same key, same body (other spacing): the first outcome, numbers masked, nothing created.
  HttpClient http(server_->port());
  auto replay = http.Send(beast_http::verb::post, "/api/admin/voucher",
                          "{ \"count\": 1, \"voucherAmount\": 100000, \"durationDays\": 30, "
                          "\"expiresAt\": \"2099-12-31T23:59:59Z\" }",
                          {{"Authorization", "Bearer " + SpAdmin()},
                           {"spid", "1"},
                           {"Content-Type", "application/json"},
                           {"Idempotency-Key", "batch-key-1"}});
  ASSERT_EQ(replay.result_int(), 201u) << replay.body();
  EXPECT_EQ(replay["Idempotent-Replay"], "true");
  auto replay_doc = JsonOf(replay).as_object();
  EXPECT_EQ(S(replay_doc.at("batchNumber")), S(first_doc.at("batchNumber")));
  const std::string masked = S(replay_doc.at("vouchers").as_array()[0].at("voucherNumber"));
  EXPECT_EQ(masked, "************" + number.substr(12));

  // Same key, another body: 409 ERCRT1009, nothing created.
  ExpectError(
      PostWith("/api/admin/voucher", BatchBody(2), SpAdmin(), {{"Idempotency-Key", "batch-key-1"}}),
      409, "ERCRT1009");
  // Without a key, the next batch continues right after the first: the replay and the conflict
  // created nothing.
  auto next = Post("/api/admin/voucher", BatchBody(1), SpAdmin(), "1");
  ASSERT_EQ(next.result_int(), 201u);
  EXPECT_EQ(SerialOf(JsonOf(next).at("vouchers").as_array()[0]), serial + 1);
  // Keys are malformed above 128 characters.
  ExpectError(
      PostWith("/api/admin/voucher", body, SpAdmin(), {{"Idempotency-Key", std::string(129, 'k')}}),
      400, "ERCRT1001");
}

}  // namespace
}  // namespace ispcloud::e2e
