// Idempotency keys of money POSTs (OPTIVA-API.md §3.3 item 7): first outcome stored in the
// effect's transaction, replay, conflict, expiry, rollback.

#include "bss_money_fixture.h"
#include "domain/bss/idempotency.h"

namespace ispcloud::domain::bss {
namespace {

using storage::Tx;

class BssIdempotencyTest : public test_support::BssMoneyTest {
 protected:
  IdempotencyRequest Request(std::string key, std::string body) {
    IdempotencyRequest r;
    r.id = {"iss|alice", "1", "POST", "/api/subscription/voucherRecharge", std::move(key)};
    r.fingerprint = RequestFingerprint(body);
    return r;
  }
  // An effect that inserts one marker row (the "money movement") and answers 200 {"n":N}.
  TxEffect Effect(int n) {
    return [this, n](Tx& tx) -> asio::awaitable<Result<HttpOutcome>> {
      ++runs_;
      std::string at = "2026-01-01T00:00:00.000Z";
      storage::Params params = storage::MakeParams(at, std::string("effect") + std::to_string(n));
      auto done = co_await tx.Exec(
          "INSERT INTO audit_log (at, actor, action, entity_type, entity_id) "
          "VALUES ($1, 'test', 'effect', 'x', $2)",
          std::move(params));
      if (!done) co_return done.error();
      co_return HttpOutcome{200, "{\"n\":" + std::to_string(n) + "}", false, std::nullopt};
    };
  }
  Result<HttpOutcome> Run(std::optional<IdempotencyRequest> r, TxEffect effect) {
    return storage::RunSync(RunIdempotent(*db_, clock_, std::move(r), std::move(effect)));
  }
  int64_t Effects() { return Count("SELECT COUNT(*) FROM audit_log WHERE action = 'effect'"); }
  int runs_ = 0;
};

TEST_F(BssIdempotencyTest, FirstOutcomeIsStoredAndReplayed) {
  auto first = Run(Request("k1", R"({"a":1})"), Effect(1));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->replayed);
  EXPECT_EQ(first->body, R"({"n":1})");
  // Same key, same body (other whitespace): replay without running the effect again.
  auto again = Run(Request("k1", R"({ "a" : 1 })"), Effect(2));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, R"({"n":1})");
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(Effects(), 1);
}

TEST_F(BssIdempotencyTest, SameKeyOtherBodyIsAConflict) {
  ASSERT_TRUE(Run(Request("k1", R"({"a":1})"), Effect(1)).ok());
  auto other = Run(Request("k1", R"({"a":2})"), Effect(2));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().api_code, "ERCRT1009");
  EXPECT_EQ(Effects(), 1);
}

TEST_F(BssIdempotencyTest, KeysAreScopedByPrincipalSpidAndPath) {
  ASSERT_TRUE(Run(Request("k1", "{}"), Effect(1)).ok());
  IdempotencyRequest other_principal = Request("k1", "{}");
  other_principal.id.principal = "iss|bob";
  IdempotencyRequest other_spid = Request("k1", "{}");
  other_spid.id.spid = "2";
  IdempotencyRequest other_path = Request("k1", "{}");
  other_path.id.path = "/api/subscription/adjustment";
  for (auto& r : {other_principal, other_spid, other_path}) {
    auto out = Run(r, Effect(2));
    ASSERT_TRUE(out.ok());
    EXPECT_FALSE(out->replayed);
  }
  EXPECT_EQ(Effects(), 4);
}

TEST_F(BssIdempotencyTest, RecordsExpireAfter24Hours) {
  ASSERT_TRUE(Run(Request("k1", "{}"), Effect(1)).ok());
  clock_.Advance(std::chrono::hours(23));
  EXPECT_TRUE(Run(Request("k1", "{}"), Effect(2))->replayed);
  clock_.Advance(std::chrono::hours(2));
  auto fresh = Run(Request("k1", "{\"x\":1}"), Effect(3));
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->replayed);
  EXPECT_EQ(fresh->body, R"({"n":3})");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_idempotency_keys"), 1);
}

TEST_F(BssIdempotencyTest, AFailedEffectStoresNothing) {
  TxEffect failing = [this](Tx& tx) -> asio::awaitable<Result<HttpOutcome>> {
    TxEffect inner = Effect(1);
    auto wrote = co_await inner(tx);  // writes, then the transaction rolls back
    EXPECT_TRUE(wrote.ok());
    co_return MakeError(ErrorCode::kConflict, "refused", "ERCRT1005");
  };
  auto out = Run(Request("k1", "{}"), failing);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().api_code, "ERCRT1005");
  EXPECT_EQ(Effects(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_idempotency_keys"), 0);
  // A retry with the same key runs afresh.
  auto retry = Run(Request("k1", "{}"), Effect(2));
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->replayed);
}

TEST_F(BssIdempotencyTest, SecretsAreRedactedInTheStoredOutcome) {
  TxEffect secret = [](Tx&) -> asio::awaitable<Result<HttpOutcome>> {
    co_return HttpOutcome{201, R"({"voucherNumber":"7401234567890123"})", false,
                          std::string(R"({"voucherNumber":"************0123"})")};
  };
  auto first = Run(Request("k1", "{}"), secret);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->body, R"({"voucherNumber":"7401234567890123"})");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_idempotency_keys WHERE body LIKE '%7401234567890123%'"),
            0);
  auto replay = Run(Request("k1", "{}"), secret);
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->status, 201);
  EXPECT_EQ(replay->body, R"({"voucherNumber":"************0123"})");
}

TEST_F(BssIdempotencyTest, WithoutAKeyTheEffectAlwaysRuns) {
  ASSERT_TRUE(Run(std::nullopt, Effect(1)).ok());
  ASSERT_TRUE(Run(std::nullopt, Effect(2)).ok());
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_idempotency_keys"), 0);
}

TEST(BssIdempotencyKeyTest, KeyFormat) {
  EXPECT_TRUE(ValidateIdempotencyKey("abc-123_XYZ").ok());
  EXPECT_TRUE(ValidateIdempotencyKey(std::string(128, 'k')).ok());
  EXPECT_FALSE(ValidateIdempotencyKey("").ok());
  EXPECT_FALSE(ValidateIdempotencyKey(std::string(129, 'k')).ok());
  EXPECT_FALSE(ValidateIdempotencyKey("has space").ok());
  EXPECT_FALSE(ValidateIdempotencyKey("tab\t").ok());
  EXPECT_EQ(RequestFingerprint(R"({"a": 1})"), RequestFingerprint(R"({"a":1})"));
  EXPECT_NE(RequestFingerprint(R"({"a":1})"), RequestFingerprint(R"({"a":2})"));
  EXPECT_NE(RequestFingerprint("not json"), RequestFingerprint("not  json"));
}

}  // namespace
}  // namespace ispcloud::domain::bss
