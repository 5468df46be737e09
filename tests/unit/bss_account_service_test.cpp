// BillingAccountService against SQLite: audit records and outbox events of each change, the
// delete guard of TMF parties, and the subscription resolver.

#include <boost/json/parse.hpp>

#include "bss_fixture.h"
#include "domain/bss/billing_account_service.h"
#include "domain/bss/subscription_resolver.h"
#include "domain/tmf/resource_service.h"
#include "storage/events/outbox_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

class BssAccountServiceTest : public test_support::BssTest {
 protected:
  void SetUp() override {
    BssTest::SetUp();
    parties_ = std::make_unique<tmf::ResourceService>(*db_, clock_, ids_);
    events_ =
        std::make_unique<BssEventPublisher>(clock_, ids_, [] { return std::string("http://h"); });
    accounts_ = std::make_unique<BillingAccountService>(*db_, clock_, *parties_, *events_);
    parties_->SetDeleteGuard([this](storage::Tx& tx, const tmf::Target& t, const std::string& id) {
      return accounts_->CheckPartyDeletable(tx, t, id);
    });
    ctx_.actor = Actor{"user:alice", "req-1", "1"};
    ctx_.provider = sp1_;
    ctx_.agent = "alice";
    ctx_.correlation_id = "TRX-1";
  }

  std::string NewCustomer() {
    const tmf::Target person{"1", tmf::ResourceKind::kIndividual, tmf::ApiVersion::kV4, true};
    auto individual = storage::RunSync(
        parties_->Create(ctx_.actor, person, json::parse(R"({"givenName":"A","familyName":"B"})")));
    EXPECT_TRUE(individual.ok());
    individual_ = std::string(individual->at("id").as_string());
    const tmf::Target customer{"1", tmf::ResourceKind::kCustomer, tmf::ApiVersion::kV4, true};
    json::value body = json::object{
        {"name", "A B"},
        {"engagedParty", json::object{{"id", individual_}, {"@referredType", "Individual"}}}};
    auto created = storage::RunSync(parties_->Create(ctx_.actor, customer, body));
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? std::string(created->at("id").as_string()) : std::string();
  }

  int64_t Count(const std::string& sql) { return storage::test_support::ScalarInt(*db_, sql); }

  std::unique_ptr<tmf::ResourceService> parties_;
  std::unique_ptr<BssEventPublisher> events_;
  std::unique_ptr<BillingAccountService> accounts_;
  BssContext ctx_;
  std::string individual_;
};

TEST_F(BssAccountServiceTest, ChangesWriteAuditAndEvents) {
  // Events are written only when a subscription of their topic and SPID selects them.
  const storage::events::HubSubscription listener{
      "s1", std::string(kBssHubTopic), "1", "http://127.0.0.1:9/x", "", "2026-01-01"};
  ASSERT_TRUE(storage::RunSync(db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
                co_return co_await storage::events::InsertSubscription(tx, listener);
              })).ok());
  const std::string customer = NewCustomer();
  json::value body = json::object{
      {"relatedParty", json::array{json::object{{"id", customer}, {"role", "Customer"}}}}};
  auto created = storage::RunSync(accounts_->Create(ctx_, body));
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string id = std::string(created->at("id").as_string());
  EXPECT_EQ(id, "3001");
  EXPECT_EQ(created->at("externalID").as_string(), "100000001");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'billingAccount.create' AND "
                  "actor = 'user:alice' AND request_id = 'req-1'"),
            1);
  auto rows = storage::test_support::QueryRead(
      *db_, "SELECT payload FROM outbox_events WHERE event_type = 'BillingAccountCreateEvent'");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  auto payload = json::parse(rows->rows[0].Text(0));
  EXPECT_EQ(payload.at("correlationId").as_string(), "TRX-1");
  EXPECT_EQ(payload.at("spid").as_int64(), 1);
  EXPECT_EQ(payload.at("event").at("billingAccount").at("href").as_string(),
            "http://h/api/billingAccount/3001");

  auto patched =
      storage::RunSync(accounts_->Patch(ctx_, id, json::parse(R"({"state":"Suspended"})")));
  ASSERT_TRUE(patched.ok()) << patched.error().message;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox_events WHERE event_type IN "
                  "('BillingAccountAttributeValueChangeEvent', 'BillingAccountStateChangeEvent')"),
            2);
  // A patch that changes nothing writes nothing.
  auto same = storage::RunSync(accounts_->Patch(ctx_, id, json::parse(R"({"state":"Suspended"})")));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'billingAccount.update'"), 1);

  // The customer and its individual cannot go while the account exists.
  const tmf::Target customers{"1", tmf::ResourceKind::kCustomer, tmf::ApiVersion::kV4, true};
  Status blocked = storage::RunSync(parties_->Delete(ctx_.actor, customers, customer));
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().api_code, "ERCRT1008");
  const tmf::Target people{"1", tmf::ResourceKind::kIndividual, tmf::ApiVersion::kV4, true};
  EXPECT_FALSE(storage::RunSync(parties_->Delete(ctx_.actor, people, individual_)).ok());
  ASSERT_TRUE(storage::RunSync(accounts_->Delete(ctx_, "100000001")).ok());
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'BillingAccountDeleteEvent'"),
      1);
  EXPECT_TRUE(storage::RunSync(parties_->Delete(ctx_.actor, customers, customer)).ok());
}

TEST_F(BssAccountServiceTest, RefusedChangesLeaveNothing) {
  const std::string customer = NewCustomer();
  json::value limited = json::object{
      {"relatedParty", json::array{json::object{{"id", customer}, {"role", "Customer"}}}},
      {"creditLimit", json::object{{"unit", "USD"}, {"value", 5}}}};
  auth::Principal no_attributes;
  ctx_.principal = &no_attributes;
  auto refused = storage::RunSync(accounts_->Create(ctx_, limited));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bss_billing_accounts"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox_events WHERE event_type LIKE 'BillingAccount%'"), 0);
  ctx_.principal = nullptr;  // operator: no gate
  EXPECT_TRUE(storage::RunSync(accounts_->Create(ctx_, limited)).ok());
}

TEST_F(BssAccountServiceTest, ResolverAddressesBySubIdOrNumber) {
  const std::string sub = AddLine(1, "100000009", "15550100009");
  auto resolve = [&](SubscriptionRef ref, int64_t spid = 1) {
    std::optional<Result<storage::bss::SubscriptionRow>> out;
    Status st = storage::RunSync(db_->Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
      out.emplace(co_await ResolveSubscription(tx, spid, ref));
      co_return Ok();
    }));
    EXPECT_TRUE(st.ok());
    return std::move(*out);
  };
  EXPECT_EQ(resolve(SubscriptionRef::FromKey(sub))->id, sub);
  EXPECT_EQ(resolve(SubscriptionRef::FromKey("15550100009"))->id, sub);
  EXPECT_EQ(resolve(SubscriptionRef{std::nullopt, "15550100009"})->id, sub);
  EXPECT_EQ(resolve(SubscriptionRef{sub, "15550100009"})->id, sub);
  EXPECT_EQ(resolve(SubscriptionRef{sub, "15550100008"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(resolve(SubscriptionRef{}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(resolve(SubscriptionRef::FromKey("x_y")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(resolve(SubscriptionRef::FromKey(sub), 2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(resolve(SubscriptionRef::FromKey("15550100009"), 2).error().code, ErrorCode::kNotFound);
  auto from_json = SubscriptionRefFromJson(json::parse(R"({"msisdn":"15550100009"})").as_object());
  ASSERT_TRUE(from_json.ok());
  EXPECT_EQ(resolve(*from_json)->id, sub);
  EXPECT_FALSE(SubscriptionRefFromJson(json::parse(R"({"subscriptionId":5})").as_object()).ok());
  auto from_query = SubscriptionRefFromQuery("identifier=100000009-1&spid=1");
  ASSERT_TRUE(from_query.ok());
  EXPECT_EQ(*from_query->subscription_id, "100000009-1");
}

}  // namespace
}  // namespace ispcloud::domain::bss
