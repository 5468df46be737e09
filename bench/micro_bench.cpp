// Micro-benchmarks of the hot pieces of the request path. Run through `make bench`.

#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>

#include "api/error_render.h"
#include "core/object_id.h"
#include "http/router.h"
#include "storage/run_sync.h"
#include "storage/sqlite/sqlite_database.h"

namespace ispcloud {
namespace {

using http::Access;
using http::Router;
using http::Verb;

http::Handler Noop() {
  return [](http::RequestContext&) -> asio::awaitable<http::Response> {
    co_return http::EmptyResponse(204);
  };
}

// A router shaped like the real one: a few dozen Plume and TMF routes.
Router& BigRouter() {
  static Router* r = [] {
    auto* router = new Router();
    const char* collections[] = {"locations",           "nodes",          "wifiNetwork",
                                 "serviceLevel",        "authorizations", "monitorMode",
                                 "onboardingCheckpoint"};
    for (const char* c : collections) {
      std::string base = std::string("/api/Customers/{customerId}/locations/{locationId}/") + c;
      router->Add(Verb::get, base, Access::kBearer, Noop());
      router->Add(Verb::post, base, Access::kBearer, Noop());
      router->Add(Verb::get, base + "/{itemId}", Access::kBearer, Noop());
    }
    router->Add(Verb::get, "/api/Customers/{customerId}", Access::kBearer, Noop());
    router->Add(Verb::post, "/api/Customers/register", Access::kBearer, Noop());
    for (const char* r2 : {"customer", "individual", "organization", "billingAccount"}) {
      router->Add(Verb::get, std::string("/tmf-api/customerManagement/v4/") + r2, Access::kBearer,
                  Noop());
      router->Add(Verb::get, std::string("/tmf-api/customerManagement/v4/") + r2 + "/{id}",
                  Access::kBearer, Noop());
    }
    return router;
  }();
  return *r;
}

void BM_RouterMatchPlume(benchmark::State& state) {
  Router& r = BigRouter();
  std::vector<std::string> segs = {
      "api",   "customers", "66ef34687f1c07000b200925", "locations", "66ef34687f1c07000b200926",
      "nodes", "SN12345"};
  for (auto _ : state) {
    auto m = r.Find(Verb::get, segs, false);
    benchmark::DoNotOptimize(m.route);
  }
}
BENCHMARK(BM_RouterMatchPlume);

void BM_RouterMiss(benchmark::State& state) {
  Router& r = BigRouter();
  std::vector<std::string> segs = {"api", "nothing", "here"};
  for (auto _ : state) {
    auto m = r.Find(Verb::get, segs, false);
    benchmark::DoNotOptimize(m.route);
  }
}
BENCHMARK(BM_RouterMiss);

constexpr const char* kCustomerJson =
    R"({"id":"66ef34687f1c07000b200925","email":"jane@example.com","name":"Jane Doe",)"
    R"("accountId":"ACC-0001","partnerId":"acme-fibre","groupIds":["66ef34687f1c07000b200001"],)"
    R"("emailVerified":true,"acceptLanguage":"en-US","profile":"auto","locked":false,)"
    R"("createdAt":"2019-08-08T20:13:10.595Z","updatedAt":"2019-08-08T20:13:10.595Z",)"
    R"("_version":"1.0.0","onboardingCheckpoint":"ONBOARDING_COMPLETE"})";

void BM_JsonParseSerialize(benchmark::State& state) {
  for (auto _ : state) {
    auto v = boost::json::parse(kCustomerJson);
    std::string out = boost::json::serialize(v);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_JsonParseSerialize);

void BM_ObjectId(benchmark::State& state) {
  ObjectIdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  for (auto _ : state) benchmark::DoNotOptimize(ids.Next());
}
BENCHMARK(BM_ObjectId);

void BM_RenderPlumeError(benchmark::State& state) {
  Error e = MakeError(ErrorCode::kNotFound, "Unable to find Node", "NODE_NOT_FOUND");
  for (auto _ : state) {
    auto res = api::RenderError(http::ApiFamily::kPlume, e, "66ef34687f1c07000b200925");
    benchmark::DoNotOptimize(res);
  }
}
BENCHMARK(BM_RenderPlumeError);

// Point read through the Database seam (read pool, BEGIN/COMMIT, prepared-statement cache).
void BM_SqliteSeamPointRead(benchmark::State& state) {
  std::string dir = std::filesystem::temp_directory_path() / "ispcloud-bench-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  {
    auto db = storage::SqliteDatabase::Open({dir + "/bench.db", "NORMAL", 5000, 2});
    if (!db) {
      state.SkipWithError(db.error().message.c_str());
      return;
    }
    Status seeded = storage::RunSync((*db)->Write([](storage::Tx& tx) -> asio::awaitable<Status> {
      if (Status s = co_await tx.ExecScript("CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT)"); !s) {
        co_return s;
      }
      for (int i = 0; i < 1000; ++i) {
        storage::Params p = storage::MakeParams("k" + std::to_string(i), std::string("value"));
        auto done = co_await tx.Exec("INSERT INTO t (id, v) VALUES ($1, $2)", std::move(p));
        if (!done) co_return done.error();
      }
      co_return Ok();
    }));
    if (!seeded) {
      state.SkipWithError(seeded.error().message.c_str());
      return;
    }
    int i = 0;
    for (auto _ : state) {
      std::string key = "k" + std::to_string(i++ % 1000);
      Status st = storage::RunSync((*db)->Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
        storage::Params p = storage::MakeParams(key);
        auto rows = co_await tx.Query("SELECT v FROM t WHERE id = $1", std::move(p));
        benchmark::DoNotOptimize(rows);
        co_return Ok();
      }));
      benchmark::DoNotOptimize(st);
    }
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SqliteSeamPointRead);

}  // namespace
}  // namespace ispcloud
