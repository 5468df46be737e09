#pragma once
// CLI commands of the token server: client create|list|revoke, user create|list|disable,
// keys rotate|list, token issue.

#include <CLI/CLI.hpp>
#include <memory>

#include "app/commands.h"

namespace ispcloud::app {

struct ClientFlags;
struct UserFlags;

// Option storage of the auth commands; must outlive parsing.
struct AuthFlags {
  AuthFlags();
  ~AuthFlags();
  std::unique_ptr<ClientFlags> client_ptr;
  std::unique_ptr<UserFlags> user_ptr;
  ClientFlags& client;
  UserFlags& user;
};

// Adds the commands to `cli`; each sets `rc` to its exit code when it runs.
void AddAuthCommands(CLI::App& cli, CommonFlags& flags, AuthFlags& auth_flags, int& rc);

}  // namespace ispcloud::app
