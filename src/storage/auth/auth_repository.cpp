#include "storage/auth/auth_repository.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/strings.h"
#include "storage/columns.h"

namespace ispcloud::storage::auth_repo {
namespace {

std::string ToJson(const auth::Attributes& attrs) {
  boost::json::object o;
  for (const auto& [k, values] : attrs) {
    boost::json::array a;
    for (const auto& v : values) a.emplace_back(v);
    o[k] = std::move(a);
  }
  return boost::json::serialize(o);
}

auth::Attributes AttributesFromJson(const std::string& text) {
  auth::Attributes out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, values] : v.as_object()) {
    auto& dst = out[std::string(k)];
    if (!values.is_array()) continue;
    for (const auto& item : values.as_array()) {
      if (item.is_string()) dst.emplace_back(item.as_string());
    }
  }
  return out;
}

constexpr std::string_view kClientColumns =
    "client_id, realm, secret_hash, partner_id, scope, service_account_roles, ttl_seconds, "
    "public_client, disabled, created_at";

OAuthClient ClientFromRow(const Row& r) {
  OAuthClient c;
  c.client_id = r.Text(0);
  c.realm = r.Text(1);
  c.secret_hash = r.Text(2);
  c.partner_id = OptionalTextAt(r, 3);
  c.scopes = SplitSpaces(r.Text(4));
  c.service_account_roles = StringListFromJson(r.Text(5));
  c.ttl_seconds = r.Int(6);
  c.public_client = r.Int(7) != 0;
  c.disabled = r.Int(8) != 0;
  c.created_at = r.Text(9);
  return c;
}

constexpr std::string_view kUserColumns =
    "id, realm, username, email, password_hash, roles, attributes, partner_id, group_ids, "
    "disabled, created_at";

User UserFromRow(const Row& r) {
  User u;
  u.id = r.Text(0);
  u.realm = r.Text(1);
  u.username = r.Text(2);
  u.email = r.Text(3);
  u.password_hash = r.Text(4);
  u.roles = StringListFromJson(r.Text(5));
  u.attributes = AttributesFromJson(r.Text(6));
  u.partner_id = OptionalTextAt(r, 7);
  u.group_ids = StringListFromJson(r.Text(8));
  u.disabled = r.Int(9) != 0;
  u.created_at = r.Text(10);
  return u;
}

SigningKeyRecord KeyFromRow(const Row& r) {
  return SigningKeyRecord{
      r.Text(0), r.Text(1), r.Text(2), r.Text(3), OptionalTextAt(r, 4), OptionalTextAt(r, 5)};
}

// Runs a query and maps every row.
template <typename T, typename Map>
asio::awaitable<Result<std::vector<T>>> QueryAll(Tx& tx, std::string sql, Params params, Map map) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(map(r));
  co_return out;
}

template <typename T, typename Map>
asio::awaitable<Result<std::optional<T>>> QueryOne(Tx& tx, std::string sql, Params params,
                                                   Map map) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<T>();
  co_return std::optional<T>(map(rows->rows.front()));
}

asio::awaitable<Status> ExecStatus(Tx& tx, std::string_view sql, Params params) {
  auto done = co_await tx.Exec(sql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

}  // namespace

asio::awaitable<Result<std::optional<Realm>>> FindRealm(Tx& tx, std::string_view name) {
  std::string sql =
      "SELECT name, audience, token_lifespan_seconds, created_at FROM realms WHERE name = $1";
  Params params = MakeParams(std::string(name));
  co_return co_await QueryOne<Realm>(tx, std::move(sql), std::move(params), [](const Row& r) {
    return Realm{r.Text(0), r.Text(1), r.Int(2), r.Text(3)};
  });
}

asio::awaitable<Status> InsertRealm(Tx& tx, const Realm& realm) {
  Params params =
      MakeParams(realm.name, realm.audience, realm.token_lifespan_seconds, realm.created_at);
  co_return co_await ExecStatus(
      tx,
      "INSERT INTO realms (name, audience, token_lifespan_seconds, created_at) "
      "VALUES ($1, $2, $3, $4)",
      std::move(params));
}

asio::awaitable<Status> InsertClient(Tx& tx, const OAuthClient& c) {
  Params params = MakeParams(c.client_id, c.realm, c.secret_hash, OptionalText(c.partner_id),
                             JoinSpaces(c.scopes), StringListToJson(c.service_account_roles),
                             c.ttl_seconds, Flag(c.public_client), Flag(c.disabled), c.created_at);
  co_return co_await ExecStatus(tx,
                                "INSERT INTO oauth_clients (client_id, realm, secret_hash, "
                                "partner_id, scope, service_account_roles, ttl_seconds, "
                                "public_client, disabled, created_at) "
                                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                std::move(params));
}

asio::awaitable<Result<std::optional<OAuthClient>>> FindClient(Tx& tx, std::string_view client_id) {
  std::string sql =
      "SELECT " + std::string(kClientColumns) + " FROM oauth_clients WHERE client_id = $1";
  Params params = MakeParams(std::string(client_id));
  co_return co_await QueryOne<OAuthClient>(tx, std::move(sql), std::move(params), ClientFromRow);
}

asio::awaitable<Result<std::vector<OAuthClient>>> ListClients(Tx& tx, std::string_view realm) {
  std::string sql = "SELECT " + std::string(kClientColumns) +
                    " FROM oauth_clients WHERE $1 = '' OR realm = $1 ORDER BY client_id";
  Params params = MakeParams(std::string(realm));
  co_return co_await QueryAll<OAuthClient>(tx, std::move(sql), std::move(params), ClientFromRow);
}

asio::awaitable<Result<bool>> DisableClient(Tx& tx, std::string_view client_id) {
  Params params = MakeParams(std::string(client_id));
  auto changed = co_await tx.Exec("UPDATE oauth_clients SET disabled = 1 WHERE client_id = $1",
                                  std::move(params));
  if (!changed) co_return changed.error();
  co_return *changed > 0;
}

asio::awaitable<Status> InsertUser(Tx& tx, const User& u) {
  Params params =
      MakeParams(u.id, u.realm, u.username, u.email, u.password_hash, StringListToJson(u.roles),
                 ToJson(u.attributes), OptionalText(u.partner_id), StringListToJson(u.group_ids),
                 Flag(u.disabled), u.created_at);
  co_return co_await ExecStatus(
      tx,
      "INSERT INTO users (id, realm, username, email, password_hash, roles, attributes, "
      "partner_id, group_ids, disabled, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      std::move(params));
}

asio::awaitable<Result<std::optional<User>>> FindUserByName(Tx& tx, std::string_view realm,
                                                            std::string_view username) {
  std::string sql =
      "SELECT " + std::string(kUserColumns) + " FROM users WHERE realm = $1 AND username = $2";
  Params params = MakeParams(std::string(realm), std::string(username));
  co_return co_await QueryOne<User>(tx, std::move(sql), std::move(params), UserFromRow);
}

asio::awaitable<Result<std::optional<User>>> FindUserById(Tx& tx, std::string_view id) {
  std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = $1";
  Params params = MakeParams(std::string(id));
  co_return co_await QueryOne<User>(tx, std::move(sql), std::move(params), UserFromRow);
}

asio::awaitable<Result<std::vector<User>>> ListUsers(Tx& tx, std::string_view realm) {
  std::string sql = "SELECT " + std::string(kUserColumns) +
                    " FROM users WHERE $1 = '' OR realm = $1 ORDER BY realm, username";
  Params params = MakeParams(std::string(realm));
  co_return co_await QueryAll<User>(tx, std::move(sql), std::move(params), UserFromRow);
}

asio::awaitable<Result<bool>> SetUserDisabled(Tx& tx, std::string_view realm,
                                              std::string_view username, bool disabled) {
  Params params = MakeParams(Flag(disabled), std::string(realm), std::string(username));
  auto changed = co_await tx.Exec(
      "UPDATE users SET disabled = $1 WHERE realm = $2 AND username = $3", std::move(params));
  if (!changed) co_return changed.error();
  co_return *changed > 0;
}

asio::awaitable<Status> InsertSigningKey(Tx& tx, const SigningKeyRecord& k) {
  Params params = MakeParams(k.kid, k.alg, k.private_key, k.created_at, OptionalText(k.retired_at),
                             OptionalText(k.verify_until));
  co_return co_await ExecStatus(tx,
                                "INSERT INTO signing_keys (kid, alg, private_key, created_at, "
                                "retired_at, verify_until) VALUES ($1, $2, $3, $4, $5, $6)",
                                std::move(params));
}

asio::awaitable<Result<std::vector<SigningKeyRecord>>> ListLiveSigningKeys(Tx& tx,
                                                                           std::string_view now) {
  std::string sql =
      "SELECT kid, alg, private_key, created_at, retired_at, verify_until FROM signing_keys "
      "WHERE verify_until IS NULL OR verify_until > $1 ORDER BY created_at DESC, kid DESC";
  Params params = MakeParams(std::string(now));
  co_return co_await QueryAll<SigningKeyRecord>(tx, std::move(sql), std::move(params), KeyFromRow);
}

asio::awaitable<Result<std::vector<SigningKeyRecord>>> ListAllSigningKeys(Tx& tx) {
  std::string sql =
      "SELECT kid, alg, private_key, created_at, retired_at, verify_until FROM signing_keys "
      "ORDER BY created_at DESC, kid DESC";
  Params none;
  co_return co_await QueryAll<SigningKeyRecord>(tx, std::move(sql), std::move(none), KeyFromRow);
}

asio::awaitable<Status> RetireSigningKeys(Tx& tx, std::string_view at, std::string_view until) {
  Params params = MakeParams(std::string(at), std::string(until));
  co_return co_await ExecStatus(
      tx, "UPDATE signing_keys SET retired_at = $1, verify_until = $2 WHERE retired_at IS NULL",
      std::move(params));
}

}  // namespace ispcloud::storage::auth_repo
