#pragma once
// Operator administration of the token server (the `client`, `user` and `keys` commands):
// realms come into being with their first client or user.

#include <optional>
#include <string>
#include <vector>

#include "auth/model.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "core/random.h"
#include "domain/actor.h"
#include "storage/db.h"

namespace ispcloud::auth {

struct CreatedClient {
  OAuthClient client;
  std::string secret;  // shown once, never stored
};

struct NewRealmClient {
  std::string realm;
  std::string client_id;
  std::vector<std::string> scopes;
  std::vector<std::string> service_account_roles;
  bool public_client = false;
};

struct NewUser {
  std::string realm = "default";
  std::string username;
  std::string email;
  std::string password;
  std::vector<std::string> roles;
  Attributes attributes;
  std::optional<std::string> partner_id;
  std::vector<std::string> group_ids;
};

class AuthAdmin {
 public:
  AuthAdmin(storage::Database& db, const Clock& clock, Random& random, ObjectIdGenerator& ids,
            std::string okta_audience)
      : db_(db),
        clock_(clock),
        random_(random),
        ids_(ids),
        okta_audience_(std::move(okta_audience)) {}

  // A machine-to-machine client of Plume partner `partner_id` in realm "default"; token TTL
  // 5..1440 minutes. Errors: kValidation (ttl), kNotFound (partner).
  asio::awaitable<Result<CreatedClient>> CreatePartnerClient(const domain::Actor& actor,
                                                             std::string partner_id,
                                                             int ttl_minutes);
  // A Keycloak-style client of `realm` (created when new). Errors: kValidation, kConflict.
  asio::awaitable<Result<CreatedClient>> CreateRealmClient(const domain::Actor& actor,
                                                           NewRealmClient request);
  asio::awaitable<Result<std::vector<OAuthClient>>> ListClients(std::string realm);
  // Disables a client: it gets no new tokens. Errors: kNotFound.
  asio::awaitable<Status> RevokeClient(const domain::Actor& actor, std::string client_id);

  // A user of `realm` (created when new). Errors: kValidation, kNotFound (partner), kConflict.
  asio::awaitable<Result<User>> CreateUser(const domain::Actor& actor, NewUser request);
  asio::awaitable<Result<std::vector<User>>> ListUsers(std::string realm);
  asio::awaitable<Status> SetUserDisabled(const domain::Actor& actor, std::string realm,
                                          std::string username, bool disabled);

 private:
  // Creates `realm` inside `tx` when it does not exist yet.
  asio::awaitable<Status> EnsureRealm(storage::Tx& tx, const std::string& realm,
                                      const std::string& now);

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  ObjectIdGenerator& ids_;
  std::string okta_audience_;
};

// Realm names: 1-64 characters of [A-Za-z0-9._-].
bool IsValidRealmName(std::string_view realm);

}  // namespace ispcloud::auth
