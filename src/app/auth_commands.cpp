#include "app/auth_commands.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <iostream>
#include <memory>

#include "app/app.h"
#include "auth/auth_admin.h"
#include "auth/jose/key.h"
#include "auth/key_store.h"
#include "auth/token_service.h"
#include "core/strings.h"
#include "storage/run_sync.h"

namespace ispcloud::app {

struct ClientFlags {
  std::string partner;
  int ttl_minutes = 10;
  std::string realm;
  std::string client_id;
  std::string scope;
  std::vector<std::string> service_account_roles;
  bool public_client = false;
};

struct UserFlags {
  std::string realm = "default";
  std::string username;
  std::string email;
  bool password_stdin = false;
  std::vector<std::string> roles;
  std::vector<std::string> attrs;
  std::string partner;
  std::vector<std::string> groups;
};

AuthFlags::AuthFlags()
    : client_ptr(std::make_unique<ClientFlags>()),
      user_ptr(std::make_unique<UserFlags>()),
      client(*client_ptr),
      user(*user_ptr) {}
AuthFlags::~AuthFlags() = default;

namespace {

// Everything an auth command needs, opened against a migrated database.
struct AuthEnv {
  Config config;
  std::unique_ptr<storage::Database> db;
  ObjectIdGenerator ids{SystemClock::Instance(), SystemRandom::Instance()};
  std::unique_ptr<auth::AuthAdmin> admin;
};

Result<std::unique_ptr<AuthEnv>> OpenAuthEnv(const CommonFlags& flags) {
  auto config = ResolveConfig(flags);
  if (!config) return config.error();
  auto db = OpenMigratedDatabase(*config);
  if (!db) return db.error();
  auto env = std::make_unique<AuthEnv>();
  env->config = std::move(*config);
  env->db = std::move(*db);
  env->admin =
      std::make_unique<auth::AuthAdmin>(*env->db, SystemClock::Instance(), SystemRandom::Instance(),
                                        env->ids, env->config.auth.okta_audience);
  return env;
}

// Public base URL for printed token URLs (server.public_url, or http://<listen>).
std::string PublicUrl(const Config& config) {
  auto hp = ParseHostPort(config.server.listen);
  return EffectivePublicUrl(config, hp ? hp->port : 8080);
}

boost::json::array JsonStrings(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

boost::json::object ClientJson(const auth::OAuthClient& c) {
  boost::json::object o{{"client_id", c.client_id},
                        {"realm", c.realm},
                        {"scope", JoinSpaces(c.scopes)},
                        {"service_account_roles", JsonStrings(c.service_account_roles)},
                        {"ttl_seconds", c.ttl_seconds},
                        {"public", c.public_client},
                        {"disabled", c.disabled},
                        {"created_at", c.created_at}};
  o["partner_id"] = c.partner_id ? boost::json::value(*c.partner_id) : nullptr;
  return o;
}

boost::json::object UserJson(const auth::User& u) {
  boost::json::object attrs;
  for (const auto& [k, v] : u.attributes) attrs[k] = JsonStrings(v);
  boost::json::object o{{"id", u.id},
                        {"realm", u.realm},
                        {"username", u.username},
                        {"email", u.email},
                        {"roles", JsonStrings(u.roles)},
                        {"attributes", std::move(attrs)},
                        {"group_ids", JsonStrings(u.group_ids)},
                        {"disabled", u.disabled},
                        {"created_at", u.created_at}};
  o["partner_id"] = u.partner_id ? boost::json::value(*u.partner_id) : nullptr;
  return o;
}

int ClientCreate(const CommonFlags& flags, const ClientFlags& f) {
  auto env = OpenAuthEnv(flags);
  if (!env) return ReportError(env.error());
  const std::string base = PublicUrl((*env)->config);
  Result<auth::CreatedClient> created = MakeError(ErrorCode::kInternal, "unset");
  std::string token_url;
  if (!f.partner.empty()) {
    if (!f.realm.empty() || !f.client_id.empty()) {
      return ReportError(MakeError(ErrorCode::kInvalidArgument,
                                   "--partner cannot be combined with --realm/--client-id"));
    }
    created =
        storage::RunSync((*env)->admin->CreatePartnerClient(CliActor(), f.partner, f.ttl_minutes));
    token_url = base + "/oauth2/default/v1/token";
  } else {
    if (f.realm.empty() || f.client_id.empty()) {
      return ReportError(MakeError(ErrorCode::kInvalidArgument,
                                   "give either --partner ID, or --realm REALM --client-id ID"));
    }
    auth::NewRealmClient request{f.realm, f.client_id, SplitSpaces(f.scope),
                                 f.service_account_roles, f.public_client};
    created = storage::RunSync((*env)->admin->CreateRealmClient(CliActor(), request));
    token_url = base + "/realms/" + f.realm + "/protocol/openid-connect/token";
  }
  if (!created) return ReportError(created.error());
  boost::json::object out{{"client_id", created->client.client_id},
                          {"client_secret", created->secret},
                          {"token_url", token_url},
                          {"scope", JoinSpaces(created->client.scopes)}};
  PrintJson(out);
  return kExitOk;
}

Result<auth::Attributes> ParseAttrs(const std::vector<std::string>& attrs) {
  auth::Attributes out;
  for (const std::string& a : attrs) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "--attr must be key=value, got '" + a + "'");
    }
    out[a.substr(0, eq)].push_back(a.substr(eq + 1));
  }
  return out;
}

int UserCreate(const CommonFlags& flags, const UserFlags& f) {
  if (!f.password_stdin) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument,
                                 "--password-stdin is required (passwords never go on the "
                                 "command line)"));
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto attrs = ParseAttrs(f.attrs);
  if (!attrs) return ReportError(attrs.error());
  auto env = OpenAuthEnv(flags);
  if (!env) return ReportError(env.error());
  auth::NewUser request;
  request.realm = f.realm;
  request.username = f.username;
  request.email = f.email;
  request.password = std::move(password);
  request.roles = f.roles;
  request.attributes = std::move(*attrs);
  if (!f.partner.empty()) request.partner_id = f.partner;
  request.group_ids = f.groups;
  auto user = storage::RunSync((*env)->admin->CreateUser(CliActor(), std::move(request)));
  if (!user) return ReportError(user.error());
  PrintJson(UserJson(*user));
  return kExitOk;
}

std::unique_ptr<auth::KeyStore> MakeKeyStore(AuthEnv& env) {
  return std::make_unique<auth::KeyStore>(*env.db, SystemClock::Instance(),
                                          SystemRandom::Instance(), KeyStoreOptionsFor(env.config));
}

// Runs `fn(env)` against a migrated database and prints the JSON it returns.
template <typename Fn>
int WithAuthEnv(const CommonFlags& flags, Fn fn) {
  auto env = OpenAuthEnv(flags);
  if (!env) return ReportError(env.error());
  Result<boost::json::value> out = fn(**env);
  if (!out) return ReportError(out.error());
  PrintJson(*out);
  return kExitOk;
}

}  // namespace

void AddAuthCommands(CLI::App& cli, CommonFlags& flags, AuthFlags& auth_flags, int& rc) {
  ClientFlags& client_flags = auth_flags.client;
  UserFlags& user_flags = auth_flags.user;

  CLI::App* client = cli.add_subcommand("client", "Manage OAuth clients of the token server");
  client->require_subcommand(1);
  CLI::App* c_create = client->add_subcommand(
      "create",
      "Create a client: --partner ID (Plume partner, realm default) or --realm R "
      "--client-id ID (Keycloak style). Prints the secret once.");
  AddCommonOptions(c_create, flags);
  c_create->add_option("--partner", client_flags.partner, "Plume partner id");
  c_create->add_option("--ttl-minutes", client_flags.ttl_minutes,
                       "partner token lifetime, 5..1440 (default 10)");
  c_create->add_option("--realm", client_flags.realm, "realm (created if new)");
  c_create->add_option("--client-id", client_flags.client_id, "client id in the realm");
  c_create->add_option("--scope", client_flags.scope,
                       "default scopes, space-separated, e.g. \"obp-apigw:read obp-apigw:write\"");
  c_create->add_option("--service-account-role", client_flags.service_account_roles,
                       "realm role of client_credentials tokens (repeatable)");
  c_create->add_flag("--public", client_flags.public_client,
                     "public client: password grant without a secret");
  c_create->callback([&] { rc = ClientCreate(flags, client_flags); });

  CLI::App* c_list = client->add_subcommand("list", "List clients (no secrets)");
  AddCommonOptions(c_list, flags);
  c_list->add_option("--realm", client_flags.realm, "only this realm");
  c_list->callback([&] {
    rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
      auto list = storage::RunSync(env.admin->ListClients(client_flags.realm));
      if (!list) return list.error();
      boost::json::array out;
      for (const auto& c : *list) out.push_back(ClientJson(c));
      return boost::json::value(std::move(out));
    });
  });

  CLI::App* c_revoke = client->add_subcommand("revoke", "Disable a client (no new tokens)");
  AddCommonOptions(c_revoke, flags);
  c_revoke->add_option("--client-id", client_flags.client_id, "client id")->required();
  c_revoke->callback([&] {
    rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
      Status st = storage::RunSync(env.admin->RevokeClient(CliActor(), client_flags.client_id));
      if (!st) return st.error();
      return boost::json::value(
          boost::json::object{{"client_id", client_flags.client_id}, {"disabled", true}});
    });
  });

  CLI::App* user = cli.add_subcommand("user", "Manage users of the token server");
  user->require_subcommand(1);
  CLI::App* u_create = user->add_subcommand("create", "Create a user (password read from stdin)");
  AddCommonOptions(u_create, flags);
  u_create->add_option("--realm", user_flags.realm, "realm (default: default)");
  u_create->add_option("--username", user_flags.username, "user name")->required();
  u_create->add_option("--email", user_flags.email, "email address")->required();
  u_create->add_flag("--password-stdin", user_flags.password_stdin,
                     "read the password from the first line of stdin");
  u_create->add_option("--role", user_flags.roles, "realm role (repeatable)");
  u_create->add_option("--attr", user_flags.attrs,
                       "attribute key=value (repeatable; repeat a key for several values)");
  u_create->add_option("--partner", user_flags.partner, "Plume partner of an operator user");
  u_create->add_option("--group", user_flags.groups, "Plume group id (repeatable)");
  u_create->callback([&] { rc = UserCreate(flags, user_flags); });

  CLI::App* u_list = user->add_subcommand("list", "List users (no password hashes)");
  AddCommonOptions(u_list, flags);
  u_list->add_option("--realm", user_flags.realm, "only this realm");
  u_list->callback([&] {
    rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
      auto list = storage::RunSync(env.admin->ListUsers(user_flags.realm));
      if (!list) return list.error();
      boost::json::array out;
      for (const auto& u : *list) out.push_back(UserJson(u));
      return boost::json::value(std::move(out));
    });
  });

  for (bool disable : {true, false}) {
    CLI::App* cmd =
        user->add_subcommand(disable ? "disable" : "enable",
                             disable ? "Disable a user (no new tokens)" : "Enable a user again");
    AddCommonOptions(cmd, flags);
    cmd->add_option("--realm", user_flags.realm, "realm (default: default)");
    cmd->add_option("--username", user_flags.username, "user name")->required();
    cmd->callback([&, disable] {
      rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
        Status st = storage::RunSync(
            env.admin->SetUserDisabled(CliActor(), user_flags.realm, user_flags.username, disable));
        if (!st) return st.error();
        return boost::json::value(boost::json::object{
            {"realm", user_flags.realm}, {"username", user_flags.username}, {"disabled", disable}});
      });
    });
  }

  CLI::App* token = cli.add_subcommand("token", "Issue tokens for scripts and tests");
  token->require_subcommand(1);
  CLI::App* t_issue = token->add_subcommand(
      "issue", "Issue an access token for a client without its secret (operator only)");
  AddCommonOptions(t_issue, flags);
  t_issue->add_option("--client-id", client_flags.client_id, "client id")->required();
  t_issue->callback([&] {
    rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
      auto store = MakeKeyStore(env);
      if (Status loaded = storage::RunSync(store->Load()); !loaded) return loaded.error();
      auth::TokenServiceOptions options;
      options.public_url = PublicUrl(env.config);
      options.okta_audience = env.config.auth.okta_audience;
      auth::SecretHasher hasher(1);
      auth::TokenService service(*env.db, *store, hasher, SystemClock::Instance(),
                                 SystemRandom::Instance(), options);
      auto issued = storage::RunSync(service.IssueForOperator(client_flags.client_id));
      if (!issued) return issued.error();
      return boost::json::value(boost::json::object{{"access_token", issued->access_token},
                                                    {"expires_in", issued->expires_in},
                                                    {"token_type", "Bearer"},
                                                    {"scope", issued->scope}});
    });
  });

  CLI::App* keys = cli.add_subcommand("keys", "Manage token signing keys");
  keys->require_subcommand(1);
  CLI::App* k_rotate = keys->add_subcommand(
      "rotate", "Create a new signing key; older keys stay valid until their tokens expire");
  AddCommonOptions(k_rotate, flags);
  k_rotate->callback([&] {
    rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
      auto kid = storage::RunSync(MakeKeyStore(env)->Rotate());
      if (!kid) return kid.error();
      return boost::json::value(
          boost::json::object{{"kid", *kid}, {"alg", env.config.auth.signing_alg}});
    });
  });
  CLI::App* k_list = keys->add_subcommand("list", "List signing keys (no private material)");
  AddCommonOptions(k_list, flags);
  k_list->callback([&] {
    rc = WithAuthEnv(flags, [&](AuthEnv& env) -> Result<boost::json::value> {
      auto list = storage::RunSync(MakeKeyStore(env)->Describe());
      if (!list) return list.error();
      boost::json::array out;
      for (auto& k : *list) out.push_back(std::move(k));
      return boost::json::value(std::move(out));
    });
  });
}

}  // namespace ispcloud::app
