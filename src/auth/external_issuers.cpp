#include "auth/external_issuers.h"

#include <algorithm>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <mutex>
#include <optional>
#include <utility>

#include "core/log.h"

namespace ispcloud::auth {
namespace {

constexpr std::chrono::seconds kMinCooldown{1};
constexpr std::chrono::seconds kMaxCooldown{60};

Error ConfigError(size_t index, std::string what) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "auth.trusted_issuer[" + std::to_string(index) + "]: " + std::move(what));
}

Error FetchError(const ExternalIssuer& issuer, std::string why) {
  return MakeError(ErrorCode::kUnavailable,
                   "JWKS fetch from " + issuer.jwks_uri + " failed: " + std::move(why));
}

// application/json, application/jwk-set+json or any other application/*+json, parameters
// (charset) ignored, compared case-insensitively.
bool IsJsonMediaType(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  if (type == "application/json") return true;
  return type.starts_with("application/") && type.ends_with("+json");
}

}  // namespace

// One waiter of a fetch in progress: its completion handler and the executor it resumes on
// (work-tracked, so that executor's io_context keeps running until the waiter is resumed).
struct ExternalIssuers::Waiter {
  asio::any_io_executor executor;
  asio::any_completion_handler<void()> handler;
};

struct ExternalIssuers::State {
  ExternalIssuer info;
  std::mutex mu;                     // guards everything below
  JwksPtr keys;                      // null until a fetch succeeds
  std::optional<TimePoint> attempt;  // when the last fetch attempt ended
  std::optional<Error> last_error;   // of the last attempt, when it failed
  bool fetching = false;
  uint64_t flight = 0;  // id of the latest fetch started
  int fetch_count = 0;
  std::vector<Waiter> waiters;
};

// Ends the flight it leads however the leading coroutine leaves: normally through Complete, or
// by an exception or the destruction of its frame, which count as a failed fetch.
class ExternalIssuers::FlightGuard {
 public:
  FlightGuard(ExternalIssuers& owner, State& state) : owner_(owner), state_(state) {}
  ~FlightGuard() {
    if (!done_) {
      owner_.Finish(state_, FetchError(state_.info, "the fetching request was abandoned"));
    }
  }
  FlightGuard(const FlightGuard&) = delete;
  FlightGuard& operator=(const FlightGuard&) = delete;

  void Complete(Result<std::vector<jose::Key>> outcome) {
    done_ = true;
    owner_.Finish(state_, std::move(outcome));
  }

 private:
  ExternalIssuers& owner_;
  State& state_;
  bool done_ = false;
};

const jose::Key* JwksSnapshot::Find(std::string_view kid) const {
  for (const jose::Key& key : keys) {
    if (key.kid() == kid) return &key;
  }
  return nullptr;
}

ExternalIssuers::ExternalIssuers(http::HttpClient& http, const Clock& clock,
                                 ExternalIssuersOptions options)
    : http_(http), clock_(clock), options_(options) {
  options_.refetch_cooldown = std::clamp(options_.refetch_cooldown, kMinCooldown, kMaxCooldown);
}

ExternalIssuers::~ExternalIssuers() = default;

Result<std::unique_ptr<ExternalIssuers>> ExternalIssuers::Create(
    const std::vector<TrustedIssuer>& issuers, http::HttpClient& http, const Clock& clock,
    ExternalIssuersOptions options) {
  std::unique_ptr<ExternalIssuers> out(new ExternalIssuers(http, clock, options));
  for (size_t i = 0; i < issuers.size(); ++i) {
    const TrustedIssuer& t = issuers[i];
    std::optional<ClaimPreset> preset = ParseClaimPreset(t.preset);
    if (t.issuer.empty()) return ConfigError(i, "issuer is required");
    if (!t.jwks_uri.starts_with("https://") && !t.jwks_uri.starts_with("http://")) {
      return ConfigError(i, "jwks_uri must be an http(s) URL");
    }
    if (t.audience.empty()) return ConfigError(i, "audience is required");
    if (!preset) return ConfigError(i, "preset must be keycloak, okta or generic");
    if (out->Find(t.issuer) != nullptr) return ConfigError(i, "issuer " + t.issuer + " repeats");
    auto state = std::make_unique<State>();
    state->info = ExternalIssuer{t.issuer, t.jwks_uri, t.audience, *preset};
    out->states_.push_back(std::move(state));
  }
  return out;
}

const ExternalIssuer* ExternalIssuers::Find(std::string_view iss) const {
  for (const auto& state : states_) {
    if (state->info.issuer == iss) return &state->info;
  }
  return nullptr;
}

ExternalIssuers::State* ExternalIssuers::StateOf(const ExternalIssuer& issuer) const {
  for (const auto& state : states_) {
    if (&state->info == &issuer) return state.get();
  }
  return nullptr;
}

int ExternalIssuers::FetchCount(const ExternalIssuer& issuer) const {
  State* state = StateOf(issuer);
  if (state == nullptr) return 0;
  std::lock_guard lock(state->mu);
  return state->fetch_count;
}

asio::awaitable<Result<JwksPtr>> ExternalIssuers::Keys(const ExternalIssuer& issuer) {
  State* state = StateOf(issuer);
  if (state == nullptr) {
    co_return MakeError(ErrorCode::kInvalidArgument, "not a trusted issuer of this object");
  }
  co_return co_await Obtain(*state, nullptr);
}

asio::awaitable<Result<JwksPtr>> ExternalIssuers::RefetchFor(const ExternalIssuer& issuer,
                                                             std::string_view kid) {
  State* state = StateOf(issuer);
  if (state == nullptr) {
    co_return MakeError(ErrorCode::kInvalidArgument, "not a trusted issuer of this object");
  }
  co_return co_await Obtain(*state, &kid);
}

ExternalIssuers::Decision ExternalIssuers::Decide(State& state, const std::string_view* want_kid) {
  std::lock_guard lock(state.mu);
  const TimePoint now = clock_.Now();
  // A clock that went backwards ends the cool-down and ages the keys: at most one extra fetch.
  bool cooling = false;
  if (state.attempt) {
    const auto since = now - *state.attempt;
    cooling = since >= TimePoint::duration::zero() && since < options_.refetch_cooldown;
  }
  bool satisfied = false;
  if (state.keys && want_kid != nullptr) {
    satisfied = state.keys->Find(*want_kid) != nullptr;
  } else if (state.keys) {
    const auto age = now - state.keys->fetched_at;
    satisfied = age >= TimePoint::duration::zero() && age < options_.max_age;
  }
  if (satisfied) return {Need::kServe, 0};
  if (state.fetching) {
    // A stale set keeps serving plain lookups while someone else refreshes it.
    if (want_kid == nullptr && state.keys) return {Need::kServe, 0};
    return {Need::kJoin, state.flight};
  }
  if (cooling) return {Need::kServe, 0};
  state.fetching = true;
  ++state.flight;
  ++state.fetch_count;
  return {Need::kLead, state.flight};
}

asio::awaitable<Result<JwksPtr>> ExternalIssuers::Obtain(State& state,
                                                         const std::string_view* want_kid) {
  const Decision decision = Decide(state, want_kid);
  if (decision.need == Need::kJoin) {
    co_await AwaitFlight(state, decision.flight);
  } else if (decision.need == Need::kLead) {
    FlightGuard guard(*this, state);
    Result<std::vector<jose::Key>> outcome = co_await Fetch(state.info);
    guard.Complete(std::move(outcome));
  }
  co_return Current(state);
}

asio::awaitable<void> ExternalIssuers::AwaitFlight(State& state, uint64_t flight) {
  auto initiate = [&state, flight](auto handler) {
    asio::any_io_executor executor = asio::get_associated_executor(handler);
    Waiter waiter{asio::prefer(executor, asio::execution::outstanding_work.tracked),
                  asio::any_completion_handler<void()>(std::move(handler))};
    std::unique_lock lock(state.mu);
    if (state.fetching && state.flight == flight) {
      state.waiters.push_back(std::move(waiter));
      return;
    }
    lock.unlock();
    // That fetch has ended already: resume soon, never from inside the initiation.
    asio::post(waiter.executor, std::move(waiter.handler));
  };
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(initiate,
                                                                        asio::use_awaitable);
}

void ExternalIssuers::Finish(State& state, Result<std::vector<jose::Key>> outcome) {
  std::vector<Waiter> waiters;
  size_t key_count = 0;
  {
    std::lock_guard lock(state.mu);
    const TimePoint now = clock_.Now();
    state.attempt = now;
    if (outcome) {
      auto snapshot = std::make_shared<JwksSnapshot>();
      snapshot->keys = std::move(*outcome);
      snapshot->fetched_at = now;
      key_count = snapshot->keys.size();
      state.keys = std::move(snapshot);
      state.last_error.reset();
    } else {
      state.last_error = outcome.error();
    }
    state.fetching = false;
    waiters.swap(state.waiters);
  }
  if (outcome) {
    LogInfo("jwks_fetched", {{"issuer", state.info.issuer}, {"keys", key_count}});
  } else {
    LogWarn("jwks_fetch_failed",
            {{"issuer", state.info.issuer}, {"reason", outcome.error().message}});
  }
  // Each waiter resumes on its own executor, whatever thread finished the fetch.
  for (Waiter& waiter : waiters) asio::post(waiter.executor, std::move(waiter.handler));
}

Result<JwksPtr> ExternalIssuers::Current(State& state) {
  std::lock_guard lock(state.mu);
  if (state.keys) return state.keys;
  if (state.last_error) return *state.last_error;
  return FetchError(state.info, "no key set fetched yet");
}

asio::awaitable<Result<std::vector<jose::Key>>> ExternalIssuers::Fetch(
    const ExternalIssuer& issuer) {
  http::OutgoingRequest request;
  request.url = issuer.jwks_uri;
  request.headers.emplace_back("Accept", "application/jwk-set+json, application/json");
  request.timeout = options_.fetch_timeout;
  request.max_response_bytes = options_.max_jwks_bytes;
  Result<http::OutgoingResponse> response = co_await http_.Send(std::move(request));
  if (!response) co_return FetchError(issuer, response.error().message);
  if (response->status != 200) {
    co_return FetchError(issuer, "HTTP status " + std::to_string(response->status));
  }
  if (response->body.size() > options_.max_jwks_bytes) {
    co_return FetchError(
        issuer, "response larger than " + std::to_string(options_.max_jwks_bytes) + " bytes");
  }
  const std::string content_type = response->Header("Content-Type");
  if (!IsJsonMediaType(content_type)) {
    co_return FetchError(issuer, "Content-Type '" + content_type + "' is not JSON");
  }
  boost::system::error_code ec;
  boost::json::value document = boost::json::parse(response->body, ec);
  if (ec) co_return FetchError(issuer, "body is not valid JSON (" + ec.message() + ")");
  std::vector<std::string> skipped;
  Result<std::vector<jose::Key>> keys = jose::Key::ParseJwks(document, &skipped);
  if (!keys) co_return FetchError(issuer, keys.error().message);
  if (!skipped.empty()) {
    boost::json::array reasons;
    for (const std::string& why : skipped) reasons.emplace_back(why);
    LogWarn("jwks_keys_skipped", {{"issuer", issuer.issuer}, {"reasons", std::move(reasons)}});
  }
  co_return std::move(*keys);
}

}  // namespace ispcloud::auth
