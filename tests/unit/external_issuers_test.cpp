// ExternalIssuers with a FakeHttpClient: when JWKS documents are fetched (first use, unknown kid,
// age), single flight across threads, the cool-down, and what happens to the cache when a fetch
// fails or answers something that is not a JWK Set.

#include "auth/external_issuers.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <mutex>
#include <optional>
#include <thread>

#include "external_idp_support.h"
#include "http/client/fake_http_client.h"

namespace ispcloud::auth {
namespace {

using namespace std::chrono_literals;
using test_support::Answer;
using test_support::IdpKey;
using test_support::JwksOf;
using test_support::Sign;
using test_support::TokenClaims;

constexpr std::string_view kIssuer = "https://kc.example.test/realms/corp";
constexpr std::string_view kJwksUrl =
    "https://kc.example.test/realms/corp/protocol/openid-connect/certs";
constexpr std::string_view kAudience = "account";
const TimePoint kStart = TimePoint(std::chrono::seconds(1767225600));  // 2026-01-01

std::vector<TrustedIssuer> Corp() {
  return {TrustedIssuer{std::string(kIssuer), std::string(kJwksUrl), std::string(kAudience),
                        "keycloak"}};
}

class ExternalIssuersTest : public ::testing::Test {
 protected:
  std::unique_ptr<ExternalIssuers> Make(ExternalIssuersOptions options = {}) {
    auto made = ExternalIssuers::Create(Corp(), http_, clock_, options);
    EXPECT_TRUE(made.ok());
    return std::move(*made);
  }
  Result<JwksPtr> Keys(ExternalIssuers& ext) {
    return storage::RunSync(ext.Keys(*ext.Find(kIssuer)));
  }
  Result<JwksPtr> Refetch(ExternalIssuers& ext, std::string kid) {
    return storage::RunSync(ext.RefetchFor(*ext.Find(kIssuer), kid));
  }
  int Fetches() { return http_.CallCount(kJwksUrl); }
  std::string Token(const jose::Key& key, std::string_view subject = "user-1") {
    return Sign(key, TokenClaims(kIssuer, kAudience, clock_.Now(), subject));
  }

  FakeClock clock_{kStart};
  http::FakeHttpClient http_;
  jose::Key k1_ = IdpKey("k1");
  jose::Key k2_ = IdpKey("k2");
};

TEST_F(ExternalIssuersTest, FirstUseFetchesOnceThenServesTheCache) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  auto ext = Make();
  EXPECT_EQ(ext->Find("https://kc.example.test/realms/corp/"), nullptr);  // exact match only
  EXPECT_EQ(Fetches(), 0);  // nothing fetched before first use
  auto first = Keys(*ext);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_NE((*first)->Find("k1"), nullptr);
  EXPECT_EQ((*first)->Find("k2"), nullptr);
  auto second = Keys(*ext);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->get(), second->get());  // the same snapshot
  EXPECT_EQ(Fetches(), 1);

  const http::OutgoingRequest request = http_.requests().at(0);
  EXPECT_EQ(request.method, http::beast_http::verb::get);
  EXPECT_EQ(request.timeout, 5000ms);
  EXPECT_EQ(request.max_response_bytes, size_t{1} << 20);
  ASSERT_EQ(request.headers.size(), 1u);
  EXPECT_EQ(request.headers[0].first, "Accept");
}

TEST_F(ExternalIssuersTest, UnknownKidRefetchesOnceAndSeesTheRotation) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k2_})));  // the IdP rotates
  auto ext = Make();
  ASSERT_TRUE(Keys(*ext).ok());
  auto known = Refetch(*ext, "k1");  // a kid the cache has: no fetch
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(Fetches(), 1);
  clock_.Advance(11s);
  auto rotated = Refetch(*ext, "k2");
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(Fetches(), 2);
  EXPECT_NE((*rotated)->Find("k2"), nullptr);
  EXPECT_EQ((*rotated)->Find("k1"), nullptr);  // withdrawn keys stop verifying
  EXPECT_NE((*known)->Find("k1"), nullptr);    // an old snapshot stays intact
  // Someone else's refetch already brought k2: no further fetch even after the cool-down.
  clock_.Advance(11s);
  ASSERT_TRUE(Refetch(*ext, "k2").ok());
  EXPECT_EQ(Fetches(), 2);
}

TEST_F(ExternalIssuersTest, CooldownLimitsRefetchesForUnknownKids) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  auto ext = Make();
  ASSERT_TRUE(Keys(*ext).ok());
  ASSERT_TRUE(Refetch(*ext, "nope-1").ok());  // within 10 s of the first fetch
  EXPECT_EQ(Fetches(), 1);
  clock_.Advance(10s);
  ASSERT_TRUE(Refetch(*ext, "nope-2").ok());
  EXPECT_EQ(Fetches(), 2);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Refetch(*ext, "flood-" + std::to_string(i)).ok());
  clock_.Advance(9s);
  ASSERT_TRUE(Refetch(*ext, "nope-3").ok());
  EXPECT_EQ(Fetches(), 2);
  clock_.Advance(1s);
  ASSERT_TRUE(Refetch(*ext, "nope-4").ok());
  EXPECT_EQ(Fetches(), 3);
}

TEST_F(ExternalIssuersTest, CooldownIsConfigurableWithinOneToSixtySeconds) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  ExternalIssuersOptions options;
  options.refetch_cooldown = 600s;  // capped at 60 s
  auto ext = Make(options);
  ASSERT_TRUE(Keys(*ext).ok());
  clock_.Advance(59s);
  ASSERT_TRUE(Refetch(*ext, "x").ok());
  EXPECT_EQ(Fetches(), 1);
  clock_.Advance(1s);
  ASSERT_TRUE(Refetch(*ext, "x").ok());
  EXPECT_EQ(Fetches(), 2);

  options.refetch_cooldown = 0s;  // raised to 1 s
  auto fast = Make(options);
  ASSERT_TRUE(Keys(*fast).ok());
  ASSERT_TRUE(Refetch(*fast, "x").ok());
  EXPECT_EQ(Fetches(), 3);
  clock_.Advance(1s);
  ASSERT_TRUE(Refetch(*fast, "x").ok());
  EXPECT_EQ(Fetches(), 4);
}

TEST_F(ExternalIssuersTest, KeysOlderThanMaxAgeAreRefreshedOnNextUse) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  http_.Fail(std::string(kJwksUrl), MakeError(ErrorCode::kUnavailable, "connection refused"));
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k2_})));
  auto ext = Make();
  ASSERT_TRUE(Keys(*ext).ok());
  clock_.Advance(3599s);
  ASSERT_TRUE(Keys(*ext).ok());
  EXPECT_EQ(Fetches(), 1);
  clock_.Advance(1s);
  auto stale = Keys(*ext);  // refresh fails: the old keys keep serving
  ASSERT_TRUE(stale.ok());
  EXPECT_NE((*stale)->Find("k1"), nullptr);
  EXPECT_EQ(Fetches(), 2);
  ASSERT_TRUE(Keys(*ext).ok());  // cool-down: no retry yet
  EXPECT_EQ(Fetches(), 2);
  clock_.Advance(10s);
  auto fresh = Keys(*ext);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE((*fresh)->Find("k2"), nullptr);
  EXPECT_EQ(Fetches(), 3);
}

TEST_F(ExternalIssuersTest, FailedRefetchKeepsTheOldKeys) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  http_.Respond(std::string(kJwksUrl), Answer("{\"error\":\"busy\"}", 503));
  auto ext = Make();
  ASSERT_TRUE(Keys(*ext).ok());
  clock_.Advance(11s);
  auto after = Refetch(*ext, "k2");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Fetches(), 2);
  EXPECT_NE((*after)->Find("k1"), nullptr);
}

// 50 verifications on two threads (one io_context each) all meet kids the cache lacks while
// one refetch is in flight: they share it. Half the kids appear in the rotated set.
TEST_F(ExternalIssuersTest, ConcurrentUnknownKidsShareOneRefetchAcrossThreads) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_, &k2_})));
  test_support::VerifierStack stack(Corp(), http_, clock_);
  ASSERT_TRUE(stack.Verify(Token(k1_)).ok());
  ASSERT_EQ(Fetches(), 1);
  http_.Delay(std::string(kJwksUrl), 300ms);  // keeps the refetch in flight while all arrive
  clock_.Advance(11s);

  constexpr int kCalls = 50;
  std::vector<std::string> tokens;
  for (int i = 0; i < kCalls; ++i) {
    const std::string subject = "user-" + std::to_string(i);
    if (i % 2 == 0) {
      tokens.push_back(Token(k2_, subject));
    } else {
      tokens.push_back(Token(IdpKey("unpublished-" + std::to_string(i)), subject));
    }
  }
  asio::io_context contexts[2];
  std::thread::id context_thread[2];
  std::mutex mu;
  int accepted = 0, refused_unknown = 0, wrong_thread = 0;
  for (int i = 0; i < kCalls; ++i) {
    const int c = i % 4 < 2 ? 0 : 1;  // both kinds of kid on both threads
    auto call = [&, i, c]() -> asio::awaitable<void> {
      auto result = co_await stack.verifier().Verify(tokens[i]);
      std::lock_guard lock(mu);
      if (std::this_thread::get_id() != context_thread[c]) ++wrong_thread;
      if (result.ok()) {
        ++accepted;
      } else if (result.error().message.find("no key with kid") != std::string::npos) {
        ++refused_unknown;
      }
    };
    asio::co_spawn(contexts[c], call, asio::detached);
  }
  std::thread threads[2];
  for (int c = 0; c < 2; ++c) {
    threads[c] = std::thread([&, c] {
      {
        std::lock_guard lock(mu);
        context_thread[c] = std::this_thread::get_id();
      }
      contexts[c].run();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, kCalls / 2);
  EXPECT_EQ(refused_unknown, kCalls / 2);
  EXPECT_EQ(wrong_thread, 0);  // every caller resumed on its own io_context's thread
  EXPECT_EQ(Fetches(), 2);     // the first fetch and ONE shared refetch
}

// The coroutine leading a fetch can vanish (its io_context destroyed at shutdown): the waiters
// of that fetch are still resumed, on their own executor, and see a failed fetch.
TEST_F(ExternalIssuersTest, AbandonedFetchReleasesItsWaiters) {
  http_.Respond(std::string(kJwksUrl), Answer(JwksOf({&k1_})));
  http_.Delay(std::string(kJwksUrl), 30s);
  ExternalIssuersOptions options;
  options.fetch_timeout = 60s;
  auto ext = Make(options);
  const ExternalIssuer& corp = *ext->Find(kIssuer);
  auto leader_context = std::make_unique<asio::io_context>();
  asio::io_context waiter_context;
  std::optional<Result<JwksPtr>> leader_result, waiter_result;
  auto lead = [&]() -> asio::awaitable<void> { leader_result.emplace(co_await ext->Keys(corp)); };
  auto wait = [&]() -> asio::awaitable<void> { waiter_result.emplace(co_await ext->Keys(corp)); };
  asio::co_spawn(*leader_context, lead, asio::detached);
  while (Fetches() == 0) leader_context->run_one_for(100ms);
  asio::co_spawn(waiter_context, wait, asio::detached);
  waiter_context.run_for(200ms);  // the waiter joins the fetch and stays suspended
  EXPECT_FALSE(waiter_result.has_value());
  leader_context.reset();  // destroys the leading coroutine mid-fetch
  waiter_context.restart();
  waiter_context.run_for(5s);
  EXPECT_FALSE(leader_result.has_value());
  ASSERT_TRUE(waiter_result.has_value());
  ASSERT_FALSE(waiter_result->ok());
  EXPECT_NE(waiter_result->error().message.find("abandoned"), std::string::npos);
  EXPECT_EQ(ext->FetchCount(corp), 1);
}

// Every way a JWKS answer can be unusable: with nothing cached the caller gets the precise
// error (kUnavailable), and the failure starts a cool-down like any other fetch.
TEST_F(ExternalIssuersTest, UnusableAnswersAreErrorsAndCoolDown) {
  struct Case {
    const char* name;
    Result<http::OutgoingResponse> answer;
    const char* why;
  };
  const std::string ok_jwks = JwksOf({&k1_});
  std::string huge = "{\"keys\":[],\"pad\":\"" + std::string(1 << 20, 'x') + "\"}";
  std::vector<Case> cases;
  cases.push_back({"404", Answer(ok_jwks, 404), "HTTP status 404"});
  cases.push_back({"redirect", Answer("", 302), "HTTP status 302"});
  cases.push_back({"html", Answer(ok_jwks, 200, "text/html"), "is not JSON"});
  cases.push_back({"no type", Answer(ok_jwks, 200, ""), "is not JSON"});
  cases.push_back({"bad json", Answer("{\"keys\":[", 200), "not valid JSON"});
  cases.push_back({"not jwks", Answer("{\"foo\":1}", 200), "keys"});
  cases.push_back({"oversized", Answer(huge, 200), "larger than 1048576"});
  cases.push_back({"network", MakeError(ErrorCode::kUnavailable, "reset by peer"), "reset by"});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    http::FakeHttpClient http;
    if (c.answer) {
      http.Respond(std::string(kJwksUrl), *c.answer);
    } else {
      http.Fail(std::string(kJwksUrl), c.answer.error());
    }
    auto ext = ExternalIssuers::Create(Corp(), http, clock_).value();
    auto keys = storage::RunSync((*ext).Keys(*ext->Find(kIssuer)));
    ASSERT_FALSE(keys.ok());
    EXPECT_EQ(keys.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(keys.error().message.find(c.why), std::string::npos) << keys.error().message;
    auto again = storage::RunSync(ext->RefetchFor(*ext->Find(kIssuer), "k1"));
    EXPECT_FALSE(again.ok());
    EXPECT_EQ(http.CallCount(kJwksUrl), 1);
  }
}

TEST_F(ExternalIssuersTest, AcceptsJsonMediaTypesAndSkipsUnusableKeys) {
  std::string jwks = JwksOf({&k1_, &k2_});
  jwks.insert(jwks.find('[') + 1, "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0\"},");
  for (const char* type : {"application/jwk-set+json; charset=utf-8", "Application/JSON"}) {
    http::FakeHttpClient http;
    http.Respond(std::string(kJwksUrl), Answer(jwks, 200, type));
    auto ext = ExternalIssuers::Create(Corp(), http, clock_).value();
    auto keys = storage::RunSync(ext->Keys(*ext->Find(kIssuer)));
    ASSERT_TRUE(keys.ok()) << type << ": " << keys.error().message;
    EXPECT_EQ((*keys)->keys.size(), 2u);  // the symmetric key is never usable
    EXPECT_EQ((*keys)->Find("hmac"), nullptr);
  }
}

TEST_F(ExternalIssuersTest, CreateRefusesBadEntries) {
  std::vector<TrustedIssuer> bad_preset = Corp();
  bad_preset[0].preset = "azure";
  std::vector<TrustedIssuer> twice = Corp();
  twice.push_back(twice[0]);
  std::vector<TrustedIssuer> ftp = Corp();
  ftp[0].jwks_uri = "ftp://kc.example.test/certs";
  std::vector<TrustedIssuer> no_audience = Corp();
  no_audience[0].audience.clear();
  for (const auto& issuers : {bad_preset, twice, ftp, no_audience}) {
    auto made = ExternalIssuers::Create(issuers, http_, clock_);
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(made.error().message.find("auth.trusted_issuer["), std::string::npos);
  }
}

}  // namespace
}  // namespace ispcloud::auth
