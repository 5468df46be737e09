#pragma once
// The external identity providers the operator trusts (`[[auth.trusted_issuer]]`) and an
// in-memory cache of their signing keys (JWKS).
//
// Key sets are fetched with the outgoing HTTP client: on first use, lazily again once older
// than max_age, and when a token names a kid the cached set lacks. Fetches of one issuer are
// single-flight: concurrent callers, on any thread or executor, wait for the one fetch in
// progress without blocking a thread. After every fetch attempt (success or failure) no other
// fetch of that issuer starts before refetch_cooldown has passed, so a flood of tokens with
// made-up kids costs the IdP at most one request per cool-down. A failed fetch keeps the keys
// fetched before; a successful one replaces them (keys the IdP withdrew stop verifying).
//
// Callers get an immutable snapshot (JwksPtr) that stays valid however the cache changes.
// Thread-safe. Must outlive every Keys/RefetchFor call in progress.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jose/key.h"
#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "http/client/http_client.h"

namespace ispcloud::auth {

// The keys of one issuer as fetched at one moment. Immutable once published.
struct JwksSnapshot {
  std::vector<jose::Key> keys;
  TimePoint fetched_at;
  // The key with exactly `kid`, or null. The pointer lives as long as the snapshot.
  const jose::Key* Find(std::string_view kid) const;
};
using JwksPtr = std::shared_ptr<const JwksSnapshot>;

// One trusted issuer, as configured.
struct ExternalIssuer {
  std::string issuer;    // the exact `iss` of its tokens
  std::string jwks_uri;  // http(s) URL of its JWK Set
  std::string audience;  // the `aud` its tokens must carry for this server
  ClaimPreset preset = ClaimPreset::kGeneric;
};

struct ExternalIssuersOptions {
  // Minimum time between two fetch attempts for one issuer; clamped to 1..60 s.
  std::chrono::seconds refetch_cooldown{10};
  // A key set older than this is refetched on its next use (the old one serves meanwhile
  // callers that do not lead the fetch, and stays if the fetch fails).
  std::chrono::seconds max_age{3600};
  std::chrono::milliseconds fetch_timeout{5000};
  size_t max_jwks_bytes = 1 << 20;
};

class ExternalIssuers {
 public:
  // Validates `issuers` (issuer, jwks_uri http(s), audience and preset set; no issuer twice)
  // and builds an empty cache; nothing is fetched yet. Errors: kInvalidArgument naming the
  // entry. `http` and `clock` must outlive the result.
  static Result<std::unique_ptr<ExternalIssuers>> Create(const std::vector<TrustedIssuer>& issuers,
                                                         http::HttpClient& http, const Clock& clock,
                                                         ExternalIssuersOptions options = {});
  ~ExternalIssuers();
  ExternalIssuers(const ExternalIssuers&) = delete;
  ExternalIssuers& operator=(const ExternalIssuers&) = delete;

  // The trusted issuer whose `issuer` equals `iss` exactly (no normalisation), or null. The
  // pointer lives as long as this object.
  const ExternalIssuer* Find(std::string_view iss) const;

  // The issuer's current key set. Fetches it when there is none yet, or when it is older than
  // max_age and no fetch happened within the cool-down; joins a fetch already in progress when
  // there is nothing to serve meanwhile. Errors: kUnavailable when no key set was ever fetched
  // successfully (the last fetch error); kInvalidArgument when `issuer` is not from Find.
  asio::awaitable<Result<JwksPtr>> Keys(const ExternalIssuer& issuer);

  // For a token whose `kid` the cached set lacks: returns the current set at once when it has
  // `kid` (someone refetched meanwhile) or when the cool-down forbids a fetch; otherwise refetches
  // once (joining a fetch in progress) and returns the set then current, which may still lack
  // `kid`. Errors as for Keys.
  asio::awaitable<Result<JwksPtr>> RefetchFor(const ExternalIssuer& issuer, std::string_view kid);

  // How many fetches have been started for `issuer` (tests, metrics).
  int FetchCount(const ExternalIssuer& issuer) const;

 private:
  struct State;
  struct Waiter;
  class FlightGuard;
  enum class Need { kServe, kJoin, kLead };
  struct Decision {
    Need need = Need::kServe;
    uint64_t flight = 0;  // the fetch to join or lead
  };

  ExternalIssuers(http::HttpClient& http, const Clock& clock, ExternalIssuersOptions options);
  State* StateOf(const ExternalIssuer& issuer) const;
  // Decides under the lock what a caller does next (and marks a fetch started when it is to
  // lead one); `want_kid` is null for Keys.
  Decision Decide(State& state, const std::string_view* want_kid);
  asio::awaitable<Result<JwksPtr>> Obtain(State& state, const std::string_view* want_kid);
  // Fetches and parses the JWKS document (no shared state touched).
  asio::awaitable<Result<std::vector<jose::Key>>> Fetch(const ExternalIssuer& issuer);
  // Waits until fetch number `flight` of `state` ends; resumes at once (posted) when it has.
  asio::awaitable<void> AwaitFlight(State& state, uint64_t flight);
  // Publishes a fetch outcome, ends the flight and resumes every waiter on its own executor.
  void Finish(State& state, Result<std::vector<jose::Key>> outcome);
  Result<JwksPtr> Current(State& state);

  http::HttpClient& http_;
  const Clock& clock_;
  ExternalIssuersOptions options_;
  std::vector<std::unique_ptr<State>> states_;
};

}  // namespace ispcloud::auth
