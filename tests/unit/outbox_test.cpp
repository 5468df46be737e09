// The event hub and transactional outbox against a real SQLite database: subscriptions, fan-out
// per topic and tenant, hub queries, delivery with a scripted HTTP client, retries with
// back-off, giving up, and the metrics (domain/events).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/events/event_publisher.h"
#include "domain/events/hub_service.h"
#include "domain/events/outbox_dispatcher.h"
#include "http/client/fake_http_client.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::domain::events {
namespace {

using namespace std::chrono_literals;
using storage::RunSync;
using storage::test_support::ScalarInt;

constexpr std::string_view kTopic = "tmf629.customer";

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::test_support::OpenTestDatabase(dir_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    hub_ = std::make_unique<HubService>(*db_, clock_, ids_);
    OutboxDispatcherOptions options;
    options.max_attempts = 3;
    dispatcher_ = std::make_unique<OutboxDispatcher>(*db_, http_, clock_, options);
  }

  std::string Subscribe(const std::string& tenant, const std::string& callback,
                        const std::string& query = "") {
    SubscribeInput in{std::string(kTopic), tenant, callback, query, {}};
    auto s = RunSync(hub_->Subscribe(actor_, std::move(in)));
    EXPECT_TRUE(s.ok()) << (s ? "" : s.error().message);
    return s ? s->id : "";
  }

  // Publishes an event; `keep` keeps it even when no subscription selects it.
  std::string Publish(const std::string& tenant, const std::string& type, bool keep = false) {
    std::string id;
    Status st = RunSync(db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
      EventDraft draft{std::string(kTopic),
                       tenant,
                       type,
                       "/listener/x",
                       boost::json::object{{"event", boost::json::object{{"id", "c1"}}}},
                       "",
                       keep};
      auto published = co_await PublishEvent(tx, clock_, ids_, std::move(draft));
      if (!published) co_return published.error();
      id = *published;
      co_return Ok();
    }));
    EXPECT_TRUE(st.ok());
    return id;
  }

  int64_t Pending() {
    return ScalarInt(*db_,
                     "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL AND "
                     "failed_at IS NULL");
  }

  static http::OutgoingResponse Answer(int code) {
    http::OutgoingResponse r;
    r.status = code;
    return r;
  }

  storage::test_support::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1'800'000'000))};
  SeededRandom random_{7};
  ObjectIdGenerator ids_{clock_, random_};
  Actor actor_{"test", "", ""};
  http::FakeHttpClient http_;
  std::unique_ptr<HubService> hub_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

TEST(HubQueryTest, SelectsByEventType) {
  EXPECT_TRUE(HubQuerySelects("", "CustomerCreateEvent"));
  EXPECT_TRUE(HubQuerySelects("eventType=CustomerCreateEvent", "CustomerCreateEvent"));
  EXPECT_FALSE(HubQuerySelects("eventType=CustomerDeleteEvent", "CustomerCreateEvent"));
  EXPECT_TRUE(HubQuerySelects("eventType = A, CustomerCreateEvent", "CustomerCreateEvent"));
  EXPECT_TRUE(HubQuerySelects("eventType.in=A,B", "B"));
  EXPECT_TRUE(HubQuerySelects("event.customer.status=Active", "CustomerCreateEvent"));
  EXPECT_FALSE(HubQuerySelects("x=1&eventType=A", "B"));
}

TEST(RetryDelayTest, DoublesUpToTheCap) {
  OutboxDispatcherOptions o;
  o.first_retry = 1000ms;
  o.max_retry = 5000ms;
  EXPECT_EQ(OutboxDispatcher::RetryDelay(1, o), 1000ms);
  EXPECT_EQ(OutboxDispatcher::RetryDelay(2, o), 2000ms);
  EXPECT_EQ(OutboxDispatcher::RetryDelay(3, o), 4000ms);
  EXPECT_EQ(OutboxDispatcher::RetryDelay(4, o), 5000ms);
  EXPECT_EQ(OutboxDispatcher::RetryDelay(60, o), 5000ms);
}

TEST_F(OutboxTest, SubscriptionValidation) {
  SubscribeInput missing{std::string(kTopic), "1", std::nullopt, std::nullopt, {}};
  auto r = RunSync(hub_->Subscribe(actor_, std::move(missing)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "callback");
  for (const char* bad :
       {"ftp://x/y", "http://", "http:///path", "listener", "http://a b/", "http://host/x#frag"}) {
    SubscribeInput in{std::string(kTopic), "1", std::string(bad), std::nullopt, {}};
    EXPECT_FALSE(RunSync(hub_->Subscribe(actor_, std::move(in))).ok()) << bad;
  }
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM hub_subscriptions"), 0);
}

TEST_F(OutboxTest, EventReachesOnlyItsTenantsMatchingSubscribers) {
  Subscribe("1", "http://127.0.0.1:9/a");
  Subscribe("1", "http://127.0.0.1:9/b", "eventType=CustomerDeleteEvent");
  Subscribe("2", "http://127.0.0.1:9/c");
  http_.Respond("http://127.0.0.1:9/a/listener/x", Answer(201));
  std::string event_id = Publish("1", "CustomerCreateEvent");
  EXPECT_EQ(Pending(), 1);

  auto round = RunSync(dispatcher_->RunOnce());
  ASSERT_TRUE(round.ok()) << round.error().message;
  EXPECT_EQ(*round, 1);
  EXPECT_EQ(Pending(), 0);
  auto sent = http_.requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:9/a/listener/x");
  auto body = boost::json::parse(sent[0].body).as_object();
  EXPECT_EQ(body.at("eventId").as_string(), event_id);
  EXPECT_EQ(body.at("eventType").as_string(), "CustomerCreateEvent");
  EXPECT_EQ(body.at("event").at("id").as_string(), "c1");
  EXPECT_FALSE(body.at("eventTime").as_string().empty());

  // Nothing is due any more.
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 0);
}

TEST_F(OutboxTest, FailedDeliveryIsRetriedWithBackOffThenGivenUp) {
  Subscribe("1", "http://127.0.0.1:9/a");
  const std::string url = "http://127.0.0.1:9/a/listener/x";
  http_.Respond(url, Answer(500));
  Publish("1", "CustomerCreateEvent");

  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 1);  // attempt 1 fails
  EXPECT_EQ(Pending(), 1);
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 0);  // not due before the back-off
  clock_.Advance(1100ms);
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 1);  // attempt 2 fails
  clock_.Advance(1100ms);
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 0);  // second back-off is 2 s
  clock_.Advance(1000ms);
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 1);  // attempt 3 fails: max_attempts reached
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM outbox_deliveries WHERE failed_at IS NOT NULL"),
            1);
  EXPECT_EQ(ScalarInt(*db_, "SELECT attempts FROM outbox_deliveries"), 3);
  EXPECT_EQ(http_.CallCount(url), 3);

  std::string metrics;
  dispatcher_->RenderMetrics(metrics);
  EXPECT_NE(metrics.find("ispcloud_outbox_failed_attempts_total 3"), std::string::npos);
  EXPECT_NE(metrics.find("ispcloud_outbox_given_up_total 1"), std::string::npos);
}

TEST_F(OutboxTest, UnreachableSubscriberDoesNotBlockOthers) {
  Subscribe("1", "http://127.0.0.1:9/down");
  Subscribe("1", "http://127.0.0.1:9/up");
  http_.Fail("http://127.0.0.1:9/down/listener/x",
             MakeError(ErrorCode::kUnavailable, "connection refused"));
  http_.Respond("http://127.0.0.1:9/up/listener/x", Answer(204));
  Publish("1", "CustomerCreateEvent");
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 2);
  EXPECT_EQ(
      ScalarInt(*db_, "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NOT NULL"), 1);
  EXPECT_EQ(Pending(), 1);
}

TEST_F(OutboxTest, UnsubscribeStopsPendingDeliveriesAndIsTenantScoped) {
  std::string id = Subscribe("1", "http://127.0.0.1:9/a");
  Publish("1", "CustomerCreateEvent");
  auto foreign = RunSync(hub_->Unsubscribe(actor_, std::string(kTopic), "2", id));
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  auto other_topic = RunSync(hub_->Unsubscribe(actor_, "tmf632.individual", "1", id));
  EXPECT_EQ(other_topic.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(RunSync(hub_->Unsubscribe(actor_, std::string(kTopic), "1", id)).ok());
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 0);
  EXPECT_FALSE(RunSync(hub_->Unsubscribe(actor_, std::string(kTopic), "1", id)).ok());
}

TEST_F(OutboxTest, ALeasedDeliveryIsNotClaimedTwiceUntilTheLeaseEnds) {
  Subscribe("1", "http://127.0.0.1:9/a");
  Publish("1", "CustomerCreateEvent");
  // Simulate a dispatcher that claimed the delivery and crashed before recording the outcome.
  const std::string now = FormatIso8601Millis(clock_.Now());
  const std::string lease = FormatIso8601Millis(clock_.Now() + 60s);
  auto claimed = RunSync([&]() -> asio::awaitable<Result<int>> {
    int n = 0;
    Status st = co_await db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
      auto due = co_await storage::events::ClaimDueDeliveries(tx, now, lease, 10);
      if (!due) co_return due.error();
      n = static_cast<int>(due->size());
      co_return Ok();
    });
    if (!st) co_return st.error();
    co_return n;
  }());
  ASSERT_EQ(*claimed, 1);
  http_.Respond("http://127.0.0.1:9/a/listener/x", Answer(200));
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 0);  // leased elsewhere
  clock_.Advance(61s);
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 1);  // lease over: delivered (at least once)
  EXPECT_EQ(Pending(), 0);
}

TEST_F(OutboxTest, PruningForgetsOnlyOldEventsWithNothingPending) {
  Subscribe("1", "http://127.0.0.1:9/a");
  http_.Respond("http://127.0.0.1:9/a/listener/x", Answer(200));  // then 503 for good
  http_.Respond("http://127.0.0.1:9/a/listener/x", Answer(503));
  const std::string delivered = Publish("1", "CustomerCreateEvent");
  const std::string unsubscribed = Publish("2", "CustomerCreateEvent", true);  // nobody listens
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 1);
  const std::string pending = Publish("1", "CustomerDeleteEvent");
  EXPECT_EQ(*RunSync(dispatcher_->RunOnce()), 1);    // fails: retry pending
  EXPECT_EQ(*RunSync(dispatcher_->PruneOnce()), 0);  // nothing is old yet

  clock_.Advance(73h);  // past the default retention of 72 h
  const std::string recent = Publish("2", "CustomerCreateEvent", true);
  EXPECT_EQ(*RunSync(dispatcher_->PruneOnce()), 2);
  auto remaining = [&](const std::string& id) {
    return ScalarInt(*db_, "SELECT count(*) FROM outbox_events WHERE id = '" + id + "'");
  };
  EXPECT_EQ(remaining(delivered), 0);
  EXPECT_EQ(remaining(unsubscribed), 0);
  EXPECT_EQ(remaining(pending), 1);  // still owed to its subscriber
  EXPECT_EQ(remaining(recent), 1);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM outbox_deliveries"), 1);
  EXPECT_EQ(Pending(), 1);
}

TEST_F(OutboxTest, EventsNoSubscriptionSelectsAreNotWrittenUnlessKept) {
  Subscribe("1", "http://127.0.0.1:9/a", "eventType=CustomerDeleteEvent");
  EXPECT_EQ(Publish("2", "CustomerCreateEvent"), "");  // no subscriber for the tenant
  EXPECT_EQ(Publish("1", "CustomerCreateEvent"), "");  // its query does not select it
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM outbox_events"), 0);
  EXPECT_NE(Publish("1", "CustomerDeleteEvent"), "");
  EXPECT_NE(Publish("2", "CustomerCreateEvent", true), "");
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM outbox_events"), 2);
  EXPECT_EQ(Pending(), 1);
}

TEST_F(OutboxTest, ErasingASubjectRemovesItsEventsAndDeliveries) {
  Subscribe("1", "http://127.0.0.1:9/a");
  auto publish_about = [&](const std::string& type, const std::string& subject) {
    Status st = RunSync(db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
      EventDraft draft{std::string(kTopic), "1", type, "/listener/x", {}, subject};
      auto published = co_await PublishEvent(tx, clock_, ids_, std::move(draft));
      if (!published) co_return published.error();
      co_return Ok();
    }));
    ASSERT_TRUE(st.ok());
  };
  publish_about("Secret", "c1");
  publish_about("Secret", "c2");
  publish_about("Other", "c1");
  auto erased = RunSync(db_->Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto n = co_await storage::events::EraseSubjectEvents(tx, kTopic, "1", "Secret", "c1");
    if (!n) co_return n.error();
    EXPECT_EQ(*n, 1);
    co_return Ok();
  }));
  ASSERT_TRUE(erased.ok());
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM outbox_events WHERE subject = 'c1'"), 1);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM outbox_events WHERE subject = 'c2'"), 1);
  EXPECT_EQ(Pending(), 2);
}

}  // namespace
}  // namespace ispcloud::domain::events
