// Micro-benchmarks of authentication: JWT verification uncached and through the verified-token
// cache, signing, and the Argon2id check paid by token requests. Run through `make bench`.

#include <benchmark/benchmark.h>
#include <openssl/sha.h>

#include <filesystem>

#include "auth/jose/jwt.h"
#include "auth/key_store.h"
#include "auth/secret_hash.h"
#include "auth/secret_hasher.h"
#include "auth/token_service.h"
#include "auth/token_verifier.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"
#include "storage/sqlite/sqlite_database.h"

namespace ispcloud {
namespace {

// A migrated database with a signing key, and a verifier for this server's Okta-style issuer.
struct AuthFixture {
  std::string dir;
  std::unique_ptr<storage::SqliteDatabase> db;
  auth::SecretHasher hasher{1};
  std::unique_ptr<auth::KeyStore> keys;
  std::unique_ptr<auth::TokenService> tokens;
  std::unique_ptr<auth::TokenVerifier> verifier;

  AuthFixture() {
    dir = std::filesystem::temp_directory_path() / "ispcloud-authbench-XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp");
    db = std::move(storage::SqliteDatabase::Open({dir + "/a.db", "NORMAL", 5000, 2}).value());
    auto applied =
        storage::RunSync(storage::ApplyMigrations(*db, storage::EmbeddedSqliteMigrations()));
    if (!applied) throw std::runtime_error(applied.error().message);
    keys = std::make_unique<auth::KeyStore>(*db, SystemClock::Instance(), SystemRandom::Instance(),
                                            auth::KeyStoreOptions{});
    if (Status st = storage::RunSync(keys->Load()); !st) {
      throw std::runtime_error(st.error().message);
    }
    auth::TokenServiceOptions options;
    options.public_url = "http://127.0.0.1:8080";
    tokens = std::make_unique<auth::TokenService>(*db, *keys, hasher, SystemClock::Instance(),
                                                  SystemRandom::Instance(), options);
    verifier = std::make_unique<auth::TokenVerifier>(*db, *keys, *tokens, SystemClock::Instance());
  }
  ~AuthFixture() { std::filesystem::remove_all(dir); }

  // A partner token as /oauth2/default/v1/token issues it; `n` makes each one distinct.
  std::string PartnerToken(int n) {
    auto set = storage::RunSync(keys->Current()).value();
    int64_t now = ToEpochMillis(SystemClock::Instance().Now()) / 1000;
    boost::json::object claims{
        {"ver", 1},
        {"jti", "AT.bench" + std::to_string(n)},
        {"iss", tokens->OktaIssuer()},
        {"aud", "api://default"},
        {"iat", now},
        {"exp", now + 600},
        {"cid", "bench"},
        {"sub", "bench"},
        {"scp", boost::json::array{"partnerId:acme", "role:partnerIdAdmin"}}};
    return auth::jose::SignJwt(set->signing(), claims).value();
  }
};

void BM_JwtVerifyES256(benchmark::State& state) {
  AuthFixture f;
  std::string token = f.PartnerToken(0);
  auto set = storage::RunSync(f.keys->Current()).value();
  auth::jose::VerifyOptions options;
  options.issuer = f.tokens->OktaIssuer();
  options.audiences = {"api://default"};
  options.now = SystemClock::Instance().Now();
  for (auto _ : state) {
    auto v = auth::jose::VerifyJwt(
        token, [&set](std::string_view kid) { return set->Find(kid); }, options);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_JwtVerifyES256);

void BM_JwtSignES256(benchmark::State& state) {
  AuthFixture f;
  int n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(f.PartnerToken(n++));
}
BENCHMARK(BM_JwtSignES256);

// Every request carries a token the verifier has not seen: full verification + principal.
void BM_BearerAuthUncached(benchmark::State& state) {
  AuthFixture f;
  std::vector<std::string> tokens;
  for (int i = 0; i < 20000; ++i) tokens.push_back(f.PartnerToken(i));
  size_t i = 0;
  storage::RunSync([&]() -> asio::awaitable<void> {
    for (auto _ : state) {
      auto p = co_await f.verifier->Verify(tokens[i++ % tokens.size()]);
      benchmark::DoNotOptimize(p);
    }
  }());
}
BENCHMARK(BM_BearerAuthUncached)->Iterations(20000);

// The hot path: a client reusing its token (hash, cache lookup, exp/nbf and key re-check).
void BM_BearerAuthCached(benchmark::State& state) {
  AuthFixture f;
  std::string token = f.PartnerToken(0);
  storage::RunSync([&]() -> asio::awaitable<void> {
    for (auto _ : state) {
      auto p = co_await f.verifier->Verify(token);
      benchmark::DoNotOptimize(p);
    }
  }());
}
BENCHMARK(BM_BearerAuthCached);

// The cache key of a bearer token: SHA-256 through a digest fetched once per process...
void BM_TokenSha256(benchmark::State& state) {
  AuthFixture f;
  std::string token = f.PartnerToken(0);
  for (auto _ : state) benchmark::DoNotOptimize(auth::Sha256(token));
}
BENCHMARK(BM_TokenSha256);

// ... and through OpenSSL 3's one-shot SHA256(), which fetches the algorithm on every call.
void BM_TokenSha256OneShot(benchmark::State& state) {
  AuthFixture f;
  std::string token = f.PartnerToken(0);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  for (auto _ : state) {
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
    benchmark::DoNotOptimize(digest);
  }
}
BENCHMARK(BM_TokenSha256OneShot);

// The Argon2id check every client_credentials or password grant pays once.
void BM_Argon2idVerify(benchmark::State& state) {
  std::string hash = auth::HashSecret("a-client-secret-of-43-characters-xxxxxxxxx").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        auth::VerifySecret(hash, "a-client-secret-of-43-characters-xxxxxxxxx"));
  }
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace
}  // namespace ispcloud
