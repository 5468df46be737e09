#include "auth/token_verifier.h"

#include <cmath>
#include <cstring>

#include "auth/jose/jwt.h"
#include "auth/secret_hash.h"
#include "storage/auth/auth_repository.h"

namespace ispcloud::auth {
namespace {

constexpr size_t kMaxTokenBytes = 16 * 1024;

Error InvalidToken(std::string message) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(message), "invalid_token");
}

// Same allowance as jose::VerifyOptions::leeway, which verified the token first.
const int64_t kLeewaySeconds = jose::VerifyOptions{}.leeway.count();

int64_t NowSeconds(const Clock& clock) {
  return ToEpochMillis(clock.Now()) / 1000;
}

// The token's `nbf` in whole seconds when it carries a numeric one.
std::optional<int64_t> NotBefore(const boost::json::object& claims) {
  const boost::json::value* nbf = claims.if_contains("nbf");
  if (nbf == nullptr) return std::nullopt;
  if (nbf->is_int64()) return nbf->as_int64();
  if (nbf->is_uint64()) return static_cast<int64_t>(nbf->as_uint64());
  if (nbf->is_double()) return static_cast<int64_t>(std::ceil(nbf->as_double()));
  return std::nullopt;  // VerifyJwt refused non-numeric ones
}

// The realm named by an issuer URL below `base` ("{base}/realms/R" or "{base}/auth/realms/R").
std::optional<std::string> RealmOf(const std::string& iss, const std::string& base) {
  for (std::string prefix : {base + "/realms/", base + "/auth/realms/"}) {
    if (iss.rfind(prefix, 0) == 0) {
      std::string realm = iss.substr(prefix.size());
      if (!realm.empty() && realm.find('/') == std::string::npos) return realm;
    }
  }
  return std::nullopt;
}

// What a client learns when a trusted issuer's keys cannot be had; ExternalIssuers has logged
// the cause (URL, status, network error), which must not reach clients.
Error KeysUnavailable() {
  return MakeError(ErrorCode::kUnavailable,
                   "the signing keys of the token's issuer are unavailable; try again later");
}

// The `kid` header of a token whose form VerifyJwt has already checked; "" when absent.
std::string HeaderKid(std::string_view token) {
  auto header = jose::PeekJwtHeader(token, kMaxTokenBytes);
  if (!header) return {};
  const boost::json::value* kid = header->if_contains("kid");
  return kid != nullptr && kid->is_string() ? std::string(kid->as_string()) : std::string();
}

}  // namespace

TokenVerifier::TokenVerifier(storage::Database& db, KeyStore& keys, const TokenService& tokens,
                             const Clock& clock, ExternalIssuers* external, size_t cache_capacity)
    : db_(db),
      keys_(keys),
      tokens_(tokens),
      clock_(clock),
      external_(external),
      cache_capacity_(cache_capacity) {}

size_t TokenVerifier::CacheKeyHash::operator()(const CacheKey& key) const {
  size_t h = 0;  // a SHA-256 digest is uniform: its first bytes are a good hash
  std::memcpy(&h, key.data(), sizeof h);
  return h;
}

size_t TokenVerifier::CacheSize() {
  std::lock_guard lock(mu_);
  return cache_.size();
}

std::optional<TokenVerifier::CacheEntry> TokenVerifier::CacheGet(const CacheKey& key) {
  const int64_t now = NowSeconds(clock_);
  std::lock_guard lock(mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  const CacheEntry& entry = it->second;
  // Expired entries are never served; the verification leeway does not apply to reuse. A clock
  // stepped back before nbf makes the token unusable again, as it would be uncached.
  if (entry.principal->expires_at <= now ||
      (entry.not_before && now < *entry.not_before - kLeewaySeconds)) {
    cache_.erase(it);
    return std::nullopt;
  }
  return entry;
}

asio::awaitable<std::shared_ptr<const Principal>> TokenVerifier::Revalidate(const CacheKey& key,
                                                                            CacheEntry entry) {
  const std::string& kid = entry.key->kid();
  std::shared_ptr<const void> set;  // keeps `current` alive
  const jose::Key* current = nullptr;
  if (entry.external == nullptr) {
    auto keys = co_await keys_.Current();  // also reloads the key set when it is due
    if (keys) {
      current = (*keys)->Find(kid);
      set = std::move(*keys);
    }
  } else {
    auto jwks = co_await external_->Keys(*entry.external);
    if (jwks) {
      current = (*jwks)->Find(kid);
      set = std::move(*jwks);
    }
  }
  if (current != nullptr && current == entry.key.get()) co_return entry.principal;
  std::lock_guard lock(mu_);
  auto it = cache_.find(key);
  if (current != nullptr && current->SamePublicKey(*entry.key)) {
    // A reloaded key set with the same key: let the entry hold the new set, not the old one.
    if (it != cache_.end()) it->second.key = std::shared_ptr<const jose::Key>(set, current);
    co_return entry.principal;
  }
  // The key is gone or changed (or the key set is unavailable): verify the token afresh.
  if (it != cache_.end()) cache_.erase(it);
  co_return nullptr;
}

void TokenVerifier::CachePut(const CacheKey& key, CacheEntry entry) {
  std::lock_guard lock(mu_);
  if (cache_.size() >= cache_capacity_) {
    const int64_t now = NowSeconds(clock_);
    std::erase_if(cache_, [now](const auto& kv) { return kv.second.principal->expires_at <= now; });
    if (cache_.size() >= cache_capacity_) cache_.clear();  // bounded memory under any load
  }
  cache_.insert_or_assign(key, std::move(entry));
}

asio::awaitable<Result<TokenVerifier::Issuer>> TokenVerifier::ResolveIssuer(
    const std::string& iss) {
  if (iss == tokens_.OktaIssuer()) {
    co_return Issuer{{tokens_.options().okta_audience}, ClaimPreset::kOkta};
  }
  std::optional<std::string> realm = RealmOf(iss, tokens_.options().public_url);
  if (!realm || *realm == kDefaultRealm) co_return InvalidToken("untrusted issuer " + iss);
  {
    std::lock_guard lock(mu_);
    if (auto it = realm_audiences_.find(*realm); it != realm_audiences_.end()) {
      co_return Issuer{{it->second}, ClaimPreset::kKeycloak};
    }
  }
  std::optional<Realm> found;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto r = co_await storage::auth_repo::FindRealm(tx, *realm);
    if (!r) co_return r.error();
    found = std::move(*r);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!found) co_return InvalidToken("unknown realm in issuer " + iss);
  std::lock_guard lock(mu_);
  realm_audiences_[*realm] = found->audience;
  co_return Issuer{{found->audience}, ClaimPreset::kKeycloak};
}

const ExternalIssuer* TokenVerifier::ExternalFor(const std::string& iss) const {
  if (external_ == nullptr || iss == tokens_.OktaIssuer() ||
      RealmOf(iss, tokens_.options().public_url)) {
    return nullptr;
  }
  return external_->Find(iss);
}

Result<std::shared_ptr<const Principal>> TokenVerifier::Accept(const boost::json::object& claims,
                                                               ClaimPreset preset, bool own_okta,
                                                               const CacheKey& cache_key,
                                                               CacheEntry entry) {
  // Keycloak puts the token kind in the `typ` claim: refresh ("Refresh") and ID ("ID") tokens
  // are refused; access tokens say "Bearer" (DESIGN.md also admits "JWT" and "at+jwt").
  if (const auto* typ = claims.if_contains("typ"); typ != nullptr) {
    const bool access =
        typ->is_string() &&
        (typ->as_string() == "Bearer" || typ->as_string() == "JWT" || typ->as_string() == "at+jwt");
    if (!access) return InvalidToken("not an access token (typ claim)");
  }
  auto principal = std::make_shared<Principal>(PrincipalFromClaims(claims, preset));
  if (own_okta && (!principal->partner_id || !principal->partner_admin)) {
    return InvalidToken("partner token without partnerId and role:partnerIdAdmin scopes");
  }
  entry.principal = principal;
  entry.not_before = NotBefore(claims);
  CachePut(cache_key, std::move(entry));
  return std::shared_ptr<const Principal>(std::move(principal));
}

asio::awaitable<Result<std::shared_ptr<const Principal>>> TokenVerifier::VerifyExternal(
    std::string_view token, const ExternalIssuer& issuer, const CacheKey& cache_key) {
  Result<JwksPtr> jwks = co_await external_->Keys(issuer);
  if (!jwks) co_return KeysUnavailable();
  JwksPtr set = std::move(*jwks);
  jose::VerifyOptions options;
  options.issuer = issuer.issuer;
  options.audiences.push_back(issuer.audience);
  options.now = clock_.Now();
  options.allowed_typ = {"JWT", "at+jwt", "Bearer"};
  const jose::Key* used = nullptr;
  const jose::KeyLookup lookup = [&set, &used](std::string_view kid) {
    used = set->Find(kid);
    return used;
  };
  Result<jose::VerifiedJwt> verified = jose::VerifyJwt(token, lookup, options);
  // The IdP may have rotated its keys: one refetch (single-flight, rate-limited), one retry.
  if (!verified && verified.error().api_code == jose::kUnknownKidCode) {
    const std::string kid = HeaderKid(token);
    Result<JwksPtr> refetched = co_await external_->RefetchFor(issuer, kid);
    if (!refetched) co_return KeysUnavailable();
    set = std::move(*refetched);
    options.now = clock_.Now();
    verified = jose::VerifyJwt(token, lookup, options);
  }
  if (!verified) co_return InvalidToken(verified.error().message);
  CacheEntry entry;
  entry.external = &issuer;
  entry.key = std::shared_ptr<const jose::Key>(set, used);
  co_return Accept(verified->claims, issuer.preset, false, cache_key, std::move(entry));
}

asio::awaitable<Result<std::shared_ptr<const Principal>>> TokenVerifier::Verify(
    std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) {
    co_return InvalidToken("token missing or larger than 16 KiB");
  }
  const CacheKey key = Sha256(token);
  if (std::optional<CacheEntry> cached = CacheGet(key)) {
    std::shared_ptr<const Principal> principal = co_await Revalidate(key, std::move(*cached));
    if (principal) co_return principal;
  }

  auto peeked = jose::PeekJwtClaims(token, kMaxTokenBytes);
  if (!peeked) co_return InvalidToken(peeked.error().message);
  const boost::json::value* iss = peeked->if_contains("iss");
  if (iss == nullptr || !iss->is_string()) co_return InvalidToken("token has no issuer");
  const std::string issuer(iss->as_string());
  if (const ExternalIssuer* external = ExternalFor(issuer)) {
    co_return co_await VerifyExternal(token, *external, key);
  }
  auto resolved = co_await ResolveIssuer(issuer);
  if (!resolved) co_return resolved.error();

  auto keys = co_await keys_.Current();
  if (!keys) co_return keys.error();
  jose::VerifyOptions options;
  options.issuer = issuer;
  options.audiences = resolved->audiences;
  options.now = clock_.Now();
  options.allowed_typ = {"JWT", "at+jwt", "Bearer"};
  std::shared_ptr<const KeySet> set = *keys;
  const jose::Key* used = nullptr;
  auto verified = jose::VerifyJwt(
      token,
      [&set, &used](std::string_view kid) {
        used = set->Find(kid);
        return used;
      },
      options);
  if (!verified) co_return InvalidToken(verified.error().message);
  CacheEntry entry;
  entry.key = std::shared_ptr<const jose::Key>(set, used);
  co_return Accept(verified->claims, resolved->preset, resolved->preset == ClaimPreset::kOkta, key,
                   std::move(entry));
}

}  // namespace ispcloud::auth
