// Repositories of adjustments (with their append-only history) and notes (migration 0014).

#include "bss_money_fixture.h"
#include "storage/bss/adjustment_repository.h"
#include "storage/bss/note_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace repo = storage::bss;

class BssMoneyStorageTest : public test_support::BssMoneyTest {
 protected:
  // Runs `fn(tx)` in a write transaction; returns its status.
  template <typename Fn>
  Status Write(Fn fn) {
    return storage::RunSync(
        db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> { co_return co_await fn(tx); }));
  }
  Adjustment Sample(std::string created_at, std::string sub = "100000001-1") {
    Adjustment a;
    a.spid = "1";
    a.subscription_id = std::move(sub);
    a.account_id = "100000001";
    a.mobile_number = "15550100001";
    a.type = {21000, "Goodwill credit", "Goodwill", 20000, "Credits", std::nullopt, false};
    a.amount = 600000;
    a.currency = "USD";
    a.reason_code = 22;
    a.notes = "outage";
    a.created_by = "csr.alice";
    a.created_by_subject = "iss|alice";
    a.created_at = created_at;
    a.updated_at = created_at;
    a.history.push_back({"CREATED", created_at, "csr.alice", std::nullopt});
    return a;
  }
  Result<std::optional<Adjustment>> Find(std::string id) {
    std::optional<Result<std::optional<Adjustment>>> out;
    Status st = storage::RunSync(db_->Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
      out.emplace(co_await repo::FindAdjustment(tx, "1", id));
      co_return Ok();
    }));
    EXPECT_TRUE(st.ok());
    return std::move(*out);
  }
};

TEST_F(BssMoneyStorageTest, AdjustmentRoundTripAndHistoryAppends) {
  Adjustment a = Sample("2026-11-23T10:00:00.000Z");
  ASSERT_TRUE(Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
                auto id = co_await repo::NextAdjustmentId(tx);
                if (!id) co_return id.error();
                a.id = *id;
                EXPECT_TRUE(Transition(a, AdjustmentStatus::kPendingApproval, "csr.alice",
                                       "2026-11-23T10:00:00.000Z")
                                .ok());
                co_return co_await repo::InsertAdjustment(tx, a);
              }).ok());
  EXPECT_EQ(a.id, "5001");
  auto found = Find("5001");
  ASSERT_TRUE(found.ok() && found->has_value());
  const Adjustment& f = **found;
  EXPECT_EQ(f.status, AdjustmentStatus::kPendingApproval);
  EXPECT_EQ(f.type.name, "Goodwill credit");
  EXPECT_EQ(f.reason_code, 22);
  EXPECT_FALSE(f.bundle_id.has_value());
  ASSERT_EQ(f.history.size(), 2u);
  EXPECT_EQ(f.history[1].status, "PENDING_APPROVAL");

  Adjustment b = f;
  const size_t stored = b.history.size();
  ASSERT_TRUE(RecordDecision(b, {true, "sup.bob", "iss|bob", "ok"}, ApprovalPolicy{},
                             "2026-11-23T11:00:00.000Z")
                  .ok());
  ASSERT_TRUE(RecordApplied(b, {std::string("9000003"), std::nullopt}, "sup.bob",
                            "2026-11-23T11:00:00.000Z")
                  .ok());
  ASSERT_TRUE(Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
                co_return co_await repo::UpdateAdjustment(tx, b, stored);
              }).ok());
  auto after = Find("5001");
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->status, AdjustmentStatus::kCompleted);
  EXPECT_EQ((*after)->approved_by, "sup.bob");
  EXPECT_EQ((*after)->transaction_id, "9000003");
  ASSERT_EQ((*after)->history.size(), 4u);
  EXPECT_EQ((*after)->history[2].comment, "ok");
  EXPECT_EQ((*after)->history[3].status, "COMPLETED");
  EXPECT_FALSE(Find("5002")->has_value());
}

TEST_F(BssMoneyStorageTest, AdjustmentListFiltersAndPages) {
  ASSERT_TRUE(Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
                for (int i = 0; i < 5; ++i) {
                  Adjustment a = Sample("2026-11-2" + std::to_string(i) + "T10:00:00.000Z",
                                        i % 2 == 0 ? "100000001-1" : "100000001-2");
                  auto id = co_await repo::NextAdjustmentId(tx);
                  if (!id) co_return id.error();
                  a.id = *id;
                  a.external_transaction_number = "EXT" + std::to_string(i);
                  if (Status s = co_await repo::InsertAdjustment(tx, a); !s) co_return s;
                }
                co_return Ok();
              }).ok());
  std::optional<repo::AdjustmentPage> all, second, sub2, dated;
  std::optional<std::optional<Adjustment>> by_ext;
  ASSERT_TRUE(storage::RunSync(db_->Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
                repo::AdjustmentFilter f;
                f.spid = "1";
                {
                  auto r = co_await repo::ListAdjustments(tx, f, 0, 100);
                  if (!r) co_return r.error();
                  all = std::move(*r);
                }
                {
                  auto r = co_await repo::ListAdjustments(tx, f, 1, 2);
                  if (!r) co_return r.error();
                  second = std::move(*r);
                }
                repo::AdjustmentFilter s = f;
                s.subscription_id = "100000001-2";
                {
                  auto r = co_await repo::ListAdjustments(tx, s, 0, 100);
                  if (!r) co_return r.error();
                  sub2 = std::move(*r);
                }
                repo::AdjustmentFilter d = f;
                d.from = "2026-11-21T00:00:00.000Z";
                d.to = "2026-11-23T00:00:00.000Z";
                {
                  auto r = co_await repo::ListAdjustments(tx, d, 0, 100);
                  if (!r) co_return r.error();
                  dated = std::move(*r);
                }
                {
                  auto r = co_await repo::FindAdjustmentByExternalNumber(tx, "1", "EXT3");
                  if (!r) co_return r.error();
                  by_ext = std::move(*r);
                }
                co_return Ok();
              })).ok());
  EXPECT_EQ(all->total, 5);
  EXPECT_EQ(all->items.front().id, "5005");  // newest first
  EXPECT_EQ(second->total, 5);
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].id, "5004");
  EXPECT_EQ(sub2->total, 2);
  EXPECT_EQ(dated->total, 2);
  ASSERT_TRUE(by_ext->has_value());
  EXPECT_EQ((*by_ext)->id, "5004");
  // externalTransactionNumber is unique per SPID.
  Adjustment dup = Sample("2026-11-25T10:00:00.000Z");
  dup.id = "6000";
  dup.external_transaction_number = "EXT1";
  Status st = Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    co_return co_await repo::InsertAdjustment(tx, dup);
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
}

TEST_F(BssMoneyStorageTest, NotesAreListedNewestFirstPerAccountAndSubscription) {
  ASSERT_TRUE(Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
                for (int i = 0; i < 3; ++i) {
                  Note n;
                  auto id = co_await repo::NextNoteId(tx);
                  if (!id) co_return id.error();
                  n.id = *id;
                  n.spid = "1";
                  n.account_id = "100000001";
                  if (i > 0) n.subscription_id = "100000001-1";
                  n.note = "note " + std::to_string(i);
                  n.main_type = "Care";
                  n.sub_type = "Call";
                  n.created_by = "csr.alice";
                  n.created_at = "2026-11-23T10:00:0" + std::to_string(i) + ".000Z";
                  if (Status s = co_await repo::InsertNote(tx, n); !s) co_return s;
                }
                co_return Ok();
              }).ok());
  std::optional<repo::NotePage> account_only, account_all, sub, other;
  ASSERT_TRUE(storage::RunSync(db_->Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
                {
                  auto r = co_await repo::ListAccountNotes(tx, "1", "100000001", false, 0, 10);
                  if (!r) co_return r.error();
                  account_only = std::move(*r);
                }
                {
                  auto r = co_await repo::ListAccountNotes(tx, "1", "100000001", true, 0, 10);
                  if (!r) co_return r.error();
                  account_all = std::move(*r);
                }
                {
                  auto r = co_await repo::ListSubscriptionNotes(tx, "1", "100000001-1", 0, 1);
                  if (!r) co_return r.error();
                  sub = std::move(*r);
                }
                {
                  auto r = co_await repo::ListAccountNotes(tx, "2", "100000001", true, 0, 10);
                  if (!r) co_return r.error();
                  other = std::move(*r);
                }
                co_return Ok();
              })).ok());
  EXPECT_EQ(account_only->total, 1);
  EXPECT_EQ(account_only->items[0].id, "7001");
  EXPECT_EQ(account_all->total, 3);
  EXPECT_EQ(account_all->items[0].note, "note 2");
  EXPECT_EQ(sub->total, 2);
  ASSERT_EQ(sub->items.size(), 1u);
  EXPECT_EQ(sub->items[0].id, "7003");
  EXPECT_EQ(other->total, 0);
}

}  // namespace
}  // namespace ispcloud::domain::bss
