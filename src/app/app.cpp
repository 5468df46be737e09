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
  if (Status st = app->OpenDb(); !st) return st.error();
  app->system_deps_ = std::make_unique<api::SystemRoutesDeps>(api::SystemRoutesDeps{
      *app->db_, storage::MigrationsFor(app->db_->Dialect()), {}, app->started_at_});
  api::RegisterSystemRoutes(app->router_, *app->system_deps_);
  if (Status st = app->WireAuth(); !st) return st.error();
  app->WirePlume();
  app->WireEvents();
  app->providers_ =
      std::make_unique<domain::bss::ServiceProviderService>(*app->db_, SystemClock::Instance());
  app->WireTmf();
  app->WireBss();
  app->WireBssMoney();
  // Every route is registered above this line: metrics slots are sized from the router.
  if (Status st = app->WireHttp(); !st) return st.error();
  return app;
}

Status App::OpenDb() {
  auto url = storage::ParseDbUrl(config_.database.url);
  if (!url) return url.error();
  storage::DbOpenOptions db_options;
  db_options.synchronous = config_.database.synchronous;
  db_options.busy_timeout_ms = config_.database.busy_timeout_ms;
  db_options.cache_mb = config_.database.cache_mb;
  db_options.read_connections = EffectiveThreads(config_) + 1;
  db_options.pool_size = config_.database.pool_size;
  auto db = storage::OpenDatabase(*url, db_options);
  if (!db) return db.error();
  db_ = std::move(*db);
  return Ok();
}

Status App::WireAuth() {
  keys_ = std::make_unique<auth::KeyStore>(*db_, SystemClock::Instance(), SystemRandom::Instance(),
                                           KeyStoreOptionsFor(config_));
  auth::TokenServiceOptions token_options;
  token_options.okta_audience = config_.auth.okta_audience;
  hasher_ = std::make_unique<auth::SecretHasher>();
  tokens_ = std::make_unique<auth::TokenService>(*db_, *keys_, *hasher_, SystemClock::Instance(),
                                                 SystemRandom::Instance(), token_options);
  auto http_client = http::BeastHttpClient::Create();
  if (!http_client) {
    return MakeError(http_client.error().code,
                     "cannot set up the outgoing HTTP client: " + http_client.error().message);
  }
  http_client_ = std::move(*http_client);
  auth::ExternalIssuersOptions external_options;
  external_options.refetch_cooldown = std::chrono::seconds(config_.auth.jwks_cooldown_seconds);
  auto external = auth::ExternalIssuers::Create(config_.auth.trusted_issuers, *http_client_,
                                                SystemClock::Instance(), external_options);
  if (!external) return external.error();
  external_issuers_ = std::move(*external);
  for (const TrustedIssuer& t : config_.auth.trusted_issuers) {
    if (t.jwks_uri.starts_with("http://")) {
      LogWarn("jwks_uri_not_https",
              {{"issuer", t.issuer},
               {"jwks_uri", t.jwks_uri},
               {"hint", "keys fetched over plain HTTP can be replaced in transit"}});
    }
  }
  verifier_ = std::make_unique<auth::TokenVerifier>(*db_, *keys_, *tokens_, SystemClock::Instance(),
                                                    external_issuers_.get());
  oauth_deps_ =
      std::make_unique<api::OAuthDeps>(api::OAuthDeps{*tokens_, *keys_, *verifier_, *db_});
  api::RegisterOAuthRoutes(router_, *oauth_deps_);
  return Ok();
}

void App::WirePlume() {
  customers_ = std::make_unique<domain::plume::CustomerService>(
      *db_, *hasher_, SystemClock::Instance(), ids_, SystemRandom::Instance());
  customer_deps_ =
      std::make_unique<api::plume::CustomerRoutesDeps>(api::plume::CustomerRoutesDeps{*customers_});
  api::plume::RegisterCustomerRoutes(router_, *customer_deps_);
  verifications_ = std::make_unique<domain::plume::EmailVerificationService>(
      *db_, SystemClock::Instance(), ids_, SystemRandom::Instance());
  email_deps_ =
      std::make_unique<api::plume::EmailRoutesDeps>(api::plume::EmailRoutesDeps{*verifications_});
  api::plume::RegisterEmailRoutes(router_, *email_deps_);
  locations_ =
      std::make_unique<domain::plume::LocationService>(*db_, SystemClock::Instance(), ids_);
  location_deps_ = std::make_unique<api::plume::LocationRoutesDeps>(
      api::plume::LocationRoutesDeps{*customers_, *locations_});
  api::plume::RegisterLocationRoutes(router_, *location_deps_);
  nodes_ = std::make_unique<domain::plume::NodeService>(*db_, SystemClock::Instance(), ids_);
  node_deps_ =
      std::make_unique<api::plume::NodeRoutesDeps>(api::plume::NodeRoutesDeps{*nodes_, "ispcloud"});
  api::plume::RegisterNodeRoutes(router_, *node_deps_);
  logins_ = std::make_unique<domain::plume::LoginService>(*db_, *hasher_, SystemClock::Instance(),
                                                          SystemRandom::Instance());
  login_deps_ = std::make_unique<api::plume::LoginRoutesDeps>(
      api::plume::LoginRoutesDeps{*logins_, *customers_});
  api::plume::RegisterLoginRoutes(router_, *login_deps_);
  wifi_ = std::make_unique<domain::plume::WifiService>(*db_, SystemClock::Instance(), ids_);
  wifi_deps_ = std::make_unique<api::plume::WifiRoutesDeps>(api::plume::WifiRoutesDeps{*wifi_});
  api::plume::RegisterWifiRoutes(router_, *wifi_deps_);
  lookups_ = std::make_unique<domain::plume::PartnerLookupService>(*db_);
  inventory_ = std::make_unique<domain::plume::InventoryService>(*db_, SystemClock::Instance());
  partner_deps_ = std::make_unique<api::plume::PartnerRoutesDeps>(
      api::plume::PartnerRoutesDeps{*lookups_, *inventory_});
  api::plume::RegisterPartnerRoutes(router_, *partner_deps_);
  support_ = std::make_unique<domain::plume::SupportService>(*db_, SystemClock::Instance(), ids_);
  support_deps_ =
      std::make_unique<api::plume::SupportRoutesDeps>(api::plume::SupportRoutesDeps{*support_});
  api::plume::RegisterSupportRoutes(router_, *support_deps_);
}

void App::WireEvents() {
  hub_ = std::make_unique<domain::events::HubService>(*db_, SystemClock::Instance(), ids_);
  domain::events::OutboxDispatcherOptions outbox_options;
  outbox_options.retention = std::chrono::hours(config_.events.retention_hours);
  outbox_ = std::make_unique<domain::events::OutboxDispatcher>(
      *db_, *http_client_, SystemClock::Instance(), outbox_options);
  system_deps_->metric_renderers.push_back(
      [o = outbox_.get()](std::string& out) { o->RenderMetrics(out); });
}

void App::WireTmf() {
  // The recorder asks the routes for hrefs: tmf_deps_ exists before the first request.
  tmf_events_ = std::make_unique<domain::tmf::TmfEventRecorder>(
      SystemClock::Instance(), ids_,
      [this](domain::tmf::ResourceKind kind, domain::tmf::ApiVersion version, std::string_view id) {
        return api::tmf::ResourceHref(*tmf_deps_, kind, version, id);
      });
  tmf_resources_ = std::make_unique<domain::tmf::ResourceService>(*db_, SystemClock::Instance(),
                                                                  ids_, tmf_events_.get());
  tmf_deps_ = std::make_unique<api::tmf::ResourceRoutesDeps>(
      api::tmf::ResourceRoutesDeps{*tmf_resources_, *providers_, EffectivePublicUrl(config_, 0)});
  api::tmf::RegisterResourceRoutes(router_, *tmf_deps_);
  hub_deps_ = std::make_unique<api::tmf::HubRoutesDeps>(
      api::tmf::HubRoutesDeps{*hub_, *providers_, tmf_deps_->public_url});
  api::tmf::RegisterHubRoutes(router_, *hub_deps_);
}

void App::WireBss() {
  namespace bss = domain::bss;
  const Clock& clock = SystemClock::Instance();
  const std::string& public_url = tmf_deps_->public_url;  // updated by Listen()
  bss_events_ = std::make_unique<bss::BssEventPublisher>(clock, ids_,
                                                         [this] { return tmf_deps_->public_url; });
  accounts_ =
      std::make_unique<bss::BillingAccountService>(*db_, clock, *tmf_resources_, *bss_events_);
  // Customers and individuals stay while a billing account references them (§2.3, §3.3 item 9).
  tmf_resources_->SetDeleteGuard(
      [this](storage::Tx& tx, const domain::tmf::Target& target, const std::string& id) {
        return accounts_->CheckPartyDeletable(tx, target, id);
      });
  catalog_ = std::make_unique<bss::CatalogService>(*db_, clock);
  subscriptions_ = std::make_unique<bss::SubscriptionService>(*db_, clock);
  orders_ = std::make_unique<bss::OrderService>(*db_, clock, *bss_events_);
  account_deps_ = std::make_unique<api::obp::AccountRoutesDeps>(
      api::obp::AccountRoutesDeps{*providers_, *accounts_, public_url});
  api::obp::RegisterAccountRoutes(router_, *account_deps_);
  catalog_deps_ = std::make_unique<api::obp::CatalogRoutesDeps>(
      api::obp::CatalogRoutesDeps{*providers_, *catalog_, public_url});
  api::obp::RegisterCatalogRoutes(router_, *catalog_deps_);
  subscription_deps_ = std::make_unique<api::obp::SubscriptionRoutesDeps>(
      api::obp::SubscriptionRoutesDeps{*providers_, *subscriptions_, *orders_, public_url});
  api::obp::RegisterSubscriptionRoutes(router_, *subscription_deps_);
}

void App::WireBssMoney() {
  vouchers_ = std::make_unique<domain::bss::VoucherService>(
      *db_, SystemClock::Instance(), SystemRandom::Instance(), config_.auth.key_encryption_key);
  recharges_ = std::make_unique<domain::bss::VoucherRechargeService>(SystemClock::Instance(),
                                                                     *vouchers_, *bss_events_);
  voucher_deps_ = std::make_unique<api::obp::VoucherRoutesDeps>(api::obp::VoucherRoutesDeps{
      *db_, SystemClock::Instance(), *vouchers_, *recharges_, *providers_});
  api::obp::RegisterVoucherRoutes(router_, *voucher_deps_);
  const std::string& public_url = tmf_deps_->public_url;  // updated by Listen()
  adjustments_ =
      std::make_unique<domain::bss::AdjustmentService>(*db_, SystemClock::Instance(), *bss_events_);
  adjustment_deps_ =
      std::make_unique<api::obp::AdjustmentRoutesDeps>(api::obp::AdjustmentRoutesDeps{
          *db_, SystemClock::Instance(), *providers_, *adjustments_, public_url});
  api::obp::RegisterAdjustmentRoutes(router_, *adjustment_deps_);
  notes_ = std::make_unique<domain::bss::NoteService>(*db_, SystemClock::Instance());
  note_deps_ = std::make_unique<api::obp::NoteRoutesDeps>(
      api::obp::NoteRoutesDeps{*providers_, *notes_, public_url});
  api::obp::RegisterNoteRoutes(router_, *note_deps_);
  histories_ = std::make_unique<domain::bss::HistoryService>(*db_);
  dashboards_ = std::make_unique<domain::bss::DashboardService>(*db_, *tmf_resources_, *accounts_);
  history_deps_ = std::make_unique<api::obp::HistoryRoutesDeps>(
      api::obp::HistoryRoutesDeps{*providers_, *histories_, *dashboards_, public_url});
  api::obp::RegisterHistoryRoutes(router_, *history_deps_);
  carts_ = std::make_unique<domain::bss::CartService>(*db_, SystemClock::Instance());
  cart_deps_ = std::make_unique<api::obp::CartRoutesDeps>(
      api::obp::CartRoutesDeps{*providers_, *carts_, public_url});
  api::obp::RegisterCartRoutes(router_, *cart_deps_);
  provider_deps_ =
      std::make_unique<api::obp::ProviderRoutesDeps>(api::obp::ProviderRoutesDeps{*providers_});
  api::obp::RegisterProviderRoutes(router_, *provider_deps_);
  payments_ = std::make_unique<domain::bss::PaymentService>(*db_, SystemClock::Instance());
  payment_deps_ = std::make_unique<api::obp::PaymentRoutesDeps>(
      api::obp::PaymentRoutesDeps{*providers_, *payments_, *db_, SystemClock::Instance()});
  api::obp::RegisterPaymentRoutes(router_, *payment_deps_);
  usage_ = std::make_unique<domain::bss::UsageService>(*db_, SystemClock::Instance());
  usage_deps_ = std::make_unique<api::obp::UsageRoutesDeps>(
      api::obp::UsageRoutesDeps{*providers_, *usage_, *db_, SystemClock::Instance()});
  api::obp::RegisterUsageRoutes(router_, *usage_deps_);
}

Status App::WireHttp() {
  metrics_ = std::make_unique<http::HttpMetrics>(router_);
  system_deps_->metric_renderers.push_back(
      [m = metrics_.get()](std::string& out) { m->Render(out); });
  dispatcher_ = std::make_unique<http::Dispatcher>(router_, *metrics_, &api::RenderError, ids_,
                                                   config_.log.access_log);
  auth::LoginTokens login_tokens{
      &api::plume::PlumeLoginTokenOf,
      [logins = logins_.get()](std::string token) { return logins->Resolve(std::move(token)); }};
  dispatcher_->SetAuthenticator(auth::MakeBearerAuthenticator(*verifier_, login_tokens));

  auto hp = ParseHostPort(config_.server.listen);
  if (!hp) return hp.error();
  http::ServerOptions so;
  so.host = hp->host;
  so.port = hp->port;
  so.threads = EffectiveThreads(config_);
  so.max_body_bytes = config_.server.max_body_bytes;
  so.max_header_bytes = config_.server.max_header_bytes;
  so.header_timeout = std::chrono::milliseconds(config_.server.header_timeout_ms);
  so.body_timeout = std::chrono::milliseconds(config_.server.body_timeout_ms);
  so.idle_timeout = std::chrono::milliseconds(config_.server.idle_timeout_ms);
  so.write_timeout = std::chrono::milliseconds(config_.server.write_timeout_ms);
  so.drain_timeout = std::chrono::milliseconds(config_.server.drain_timeout_ms);
  so.max_connections = config_.server.max_connections;
  server_ = std::make_unique<http::Server>(so, *dispatcher_, *metrics_);
  return Ok();
}

auth::KeyStoreOptions KeyStoreOptionsFor(const Config& config) {
  auth::KeyStoreOptions options;
  options.alg = auth::jose::ParseAlg(config.auth.signing_alg).value_or(auth::jose::Alg::kES256);
  options.encryption_passphrase = config.auth.key_encryption_key;
  return options;
}

Result<uint16_t> App::Listen() {
  auto port = server_->Listen();
  if (port) {
    tokens_->SetPublicUrl(EffectivePublicUrl(config_, *port));
    tmf_deps_->public_url = EffectivePublicUrl(config_, *port);
  }
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
  // The outbox tables exist only with a current schema (`serve --no-migrate` may run behind).
  if (schema_current_) outbox_->Start();
  server_->Run();
  outbox_->Stop();
}

void App::Shutdown() {
  server_->Shutdown();
}

}  // namespace ispcloud::app
