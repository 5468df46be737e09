#pragma once
// Signing keys of the built-in token server. The first key is generated on first start; `Rotate`
// adds a new one and retires the others, which stay published (JWKS) and accepted until every
// token they signed has expired. Private keys may be encrypted at rest with a passphrase.
// Thread-safe: readers take an immutable snapshot.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auth/jose/key.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/random.h"
#include "storage/db.h"

namespace ispcloud::auth {

// The keys in force at one moment.
struct KeySet {
  std::vector<jose::Key> keys;  // newest first; keys[0] signs
  // The key with `kid`, or null.
  const jose::Key* Find(std::string_view kid) const;
  const jose::Key& signing() const { return keys.front(); }
  // {"keys":[...public JWKs...]}
  boost::json::object Jwks() const;
};

struct KeyStoreOptions {
  jose::Alg alg = jose::Alg::kES256;
  std::string encryption_passphrase;  // empty: stored in clear
  // How long a retired key stays verifiable: the longest token lifetime plus clock leeway.
  std::chrono::seconds verify_after_retire{24 * 3600 + 120};
  // How often a running server re-reads the keys (to see `ispcloud keys rotate`).
  std::chrono::seconds reload_interval{30};
};

class KeyStore {
 public:
  KeyStore(storage::Database& db, const Clock& clock, Random& random, KeyStoreOptions options);

  // Loads the live keys, creating the first one when there is none. Errors: a key that cannot
  // be decrypted (wrong or missing passphrase) or parsed.
  asio::awaitable<Status> Load();

  // Creates a new signing key and retires the previous ones. Returns the new kid.
  asio::awaitable<Result<std::string>> Rotate();

  // The current snapshot (Load() must have succeeded). Re-reads the database first when the
  // snapshot is older than reload_interval.
  asio::awaitable<Result<std::shared_ptr<const KeySet>>> Current();

  // Every key record (for `ispcloud keys list`), newest first, without private material.
  asio::awaitable<Result<std::vector<boost::json::object>>> Describe();

 private:
  asio::awaitable<Result<std::shared_ptr<const KeySet>>> ReadKeys();
  Result<std::string> Seal(const std::string& pem);
  Result<std::string> Open(const std::string& stored);

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  KeyStoreOptions options_;
  std::mutex mu_;
  std::shared_ptr<const KeySet> current_;
  TimePoint loaded_at_;
};

}  // namespace ispcloud::auth
