#pragma once
// Helpers shared by the external-issuer tests (external_issuers*_test.cpp): an identity provider
// played by the test (its keys, JWKS documents, signed tokens) and the in-process auth stack a
// TokenVerifier needs (migrated SQLite database, signing keys, token service).

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/external_issuers.h"
#include "auth/jose/jwt.h"
#include "auth/jose/key.h"
#include "auth/key_store.h"
#include "auth/secret_hasher.h"
#include "auth/token_service.h"
#include "auth/token_verifier.h"
#include "core/random.h"
#include "storage/run_sync.h"
#include "storage_test_support.h"
#include "test_database.h"

namespace ispcloud::auth::test_support {

// Public URL of the server under test: its own Okta issuer is kOwnBase + "/oauth2/default".
inline constexpr std::string_view kOwnBase = "http://127.0.0.1:8080";

// A fresh ES256 key of the test IdP (cheap to generate).
inline jose::Key IdpKey(std::string kid) {
  Result<jose::Key> key = jose::Key::Generate(jose::Alg::kES256, std::move(kid));
  if (!key) throw std::runtime_error(key.error().message);
  return std::move(*key);
}

// The JWK Set publishing the public halves of `keys`.
inline std::string JwksOf(const std::vector<const jose::Key*>& keys) {
  boost::json::array list;
  for (const jose::Key* key : keys) list.push_back(key->PublicJwk());
  return boost::json::serialize(boost::json::object{{"keys", std::move(list)}});
}

inline http::OutgoingResponse Answer(std::string body, int status = 200,
                                     std::string content_type = "application/json") {
  http::OutgoingResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", std::move(content_type));
  response.body = std::move(body);
  return response;
}

inline int64_t UnixSeconds(TimePoint t) {
  return ToEpochMillis(t) / 1000;
}

// Claims of a valid access token of `issuer` for `audience`, issued at `now`, valid 5 minutes.
inline boost::json::object TokenClaims(std::string_view issuer, std::string_view audience,
                                       TimePoint now, std::string_view subject = "user-1") {
  return {{"iss", issuer},
          {"aud", audience},
          {"sub", subject},
          {"iat", UnixSeconds(now)},
          {"exp", UnixSeconds(now) + 300}};
}

inline std::string Sign(const jose::Key& key, const boost::json::object& claims,
                        std::string_view typ = "JWT") {
  Result<std::string> token = jose::SignJwt(key, claims, typ);
  if (!token) throw std::runtime_error(token.error().message);
  return std::move(*token);
}

// A TokenVerifier over a migrated temporary database, with this server's signing keys loaded
// and the given trusted issuers fetched through `http`.
class VerifierStack {
 public:
  VerifierStack(const std::vector<TrustedIssuer>& issuers, http::HttpClient& http,
                const Clock& clock, ExternalIssuersOptions options = {},
                size_t cache_capacity = 100'000) {
    db_ = Unwrap(storage::test_support::OpenTestDatabase(dir_, "auth.db"));
    keys_ = std::make_unique<KeyStore>(*db_, clock, SystemRandom::Instance(), KeyStoreOptions{});
    if (Status st = storage::RunSync(keys_->Load()); !st) {
      throw std::runtime_error(st.error().message);
    }
    TokenServiceOptions token_options;
    token_options.public_url = std::string(kOwnBase);
    tokens_ = std::make_unique<TokenService>(*db_, *keys_, hasher_, clock, SystemRandom::Instance(),
                                             token_options);
    external_ = Unwrap(ExternalIssuers::Create(issuers, http, clock, options));
    verifier_ = std::make_unique<TokenVerifier>(*db_, *keys_, *tokens_, clock, external_.get(),
                                                cache_capacity);
  }

  // Verifies on a private io_context (the caller's thread).
  Result<std::shared_ptr<const Principal>> Verify(const std::string& token) {
    return storage::RunSync(verifier_->Verify(token));
  }
  // The key set of this server's own issuers (signing() signs its tokens).
  std::shared_ptr<const KeySet> OwnKeys() { return storage::RunSync(keys_->Current()).value(); }

  TokenVerifier& verifier() { return *verifier_; }
  ExternalIssuers& external() { return *external_; }
  TokenService& tokens() { return *tokens_; }

 private:
  template <class T>
  static T Unwrap(Result<T> result) {
    if (!result) throw std::runtime_error(result.error().message);
    return std::move(*result);
  }

  storage::test_support::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<KeyStore> keys_;
  SecretHasher hasher_{1};
  std::unique_ptr<TokenService> tokens_;
  std::unique_ptr<ExternalIssuers> external_;
  std::unique_ptr<TokenVerifier> verifier_;
};

// Asserts that `result` is a refusal of the token (401 invalid_token) whose message names `why`.
inline void ExpectRefused(const Result<std::shared_ptr<const Principal>>& result,
                          std::string_view why) {
  ASSERT_FALSE(result.ok()) << "accepted; expected a refusal for: " << why;
  EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated) << result.error().message;
  EXPECT_EQ(result.error().api_code, "invalid_token");
  EXPECT_NE(result.error().message.find(why), std::string::npos)
      << "message \"" << result.error().message << "\" lacks \"" << why << "\"";
}

}  // namespace ispcloud::auth::test_support
