#pragma once
// Records of the built-in token server: realms, OAuth clients, users, signing keys.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ispcloud::auth {

// The realm of the Plume partner clients, served Okta-style at /oauth2/default.
inline constexpr std::string_view kDefaultRealm = "default";

struct Realm {
  std::string name;
  std::string audience;  // `aud` of the access tokens it issues
  int64_t token_lifespan_seconds = 3600;
  std::string created_at;
};

struct OAuthClient {
  std::string client_id;
  std::string realm;
  std::string secret_hash;                         // Argon2id
  std::optional<std::string> partner_id;           // Plume partner clients
  std::vector<std::string> scopes;                 // default scopes put in every token
  std::vector<std::string> service_account_roles;  // realm roles of client_credentials tokens
  int64_t ttl_seconds = 600;
  bool public_client = false;
  bool disabled = false;
  std::string created_at;
};

using Attributes = std::map<std::string, std::vector<std::string>>;

struct User {
  std::string id;
  std::string realm;
  std::string username;
  std::string email;
  std::string password_hash;  // Argon2id
  std::vector<std::string> roles;
  Attributes attributes;
  std::optional<std::string> partner_id;
  std::vector<std::string> group_ids;
  bool disabled = false;
  std::string created_at;
};

struct SigningKeyRecord {
  std::string kid;
  std::string alg;
  std::string private_key;  // PKCS#8 PEM or "enc:v1:..."
  std::string created_at;
  std::optional<std::string> retired_at;
  std::optional<std::string> verify_until;
};

}  // namespace ispcloud::auth
