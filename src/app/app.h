#pragma once
// Composition root of the server: owns the clock, random source, database, router, metrics,
// dispatcher and HTTP server, and wires the API families onto the router.

#include <memory>

#include "api/oauth/oauth_routes.h"
#include "api/obp/account_routes.h"
#include "api/obp/adjustment_routes.h"
#include "api/obp/cart_routes.h"
#include "api/obp/catalog_routes.h"
#include "api/obp/history_routes.h"
#include "api/obp/note_routes.h"
#include "api/obp/payment_routes.h"
#include "api/obp/provider_routes.h"
#include "api/obp/subscription_routes.h"
#include "api/obp/usage_routes.h"
#include "api/obp/voucher_routes.h"
#include "api/plume/customer_routes.h"
#include "api/plume/email_routes.h"
#include "api/plume/location_routes.h"
#include "api/plume/login_routes.h"
#include "api/plume/node_routes.h"
#include "api/plume/partner_routes.h"
#include "api/plume/support_routes.h"
#include "api/plume/wifi_routes.h"
#include "api/system/system_routes.h"
#include "api/tmf/hub_routes.h"
#include "api/tmf/resource_routes.h"
#include "auth/external_issuers.h"
#include "auth/key_store.h"
#include "auth/secret_hasher.h"
#include "auth/token_service.h"
#include "auth/token_verifier.h"
#include "core/config.h"
#include "core/object_id.h"
#include "domain/bss/billing_account_service.h"
#include "domain/bss/catalog.h"
#include "domain/bss/events.h"
#include "domain/bss/order_service.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/subscription_service.h"
#include "domain/bss/voucher_service.h"
#include "domain/events/hub_service.h"
#include "domain/events/outbox_dispatcher.h"
#include "domain/plume/customer_service.h"
#include "domain/plume/email_verification_service.h"
#include "domain/plume/inventory_service.h"
#include "domain/plume/location_service.h"
#include "domain/plume/login_service.h"
#include "domain/plume/lookup_service.h"
#include "domain/plume/node_service.h"
#include "domain/plume/support_service.h"
#include "domain/plume/wifi_service.h"
#include "domain/tmf/resource_service.h"
#include "http/client/beast_http_client.h"
#include "http/dispatcher.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/db.h"

namespace ispcloud::app {

class App {
 public:
  // Opens the database named by the config (creating the SQLite file if needed) and builds
  // every component. Does not listen or migrate yet.
  static Result<std::unique_ptr<App>> Create(const Config& config);
  ~App();

  // Binds the listening sockets; returns the bound port. Fails when the port is taken.
  Result<uint16_t> Listen();
  // Applies pending migrations, logging progress; refuses a schema newer than this binary.
  Status Migrate();
  // Without migrating: refuses a schema newer than this binary, warns when it is behind
  // (then /readyz answers 503 until `ispcloud migrate` runs).
  Status CheckSchema();
  // Loads (on first start: creates) the token signing keys. Needs a current schema.
  Status LoadSigningKeys();
  // Serves until SIGTERM/SIGINT, then drains and returns.
  void Run();
  // Starts a graceful shutdown from another thread (tests).
  void Shutdown();

  storage::Database& db() { return *db_; }

 private:
  explicit App(const Config& config);
  // Wiring steps of Create, in order.
  Status OpenDb();
  Status WireAuth();    // token server, verification, external issuers, OAuth routes
  void WirePlume();     // Plume-compatible API routes
  void WireTmf();       // TMF629 / TMF632 resources and their Optiva gateway aliases
  void WireEvents();    // event hub and the outbox dispatcher
  void WireBss();       // Optiva gateway BSS: service providers, accounts, subscriptions, ...
  void WireBssMoney();  // Optiva gateway money side: vouchers, adjustments, notes, histories
  Status WireHttp();    // metrics, dispatcher, server (after every route is registered)

  Config config_;
  TimePoint started_at_;
  ObjectIdGenerator ids_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<api::SystemRoutesDeps> system_deps_;
  std::unique_ptr<auth::SecretHasher> hasher_;
  std::unique_ptr<auth::KeyStore> keys_;
  std::unique_ptr<auth::TokenService> tokens_;
  std::unique_ptr<http::BeastHttpClient> http_client_;  // outgoing: JWKS, hub event deliveries
  std::unique_ptr<auth::ExternalIssuers> external_issuers_;
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<api::OAuthDeps> oauth_deps_;
  std::unique_ptr<domain::plume::CustomerService> customers_;
  std::unique_ptr<api::plume::CustomerRoutesDeps> customer_deps_;
  std::unique_ptr<domain::plume::LocationService> locations_;
  std::unique_ptr<api::plume::LocationRoutesDeps> location_deps_;
  std::unique_ptr<domain::plume::NodeService> nodes_;
  std::unique_ptr<api::plume::NodeRoutesDeps> node_deps_;
  std::unique_ptr<domain::plume::WifiService> wifi_;
  std::unique_ptr<api::plume::WifiRoutesDeps> wifi_deps_;
  std::unique_ptr<domain::plume::PartnerLookupService> lookups_;
  std::unique_ptr<domain::plume::InventoryService> inventory_;
  std::unique_ptr<api::plume::PartnerRoutesDeps> partner_deps_;
  std::unique_ptr<domain::plume::LoginService> logins_;
  std::unique_ptr<api::plume::LoginRoutesDeps> login_deps_;
  std::unique_ptr<domain::plume::EmailVerificationService> verifications_;
  std::unique_ptr<api::plume::EmailRoutesDeps> email_deps_;
  std::unique_ptr<domain::plume::SupportService> support_;
  std::unique_ptr<api::plume::SupportRoutesDeps> support_deps_;
  std::unique_ptr<domain::bss::ServiceProviderService> providers_;
  std::unique_ptr<domain::bss::BssEventPublisher> bss_events_;
  std::unique_ptr<domain::bss::BillingAccountService> accounts_;
  std::unique_ptr<domain::bss::CatalogService> catalog_;
  std::unique_ptr<domain::bss::SubscriptionService> subscriptions_;
  std::unique_ptr<domain::bss::OrderService> orders_;
  std::unique_ptr<api::obp::AccountRoutesDeps> account_deps_;
  std::unique_ptr<api::obp::CatalogRoutesDeps> catalog_deps_;
  std::unique_ptr<api::obp::SubscriptionRoutesDeps> subscription_deps_;
  std::unique_ptr<domain::tmf::TmfEventRecorder> tmf_events_;
  std::unique_ptr<domain::tmf::ResourceService> tmf_resources_;
  std::unique_ptr<api::tmf::ResourceRoutesDeps> tmf_deps_;
  std::unique_ptr<api::tmf::HubRoutesDeps> hub_deps_;
  std::unique_ptr<domain::events::HubService> hub_;
  std::unique_ptr<domain::events::OutboxDispatcher> outbox_;  // stopped before what it uses
  std::unique_ptr<domain::bss::VoucherService> vouchers_;
  std::unique_ptr<domain::bss::VoucherRechargeService> recharges_;
  std::unique_ptr<api::obp::VoucherRoutesDeps> voucher_deps_;
  std::unique_ptr<domain::bss::AdjustmentService> adjustments_;
  std::unique_ptr<api::obp::AdjustmentRoutesDeps> adjustment_deps_;
  std::unique_ptr<domain::bss::NoteService> notes_;
  std::unique_ptr<api::obp::NoteRoutesDeps> note_deps_;
  std::unique_ptr<domain::bss::HistoryService> histories_;
  std::unique_ptr<domain::bss::DashboardService> dashboards_;
  std::unique_ptr<api::obp::HistoryRoutesDeps> history_deps_;
  std::unique_ptr<domain::bss::CartService> carts_;
  std::unique_ptr<api::obp::CartRoutesDeps> cart_deps_;
  std::unique_ptr<api::obp::ProviderRoutesDeps> provider_deps_;
  std::unique_ptr<domain::bss::PaymentService> payments_;
  std::unique_ptr<api::obp::PaymentRoutesDeps> payment_deps_;
  std::unique_ptr<domain::bss::UsageService> usage_;
  std::unique_ptr<api::obp::UsageRoutesDeps> usage_deps_;
  http::Router router_;
  std::unique_ptr<http::HttpMetrics> metrics_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
  bool schema_current_ = false;
};

// Threads to use: the configured number, or one per core.
int EffectiveThreads(const Config& config);

// Signing-key settings from the configuration (algorithm, passphrase).
auth::KeyStoreOptions KeyStoreOptionsFor(const Config& config);

}  // namespace ispcloud::app
