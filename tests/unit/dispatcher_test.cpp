#include "http/dispatcher.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "api/error_render.h"
#include "storage/run_sync.h"

namespace ispcloud::http {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : clock_(TimePoint(std::chrono::seconds(1700000000))), random_(1), ids_(clock_, random_) {}

  void Build() {
    metrics_ = std::make_unique<HttpMetrics>(router_);
    dispatcher_ = std::make_unique<Dispatcher>(router_, *metrics_, &api::RenderError, ids_,
                                               /*access_log=*/false);
  }
  Response Call(Verb method, std::string target) {
    Request req{method, target, 11};
    return storage::RunSync(dispatcher_->Handle(req, asio::ip::make_address("127.0.0.1")));
  }

  FakeClock clock_;
  SeededRandom random_;
  ObjectIdGenerator ids_;
  Router router_;
  std::unique_ptr<HttpMetrics> metrics_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, BearerRouteFailsClosedWithoutAuthenticator) {
  bool called = false;
  router_.Add(Verb::get, "/tmf-api/party/v4/individual", Access::kBearer,
              [&](RequestContext&) -> asio::awaitable<Response> {
                called = true;
                co_return EmptyResponse(200);
              });
  Build();
  Response res = Call(Verb::get, "/tmf-api/party/v4/individual");
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(res[beast_http::field::www_authenticate], "Bearer");
  EXPECT_FALSE(called);
}

TEST_F(DispatcherTest, HeadResponsesNeverCarryABody) {
  router_.Add(Verb::head, "/api/Customers/{id}", Access::kPublic,
              [](RequestContext&) -> asio::awaitable<Response> {
                co_return JsonResponse(200, boost::json::object{{"id", "x"}});
              });
  router_.Add(Verb::head, "/api/Partners/{id}", Access::kBearer,
              [](RequestContext&) -> asio::awaitable<Response> { co_return EmptyResponse(200); });
  Build();
  Response ok = Call(Verb::head, "/api/Customers/abc");
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_TRUE(ok.body().empty());
  Response denied = Call(Verb::head, "/api/Partners/abc");  // 401 from the gate
  EXPECT_EQ(denied.result_int(), 401u);
  EXPECT_TRUE(denied.body().empty());
  Response unknown = Call(Verb::head, "/api/Nowhere");
  EXPECT_EQ(unknown.result_int(), 404u);
  EXPECT_TRUE(unknown.body().empty());
  // Other methods keep their bodies.
  EXPECT_FALSE(Call(Verb::get, "/api/Nowhere").body().empty());
}

TEST_F(DispatcherTest, UnencodedBracketsInTheQueryAreAccepted) {
  router_.Add(Verb::get, "/tmf-api/party/v4/individual", Access::kPublic,
              [](RequestContext& ctx) -> asio::awaitable<Response> {
                co_return JsonResponse(200, boost::json::object{{"query", ctx.query}});
              });
  Build();
  Response res = Call(Verb::get, "/tmf-api/party/v4/individual?birthDate[gte]=2026&a>=1");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(boost::json::parse(res.body()).at("query"), "birthDate%5Bgte%5D=2026&a%3E=1");
  // The path stays strict.
  EXPECT_EQ(Call(Verb::get, "/tmf-api/party/v4/[individual]").result_int(), 400u);
}

TEST_F(DispatcherTest, AuthenticatorDecides) {
  router_.Add(Verb::get, "/api/Customers/{id}", Access::kBearer,
              [](RequestContext& ctx) -> asio::awaitable<Response> {
                co_return JsonResponse(200, boost::json::object{{"id", ctx.params.Get("id")}});
              });
  Build();
  dispatcher_->SetAuthenticator([](RequestContext& ctx) -> asio::awaitable<Status> {
    if (ctx.params.Get("id") == "denied") {
      co_return MakeError(ErrorCode::kPermissionDenied, "not yours", "FORBIDDEN");
    }
    co_return Ok();
  });
  Response ok = Call(Verb::get, "/api/customers/abc");
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_EQ(boost::json::parse(ok.body()).at("id"), "abc");
  Response denied = Call(Verb::get, "/api/Customers/denied");
  EXPECT_EQ(denied.result_int(), 403u);
  EXPECT_EQ(boost::json::parse(denied.body()).at("error").at("code"), "FORBIDDEN");
}

TEST_F(DispatcherTest, HandlerExceptionBecomesGeneric500) {
  router_.Add(Verb::get, "/tmf-api/boom", Access::kPublic,
              [](RequestContext&) -> asio::awaitable<Response> {
                throw std::runtime_error("secret detail");
                co_return EmptyResponse(200);
              });
  Build();
  Response res = Call(Verb::get, "/tmf-api/boom");
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(res.body().find("secret detail"), std::string::npos);
  auto body = boost::json::parse(res.body());
  EXPECT_EQ(body.at("code"), "ERCRT1500");
  EXPECT_EQ(body.at("detail"), res["X-Request-Id"]);
}

TEST_F(DispatcherTest, PathParametersArePercentDecodedOnce) {
  router_.Add(Verb::get, "/api/Partners/locations/{keyword}", Access::kPublic,
              [](RequestContext& ctx) -> asio::awaitable<Response> {
                co_return JsonResponse(200, boost::json::object{{"k", ctx.params.Get("keyword")}});
              });
  Build();
  Response res = Call(Verb::get, "/api/Partners/locations/svc%20%2F%2541?x=1");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(boost::json::parse(res.body()).at("k"), "svc /%41");
}

TEST_F(DispatcherTest, PlumeUnsupportedMethodIs404TmfIs405) {
  auto noop = [](RequestContext&) -> asio::awaitable<Response> { co_return EmptyResponse(204); };
  router_.Add(Verb::get, "/api/Customers/{id}", Access::kPublic, noop);
  router_.Add(Verb::get, "/tmf-api/party/v4/individual/{id}", Access::kPublic, noop);
  router_.Add(Verb::patch, "/tmf-api/party/v4/individual/{id}", Access::kPublic, noop);
  Build();
  Response plume = Call(Verb::post, "/api/Customers/x");
  EXPECT_EQ(plume.result_int(), 404u);
  EXPECT_EQ(boost::json::parse(plume.body()).at("error").at("code"), "NOT_FOUND");
  Response tmf = Call(Verb::put, "/tmf-api/party/v4/individual/x");
  EXPECT_EQ(tmf.result_int(), 405u);
  EXPECT_EQ(tmf[beast_http::field::allow], "GET, PATCH");
  EXPECT_EQ(boost::json::parse(tmf.body()).at("code"), "ERCRT1016");
}

TEST_F(DispatcherTest, MetricsCountEveryOutcome) {
  router_.Add(Verb::get, "/healthz", Access::kPublic,
              [](RequestContext&) -> asio::awaitable<Response> { co_return EmptyResponse(200); });
  Build();
  Call(Verb::get, "/healthz");
  Call(Verb::get, "/healthz");
  Call(Verb::get, "/missing");
  std::string out;
  metrics_->Render(out);
  EXPECT_NE(out.find("route=\"/healthz\",method=\"GET\",status=\"200\"} 2"), std::string::npos)
      << out;
  EXPECT_NE(out.find("route=\"unmatched\",method=\"ANY\",status=\"404\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace ispcloud::http
