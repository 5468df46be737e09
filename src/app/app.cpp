#include "app/app.h"

#include <thread>

#include "api/error_render.h"
#include "auth/bearer_authenticator.h"
#include "auth/jose/key.h"
#include "core/log.h"
#include "storage/db_url.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"

namespace ispcloud::app {

int EffectiveThreads(const Config& config) {
  if (config.server.threads > 0) return config.server.threads;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

App::App(const Config& config)
    : config_(config),
      started_at_(SystemClock::Instance().Now()),
      ids_(SystemClock::Instance(), SystemRandom::Instance()) {}

App::~App() = default;

Result<std::unique_ptr<App>> App::Create(const Config& config) {
  std::unique_ptr<App> app(new App(config));
  auto url = storage::ParseDbUrl(config.database.url);
  if (!url) return url.error();
  storage::DbOpenOptions db_options;
  db_options.synchronous = config.database.synchronous;
  db_options.busy_timeout_ms = config.database.busy_timeout_ms;
  db_options.read_connections = EffectiveThreads(config) + 1;
  auto db = storage::OpenDatabase(*url, db_options);
  if (!db) return db.error();
  app->db_ = std::move(*db);

  app->system_deps_ = std::make_unique<api::SystemRoutesDeps>(api::SystemRoutesDeps{
      *app->db_, storage::MigrationsFor(app->db_->Dialect()), {}, app->started_at_});
  api::RegisterSystemRoutes(app->router_, *app->system_deps_);

  auth::KeyStoreOptions key_options;
  key_options.alg = auth::jose::ParseAlg(config.auth.signing_alg).value_or(auth::jose::Alg::kES256);
  key_options.encryption_passphrase = config.auth.key_encryption_key;
  app->keys_ = std::make_unique<auth::KeyStore>(*app->db_, SystemClock::Instance(),
                                                SystemRandom::Instance(), key_options);
  auth::TokenServiceOptions token_options;
  token_options.okta_audience = config.auth.okta_audience;
  app->hasher_ = std::make_unique<auth::SecretHasher>();
  app->tokens_ = std::make_unique<auth::TokenService>(*app->db_, *app->keys_, *app->hasher_,
                                                      SystemClock::Instance(),
                                                      SystemRandom::Instance(), token_options);
  auto http_client = http::BeastHttpClient::Create();
  if (!http_client) {
    return MakeError(http_client.error().code,
                     "cannot set up the outgoing HTTP client: " + http_client.error().message);
  }
  app->http_client_ = std::move(*http_client);
  auth::ExternalIssuersOptions external_options;
  external_options.refetch_cooldown = std::chrono::seconds(config.auth.jwks_cooldown_seconds);
  auto external = auth::ExternalIssuers::Create(config.auth.trusted_issuers, *app->http_client_,
                                                SystemClock::Instance(), external_options);
  if (!external) return external.error();
  app->external_issuers_ = std::move(*external);
  for (const TrustedIssuer& t : config.auth.trusted_issuers) {
    if (t.jwks_uri.starts_with("http://")) {
      LogWarn("jwks_uri_not_https",
              {{"issuer", t.issuer},
               {"jwks_uri", t.jwks_uri},
               {"hint", "keys fetched over plain HTTP can be replaced in transit"}});
    }
  }
  app->verifier_ = std::make_unique<auth::TokenVerifier>(
      *app->db_, *app->keys_, *app->tokens_, SystemClock::Instance(), app->external_issuers_.get());
  app->oauth_deps_ = std::make_unique<api::OAuthDeps>(
      api::OAuthDeps{*app->tokens_, *app->keys_, *app->verifier_, *app->db_});
  api::RegisterOAuthRoutes(app->router_, *app->oauth_deps_);
  app->customers_ = std::make_unique<domain::plume::CustomerService>(
      *app->db_, *app->hasher_, SystemClock::Instance(), app->ids_, SystemRandom::Instance());
  app->customer_deps_ = std::make_unique<api::plume::CustomerRoutesDeps>(
      api::plume::CustomerRoutesDeps{*app->customers_});
  api::plume::RegisterCustomerRoutes(app->router_, *app->customer_deps_);
  app->nodes_ = std::make_unique<domain::plume::NodeService>(*app->db_, SystemClock::Instance());
  app->node_deps_ = std::make_unique<api::plume::NodeRoutesDeps>(
      api::plume::NodeRoutesDeps{*app->nodes_, "ispcloud"});
  api::plume::RegisterNodeRoutes(app->router_, *app->node_deps_);

  // Every route is registered above this line: metrics slots are sized from the router.
  app->metrics_ = std::make_unique<http::HttpMetrics>(app->router_);
  app->system_deps_->render_http_metrics = [m = app->metrics_.get()](std::string& out) {
    m->Render(out);
  };
  app->dispatcher_ = std::make_unique<http::Dispatcher>(
      app->router_, *app->metrics_, &api::RenderError, app->ids_, config.log.access_log);
  app->dispatcher_->SetAuthenticator(auth::MakeBearerAuthenticator(*app->verifier_));

  auto hp = ParseHostPort(config.server.listen);
  if (!hp) return hp.error();
  http::ServerOptions so;
  so.host = hp->host;
  so.port = hp->port;
  so.threads = EffectiveThreads(config);
  so.max_body_bytes = config.server.max_body_bytes;
  so.max_header_bytes = config.server.max_header_bytes;
  so.header_timeout = std::chrono::milliseconds(config.server.header_timeout_ms);
  so.body_timeout = std::chrono::milliseconds(config.server.body_timeout_ms);
  so.idle_timeout = std::chrono::milliseconds(config.server.idle_timeout_ms);
  so.write_timeout = std::chrono::milliseconds(config.server.write_timeout_ms);
  so.drain_timeout = std::chrono::milliseconds(config.server.drain_timeout_ms);
  so.max_connections = config.server.max_connections;
  app->server_ = std::make_unique<http::Server>(so, *app->dispatcher_, *app->metrics_);
  return app;
}

Result<uint16_t> App::Listen() {
  auto port = server_->Listen();
  if (port) tokens_->SetPublicUrl(EffectivePublicUrl(config_, *port));
  return port;
}

Status App::LoadSigningKeys() {
  if (!schema_current_) {
    LogWarn("signing_keys_not_loaded",
            {{"reason", "database schema is behind; token endpoints answer 503 until migrated"}});
    return Ok();
  }
  return storage::RunSync(keys_->Load());
}

Status App::Migrate() {
  auto applied = storage::RunSync(storage::ApplyMigrations(
      *db_, storage::MigrationsFor(db_->Dialect()), [](const storage::Migration& m) {
        LogInfo("migration_apply", {{"version", m.version}, {"name", m.name}});
      }));
  if (!applied) return applied.error();
  auto state =
      storage::RunSync(storage::ReadSchemaState(*db_, storage::MigrationsFor(db_->Dialect())));
  if (!state) return state.error();
  LogLifecycle("schema_ready", {{"version", state->current}, {"applied", applied->size()}});
  schema_current_ = state->UpToDate();
  return Ok();
}

Status App::CheckSchema() {
  auto state =
      storage::RunSync(storage::ReadSchemaState(*db_, storage::MigrationsFor(db_->Dialect())));
  if (!state) return state.error();
  if (Status supported = storage::RequireSupported(*state); !supported) return supported;
  schema_current_ = state->UpToDate();
  if (state->current < state->latest) {
    LogWarn("schema_behind", {{"version", state->current},
                              {"latest", state->latest},
                              {"hint", "run `ispcloud migrate`; /readyz answers 503 until then"}});
  }
  return Ok();
}

void App::Run() {
  server_->Run();
}

void App::Shutdown() {
  server_->Shutdown();
}

}  // namespace ispcloud::app
