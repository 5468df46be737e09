#pragma once
// Rows of the token server tables (migrations/sqlite/0002_auth.sql).

#include <optional>
#include <string_view>
#include <vector>

#include "auth/model.h"
#include "storage/db.h"

namespace ispcloud::storage::auth_repo {

using ispcloud::auth::OAuthClient;
using ispcloud::auth::Realm;
using ispcloud::auth::SigningKeyRecord;
using ispcloud::auth::User;

asio::awaitable<Result<std::optional<Realm>>> FindRealm(Tx& tx, std::string_view name);
// Inserts a realm; an existing name fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertRealm(Tx& tx, const Realm& realm);

asio::awaitable<Status> InsertClient(Tx& tx, const OAuthClient& client);
asio::awaitable<Result<std::optional<OAuthClient>>> FindClient(Tx& tx, std::string_view client_id);
// Every client of `realm` (all realms when empty), by client id.
asio::awaitable<Result<std::vector<OAuthClient>>> ListClients(Tx& tx, std::string_view realm);
// Marks a client disabled; false when no such client.
asio::awaitable<Result<bool>> DisableClient(Tx& tx, std::string_view client_id);

asio::awaitable<Status> InsertUser(Tx& tx, const User& user);
asio::awaitable<Result<std::optional<User>>> FindUserByName(Tx& tx, std::string_view realm,
                                                            std::string_view username);
asio::awaitable<Result<std::optional<User>>> FindUserById(Tx& tx, std::string_view id);
asio::awaitable<Result<std::vector<User>>> ListUsers(Tx& tx, std::string_view realm);
// Sets `disabled`; false when no such user.
asio::awaitable<Result<bool>> SetUserDisabled(Tx& tx, std::string_view realm,
                                              std::string_view username, bool disabled);

asio::awaitable<Status> InsertSigningKey(Tx& tx, const SigningKeyRecord& key);
// Keys still usable for verification at `now` (verify_until absent or later), newest first.
asio::awaitable<Result<std::vector<SigningKeyRecord>>> ListLiveSigningKeys(Tx& tx,
                                                                           std::string_view now);
// Every key, newest first.
asio::awaitable<Result<std::vector<SigningKeyRecord>>> ListAllSigningKeys(Tx& tx);
// Retires every signing key not yet retired: stops signing at `at`, verified until `until`.
asio::awaitable<Status> RetireSigningKeys(Tx& tx, std::string_view at, std::string_view until);

}  // namespace ispcloud::storage::auth_repo
