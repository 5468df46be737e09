// End-to-end tests of the TMF event hub (POST/GET/DELETE {api}/hub) and event delivery through
// the outbox to a callback server on loopback: event shapes per version, SPID isolation,
// unsubscribe, retries after failures and delivery after a server restart.

#include <gtest/gtest.h>
#include <signal.h>

#include "callback_server.h"
#include "tmf_support.h"

namespace ispcloud::e2e {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kCustomerV4 = "/tmf-api/customerManagement/v4/customer";
constexpr const char* kHubV4 = "/tmf-api/customerManagement/v4/hub";
constexpr const char* kHubV5 = "/tmf-api/customerManagement/v5/hub";
constexpr const char* kPartyHubV4 = "/tmf-api/party/v4/hub";

class TmfHubTest : public TmfTest {
 protected:
  // Subscribes `callback` on `hub` for the token's SPID; returns the subscription id.
  static std::string Subscribe(const std::string& hub, const std::string& callback,
                               const std::string& token, const std::string& query = "") {
    json::object body{{"callback", callback}};
    if (!query.empty()) body["query"] = query;
    auto res = Post(hub, body, token);
    EXPECT_EQ(res.result_int(), 201u) << res.body();
    auto doc = JsonOf(res).as_object();
    std::string id = S(doc.at("id"));
    EXPECT_EQ(std::string(res["Location"]), BaseUrl() + hub + "/" + id);
    EXPECT_EQ(S(doc.at("callback")), callback);
    return id;
  }

  static std::string NewCustomer(const std::string& name, const std::string& token) {
    json::object body{
        {"name", name},
        {"engagedParty", json::object{{"id", "p-1"}, {"@referredType", "Individual"}}}};
    auto created = Create(kCustomerV4, body, token);
    return S(created.at("id"));
  }

  CallbackServer receiver_;
};

TEST_F(TmfHubTest, CreateAndChangeEventsReachTheSubscriberInEachVersionsShape) {
  Subscribe(kHubV4, receiver_.Url("/v4"), Alice());
  Subscribe(kHubV5, receiver_.Url("/v5"), Alice());
  std::string id = NewCustomer("Hub Customer", Alice());

  ASSERT_TRUE(receiver_.WaitFor("/v4/listener/customerCreateEvent", id, 15s));
  ASSERT_TRUE(receiver_.WaitFor("/v5/listener/customerCreateEvent", id, 15s));
  for (const ReceivedCall& call : receiver_.Calls()) {
    auto event = json::parse(call.body).as_object();
    EXPECT_EQ(S(event.at("eventType")), "CustomerCreateEvent");
    EXPECT_FALSE(S(event.at("eventId")).empty());
    EXPECT_FALSE(S(event.at("eventTime")).empty());
    auto customer = event.at("event").at("customer").as_object();
    EXPECT_EQ(S(customer.at("id")), id);
    EXPECT_EQ(S(customer.at("name")), "Hub Customer");
    const bool v5 = call.path.rfind("/v5", 0) == 0;
    EXPECT_EQ(S(customer.at("href")), BaseUrl() +
                                          (v5 ? "/tmf-api/customerManagement/v5/customer/"
                                              : "/tmf-api/customerManagement/v4/customer/") +
                                          id);
    EXPECT_EQ(event.contains("@type"), v5);
  }

  auto patched = Patch(std::string(kCustomerV4) + "/" + id, J(R"({"status":"Inactive"})"), Alice());
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  EXPECT_TRUE(receiver_.WaitFor("/v4/listener/customerStateChangeEvent", id, 15s));
  EXPECT_TRUE(receiver_.WaitFor("/v4/listener/customerAttributeValueChangeEvent", id, 15s));
  ASSERT_EQ(Delete(std::string(kCustomerV4) + "/" + id, Alice()).result_int(), 204u);
  EXPECT_TRUE(receiver_.WaitFor("/v4/listener/customerDeleteEvent", id, 15s));
}

TEST_F(TmfHubTest, SubscribersSeeOnlyTheirSpidAndTheirApi) {
  Subscribe(kHubV4, receiver_.Url("/bob"), Bob());
  Subscribe(kPartyHubV4, receiver_.Url("/party"), Alice());
  Subscribe(kHubV4, receiver_.Url("/alice"), Alice());
  std::string alices = NewCustomer("Alice's", Alice());
  std::string bobs = NewCustomer("Bob's", Bob());
  ASSERT_TRUE(receiver_.WaitFor("/alice/", alices, 15s));
  ASSERT_TRUE(receiver_.WaitFor("/bob/", bobs, 15s));
  for (const ReceivedCall& call : receiver_.Calls()) {
    EXPECT_NE(call.path.rfind("/party", 0), 0u) << "customer event on the party hub";
    if (call.path.rfind("/bob", 0) == 0) {
      EXPECT_EQ(call.body.find(alices), std::string::npos);
    }
    if (call.path.rfind("/alice", 0) == 0) {
      EXPECT_EQ(call.body.find(bobs), std::string::npos);
    }
  }
}

TEST_F(TmfHubTest, EventTypeQueryAndUnsubscribeLimitDeliveries) {
  std::string gone = Subscribe(kHubV4, receiver_.Url("/gone"), Alice());
  Subscribe(kHubV4, receiver_.Url("/deletes"), Alice(), "eventType=CustomerDeleteEvent");
  Subscribe(kHubV4, receiver_.Url("/all"), Alice());
  ASSERT_EQ(Delete(std::string(kHubV4) + "/" + gone, Alice()).result_int(), 204u);
  EXPECT_EQ(Delete(std::string(kHubV4) + "/" + gone, Alice()).result_int(), 404u);

  std::string id = NewCustomer("Filtered", Alice());
  ASSERT_EQ(Delete(std::string(kCustomerV4) + "/" + id, Alice()).result_int(), 204u);
  ASSERT_TRUE(receiver_.WaitFor("/all/listener/customerDeleteEvent", id, 15s));
  ASSERT_TRUE(receiver_.WaitFor("/deletes/listener/customerDeleteEvent", id, 15s));
  for (const ReceivedCall& call : receiver_.Calls()) {
    EXPECT_NE(call.path.rfind("/gone", 0), 0u);
    if (call.path.rfind("/deletes", 0) == 0) {
      EXPECT_EQ(call.path, "/deletes/listener/customerDeleteEvent");
    }
  }
}

TEST_F(TmfHubTest, SubscriptionRequestsAreValidatedAndTenantScoped) {
  ExpectError(Post(kHubV4, J(R"({"query":"x"})"), Alice()), 400, "ERCRT1001");
  auto bad_url =
      ExpectError(Post(kHubV4, J(R"({"callback":"ftp://x"})"), Alice()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad_url, "callback"));
  auto wrong_type = ExpectError(Post(kHubV4, J(R"({"callback":42})"), Alice()), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(wrong_type, "callback"));
  EXPECT_EQ(Call(beast_http::verb::post, kHubV4, Alice(), "", "{oops").result_int(), 400u);
  EXPECT_EQ(Post(kHubV4, J(R"({"callback":"http://127.0.0.1:9/x"})"), "").result_int(), 401u);

  std::string id = Subscribe(kHubV4, receiver_.Url("/x"), Alice());
  auto got = Get(std::string(kHubV4) + "/" + id, Alice());
  ASSERT_EQ(got.result_int(), 200u);
  EXPECT_EQ(S(JsonOf(got).at("id")), id);
  EXPECT_EQ(Get(std::string(kHubV4) + "/" + id, Bob()).result_int(), 404u);
  EXPECT_EQ(Delete(std::string(kHubV4) + "/" + id, Bob()).result_int(), 404u);
  EXPECT_EQ(Get(std::string(kHubV5) + "/" + id, Alice()).result_int(), 404u);  // other topic
}

TEST_F(TmfHubTest, FailedDeliveriesAreRetriedAndSurviveARestart) {
  receiver_.AnswerWith(500);
  Subscribe(kHubV4, receiver_.Url("/flaky"), Alice());
  std::string id = NewCustomer("Retried", Alice());
  ASSERT_TRUE(receiver_.WaitFor("/flaky/listener/customerCreateEvent", id, 15s));

  // Restart while the delivery is still owed; the receiver recovers meanwhile.
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  const size_t before = receiver_.Calls().size();
  receiver_.AnswerWith(204);
  ASSERT_TRUE(server_->Start(dir_->path()));
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (receiver_.Calls().size() == before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  auto calls = receiver_.Calls();
  ASSERT_GT(calls.size(), before) << "the owed delivery was not retried after the restart";
  EXPECT_NE(calls.back().body.find(id), std::string::npos);

  auto metrics = Call(beast_http::verb::get, "/metrics", "");
  EXPECT_NE(metrics.body().find("ispcloud_outbox_pending_deliveries"), std::string::npos);
}

}  // namespace
}  // namespace ispcloud::e2e
