#pragma once
// Rows behind the legacy Plume login (PLUME-API.md §3.4, §3.5): the accounts that may log in
// (customers and Plume operator users) and the login tokens (migrations/sqlite/0007).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::plume {

// Who a login name or a login token belongs to.
struct LoginAccount {
  enum class Kind { kCustomer, kOperatorUser };
  Kind kind = Kind::kCustomer;
  std::string id;                          // customer id or users.id
  std::optional<std::string> password_hash;  // Argon2id; nullopt: the account has no password
  bool email_verified = false;             // customers only
  bool disabled = false;                   // operator users only
  std::string partner_id;
  std::vector<std::string> group_ids;
  std::vector<std::string> roles;  // operator users: realm roles (groupAdmin, groupSupport)
  std::string username;            // operator users
};

// A stored login token (only its SHA-256 fingerprint).
struct LoginTokenRecord {
  std::string token_hash;
  std::optional<std::string> customer_id;
  std::optional<std::string> user_id;
  std::string created_at;
  std::string expires_at;
};

// Accounts whose email equals `email` (compared lower-cased): the customer first, then Plume
// operator users (users with a partner) of any realm.
asio::awaitable<Result<std::vector<LoginAccount>>> FindLoginAccountsByEmail(Tx& tx,
                                                                             std::string_view email);

asio::awaitable<Status> InsertLoginToken(Tx& tx, const LoginTokenRecord& record);

// The owner of the token with fingerprint `token_hash` when the token is unexpired at `now`
// (ISO-8601) and its owner still exists; nullopt otherwise. Disabled users are returned with
// `disabled` set (the caller refuses them).
asio::awaitable<Result<std::optional<LoginAccount>>> FindLoginTokenOwner(
    Tx& tx, std::string_view token_hash, std::string_view now);

// Deletes one token; false when there was none.
asio::awaitable<Result<bool>> DeleteLoginToken(Tx& tx, std::string_view token_hash);

// Deletes the tokens expired at `now`; returns how many.
asio::awaitable<Result<int64_t>> DeleteExpiredLoginTokens(Tx& tx, std::string_view now);

}  // namespace ispcloud::storage::plume
