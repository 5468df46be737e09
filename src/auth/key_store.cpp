#include "auth/key_store.h"

#include <sodium.h>

#include <boost/json/array.hpp>

#include "auth/jose/base64url.h"
#include "storage/auth/auth_repository.h"

namespace ispcloud::auth {
namespace {

namespace repo = storage::auth_repo;
constexpr std::string_view kSealedPrefix = "enc:v1:";

std::string Iso(TimePoint t) {
  return FormatIso8601Millis(t);
}

}  // namespace

const jose::Key* KeySet::Find(std::string_view kid) const {
  for (const jose::Key& k : keys) {
    if (k.kid() == kid) return &k;
  }
  return nullptr;
}

boost::json::object KeySet::Jwks() const {
  boost::json::array list;
  for (const jose::Key& k : keys) list.push_back(k.PublicJwk());
  return boost::json::object{{"keys", std::move(list)}};
}

KeyStore::KeyStore(storage::Database& db, const Clock& clock, Random& random,
                   KeyStoreOptions options)
    : db_(db), clock_(clock), random_(random), options_(std::move(options)) {}

Result<std::string> KeyStore::Seal(const std::string& pem) {
  if (options_.encryption_passphrase.empty()) return pem;
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to initialise");
  unsigned char key[crypto_secretbox_KEYBYTES];
  crypto_generichash(key, sizeof key,
                     reinterpret_cast<const unsigned char*>(options_.encryption_passphrase.data()),
                     options_.encryption_passphrase.size(), nullptr, 0);
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + pem.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  random_.Fill(std::span<uint8_t>(out, crypto_secretbox_NONCEBYTES));
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(pem.data()), pem.size(), out, key);
  sodium_memzero(key, sizeof key);
  return std::string(kSealedPrefix) + jose::Base64UrlEncode(box);
}

Result<std::string> KeyStore::Open(const std::string& stored) {
  if (stored.rfind(kSealedPrefix, 0) != 0) return stored;
  if (options_.encryption_passphrase.empty()) {
    return MakeError(ErrorCode::kUnavailable,
                     "signing keys are encrypted; set auth.key_encryption_key or "
                     "ISPCLOUD_KEY_ENCRYPTION_KEY");
  }
  auto box = jose::Base64UrlDecode(std::string_view(stored).substr(kSealedPrefix.size()));
  if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return MakeError(ErrorCode::kInternal, "stored signing key is corrupt");
  }
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to initialise");
  unsigned char key[crypto_secretbox_KEYBYTES];
  crypto_generichash(key, sizeof key,
                     reinterpret_cast<const unsigned char*>(options_.encryption_passphrase.data()),
                     options_.encryption_passphrase.size(), nullptr, 0);
  const auto* in = reinterpret_cast<const unsigned char*>(box->data());
  const size_t cipher_len = box->size() - crypto_secretbox_NONCEBYTES;
  std::string pem(cipher_len - crypto_secretbox_MACBYTES, '\0');
  int rc = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(pem.data()),
                                      in + crypto_secretbox_NONCEBYTES, cipher_len, in, key);
  sodium_memzero(key, sizeof key);
  if (rc != 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot decrypt the signing keys: wrong auth.key_encryption_key");
  }
  return pem;
}

asio::awaitable<Result<std::shared_ptr<const KeySet>>> KeyStore::ReadKeys() {
  std::vector<SigningKeyRecord> records;
  const std::string now = Iso(clock_.Now());
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto live = co_await repo::ListLiveSigningKeys(tx, now);
    if (!live) co_return live.error();
    records = std::move(*live);
    co_return Ok();
  });
  if (!st) co_return st.error();
  auto set = std::make_shared<KeySet>();
  for (const SigningKeyRecord& r : records) {
    auto alg = jose::ParseAlg(r.alg);
    if (!alg) co_return MakeError(ErrorCode::kInternal, "signing key " + r.kid + ": bad alg");
    auto pem = Open(r.private_key);
    if (!pem) co_return pem.error();
    auto key = jose::Key::FromPrivatePem(*pem, *alg, r.kid);
    if (!key) co_return key.error();
    set->keys.push_back(std::move(*key));
  }
  co_return std::shared_ptr<const KeySet>(std::move(set));
}

asio::awaitable<Status> KeyStore::Load() {
  auto set = co_await ReadKeys();
  if (!set) co_return set.error();
  if ((*set)->keys.empty()) {
    auto kid = co_await Rotate();
    if (!kid) co_return kid.error();
    co_return Ok();
  }
  std::lock_guard lock(mu_);
  current_ = std::move(*set);
  loaded_at_ = clock_.Now();
  co_return Ok();
}

asio::awaitable<Result<std::string>> KeyStore::Rotate() {
  const TimePoint now = clock_.Now();
  std::string kid = random_.Hex(12);
  auto key = jose::Key::Generate(options_.alg, kid);
  if (!key) co_return key.error();
  auto pem = key->PrivatePem();
  if (!pem) co_return pem.error();
  auto sealed = Seal(*pem);
  if (!sealed) co_return sealed.error();
  SigningKeyRecord record{
      kid, std::string(jose::AlgName(options_.alg)), *sealed, Iso(now), std::nullopt, std::nullopt};
  const std::string retired_at = Iso(now);
  const std::string verify_until = Iso(now + options_.verify_after_retire);
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    if (Status s = co_await repo::RetireSigningKeys(tx, retired_at, verify_until); !s) co_return s;
    co_return co_await repo::InsertSigningKey(tx, record);
  });
  if (!st) co_return st.error();
  auto set = co_await ReadKeys();
  if (!set) co_return set.error();
  std::lock_guard lock(mu_);
  current_ = std::move(*set);
  loaded_at_ = now;
  co_return kid;
}

asio::awaitable<Result<std::shared_ptr<const KeySet>>> KeyStore::Current() {
  std::shared_ptr<const KeySet> snapshot;
  bool stale = false;
  {
    std::lock_guard lock(mu_);
    snapshot = current_;
    stale = clock_.Now() - loaded_at_ > options_.reload_interval;
    if (stale) loaded_at_ = clock_.Now();  // one reader reloads; the others keep the snapshot
  }
  if (stale || !snapshot) {
    auto fresh = co_await ReadKeys();
    if (fresh && !(*fresh)->keys.empty()) {
      std::lock_guard lock(mu_);
      current_ = *fresh;
      snapshot = *fresh;
    }
  }
  if (!snapshot || snapshot->keys.empty()) {
    co_return MakeError(ErrorCode::kUnavailable, "no signing key loaded");
  }
  co_return snapshot;
}

asio::awaitable<Result<std::vector<boost::json::object>>> KeyStore::Describe() {
  std::vector<SigningKeyRecord> records;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto all = co_await repo::ListAllSigningKeys(tx);
    if (!all) co_return all.error();
    records = std::move(*all);
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::vector<boost::json::object> out;
  for (const SigningKeyRecord& r : records) {
    boost::json::object o{{"kid", r.kid},
                          {"alg", r.alg},
                          {"createdAt", r.created_at},
                          {"encrypted", r.private_key.rfind(kSealedPrefix, 0) == 0}};
    o["retiredAt"] = r.retired_at ? boost::json::value(*r.retired_at) : nullptr;
    o["verifyUntil"] = r.verify_until ? boost::json::value(*r.verify_until) : nullptr;
    out.push_back(std::move(o));
  }
  co_return out;
}

}  // namespace ispcloud::auth
