#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ispcloud::http {
namespace {

Handler Noop() {
  return [](RequestContext&) -> asio::awaitable<Response> { co_return EmptyResponse(204); };
}

std::vector<std::string> Segs(std::initializer_list<const char*> s) {
  return std::vector<std::string>(s.begin(), s.end());
}

TEST(RouterTest, MatchesLiteralAndCapturesParameters) {
  Router r;
  r.Add(Verb::get, "/api/Customers/{customerId}/locations/{locationId}", Access::kBearer, Noop());
  auto m = r.Find(Verb::get, Segs({"api", "Customers", "abc", "locations", "l1"}), false);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.Get("customerId"), "abc");
  EXPECT_EQ(m.params.Get("locationId"), "l1");
  EXPECT_EQ(m.route->family, ApiFamily::kPlume);
}

TEST(RouterTest, PlumeLiteralsAreCaseInsensitiveOthersExact) {
  Router r;
  r.Add(Verb::get, "/api/Customers/{id}", Access::kBearer, Noop());
  r.Add(Verb::get, "/tmf-api/party/v4/individual/{id}", Access::kBearer, Noop());
  EXPECT_NE(r.Find(Verb::get, Segs({"api", "customers", "x"}), false).route, nullptr);
  EXPECT_NE(r.Find(Verb::get, Segs({"API", "CUSTOMERS", "x"}), false).route, nullptr);
  EXPECT_NE(r.Find(Verb::get, Segs({"tmf-api", "party", "v4", "individual", "x"}), false).route,
            nullptr);
  EXPECT_EQ(r.Find(Verb::get, Segs({"tmf-api", "party", "v4", "Individual", "x"}), false).route,
            nullptr);
}

TEST(RouterTest, ParametersKeepTheirCase) {
  Router r;
  r.Add(Verb::get, "/api/Partners/nodes/{nodeId}", Access::kBearer, Noop());
  auto m = r.Find(Verb::get, Segs({"api", "partners", "NODES", "AbC-9"}), false);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.Get("nodeId"), "AbC-9");
}

TEST(RouterTest, LiteralWinsOverParameterAndBacktracks) {
  Router r;
  const Route& reg = r.Add(Verb::post, "/api/Customers/register", Access::kBearer, Noop());
  const Route& get = r.Add(Verb::get, "/api/Customers/{id}", Access::kBearer, Noop());
  EXPECT_EQ(r.Find(Verb::post, Segs({"api", "Customers", "register"}), false).route, &reg);
  // GET on the literal path must fall back to the parameter route, not report 405.
  auto m = r.Find(Verb::get, Segs({"api", "Customers", "register"}), false);
  EXPECT_EQ(m.route, &get);
  EXPECT_EQ(m.params.Get("id"), "register");
}

TEST(RouterTest, ReportsAllowedMethodsWhenOnlyThePathMatches) {
  Router r;
  r.Add(Verb::get, "/tmf-api/customerManagement/v4/customer", Access::kBearer, Noop());
  r.Add(Verb::post, "/tmf-api/customerManagement/v4/customer", Access::kBearer, Noop());
  auto m = r.Find(Verb::put, Segs({"tmf-api", "customerManagement", "v4", "customer"}), false);
  EXPECT_EQ(m.route, nullptr);
  ASSERT_EQ(m.allowed.size(), 2u);
  EXPECT_EQ(m.allowed[0], Verb::get);
  EXPECT_EQ(m.allowed[1], Verb::post);
}

TEST(RouterTest, UnknownPathHasNoAllowedMethods) {
  Router r;
  r.Add(Verb::get, "/healthz", Access::kPublic, Noop());
  auto m = r.Find(Verb::get, Segs({"nope"}), false);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
}

TEST(RouterTest, IntParametersRequireDigits) {
  Router r;
  r.Add(Verb::get, "/api/thing/{n:int}", Access::kBearer, Noop());
  auto ok = r.Find(Verb::get, Segs({"api", "thing", "42"}), false);
  ASSERT_NE(ok.route, nullptr);
  EXPECT_EQ(ok.params.GetInt("n"), 42);
  EXPECT_EQ(r.Find(Verb::get, Segs({"api", "thing", "4x"}), false).route, nullptr);
}

TEST(RouterTest, TrailingSlashOnlyForPlume) {
  Router r;
  r.Add(Verb::get, "/api/Customers/{id}", Access::kBearer, Noop());
  r.Add(Verb::get, "/tmf-api/party/v4/individual", Access::kBearer, Noop());
  EXPECT_NE(r.Find(Verb::get, Segs({"api", "Customers", "x"}), true).route, nullptr);
  EXPECT_EQ(r.Find(Verb::get, Segs({"tmf-api", "party", "v4", "individual"}), true).route, nullptr);
}

TEST(RouterTest, EmptySegmentNeverMatchesAParameter) {
  Router r;
  r.Add(Verb::delete_, "/api/Customers/{c}/nodes/{nodeId}", Access::kBearer, Noop());
  EXPECT_EQ(r.Find(Verb::delete_, Segs({"api", "Customers", "c", "nodes", ""}), false).route,
            nullptr);
}

TEST(RouterTest, RejectsMalformedAndDuplicatePatterns) {
  Router r;
  r.Add(Verb::get, "/a/{x}", Access::kPublic, Noop());
  EXPECT_THROW(r.Add(Verb::get, "/a/{x}", Access::kPublic, Noop()), std::invalid_argument);
  EXPECT_THROW(r.Add(Verb::get, "/a/{y}/b", Access::kPublic, Noop()), std::invalid_argument);
  EXPECT_THROW(r.Add(Verb::get, "no-slash", Access::kPublic, Noop()), std::invalid_argument);
  EXPECT_THROW(r.Add(Verb::get, "/a//b", Access::kPublic, Noop()), std::invalid_argument);
  EXPECT_THROW(r.Add(Verb::get, "/a/{x:float}/c", Access::kPublic, Noop()), std::invalid_argument);
  EXPECT_EQ(r.routes().size(), 1u);
}

TEST(ApiFamilyTest, ClassifiesPaths) {
  EXPECT_EQ(FamilyForPath("/api/Customers/x"), ApiFamily::kPlume);
  EXPECT_EQ(FamilyForPath("/api/customers"), ApiFamily::kPlume);
  EXPECT_EQ(FamilyForPath("/API/anything"), ApiFamily::kPlume);
  EXPECT_EQ(FamilyForPath("/api/Partners/nodes/1"), ApiFamily::kPlume);
  EXPECT_EQ(FamilyForPath("/api/customer"), ApiFamily::kTmf);
  EXPECT_EQ(FamilyForPath("/api/v1/billingAccount"), ApiFamily::kTmf);
  EXPECT_EQ(FamilyForPath("/tmf-api/party/v4/individual"), ApiFamily::kTmf);
  EXPECT_EQ(FamilyForPath("/oauth2/default/v1/token"), ApiFamily::kOAuth);
  EXPECT_EQ(FamilyForPath("/realms/optiva/protocol/openid-connect/token"), ApiFamily::kOAuth);
  EXPECT_EQ(FamilyForPath("/auth/realms/optiva/protocol/openid-connect/token"), ApiFamily::kOAuth);
  EXPECT_EQ(FamilyForPath("/healthz"), ApiFamily::kSystem);
  EXPECT_EQ(FamilyForPath(""), ApiFamily::kSystem);
}

}  // namespace
}  // namespace ispcloud::http
