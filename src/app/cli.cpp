#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <iostream>

#include "app/app.h"
#include "app/auth_commands.h"
#include "app/bss_commands.h"
#include "app/commands.h"
#include "app/data_commands.h"
#include "app/hub_commands.h"
#include "app/inventory_commands.h"
#include "app/voucher_commands.h"
#include "core/log.h"
#include "domain/plume/partner_service.h"
#include "http/server.h"
#include "storage/migrations.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

using domain::plume::Partner;
using domain::plume::PartnerService;

int Serve(const CommonFlags& flags) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  // Before any thread starts (the database opens its writer thread): every thread inherits it.
  http::BlockTerminationSignals();
  auto app = App::Create(*config);
  if (!app) return ReportError(app.error());
  auto port = (*app)->Listen();
  if (!port) {
    LogError("listen_failed",
             {{"listen", config->server.listen}, {"message", port.error().message}});
    return kExitRuntime;
  }
  LogLifecycle("listening", {{"listen", config->server.listen},
                             {"port", *port},
                             {"threads", EffectiveThreads(*config)},
                             {"public_url", EffectivePublicUrl(*config, *port)},
                             {"version", ISPCLOUD_VERSION}});
  Status schema = config->database.migrate ? (*app)->Migrate() : (*app)->CheckSchema();
  if (!schema) {
    LogError("schema_check_failed", {{"message", schema.error().message}});
    return kExitRuntime;
  }
  if (Status keys = (*app)->LoadSigningKeys(); !keys) {
    LogError("signing_keys_failed", {{"message", keys.error().message}});
    return kExitRuntime;
  }
  LogLifecycle("ready");
  (*app)->Run();
  return kExitOk;
}

int Migrate(const CommonFlags& flags) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  auto& migrations = storage::MigrationsFor((*db)->Dialect());
  auto state = storage::RunSync(storage::ReadSchemaState(**db, migrations));
  if (!state) return ReportError(state.error());
  PrintJson(boost::json::object{{"database", (*db)->Dialect()},
                                {"schemaVersion", state->current},
                                {"latestVersion", state->latest}});
  return kExitOk;
}

boost::json::object PartnerJson(const Partner& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"locked", p.locked},
          {"podsAuthorizedDefault", p.pods_authorized_default},
          {"createdAt", p.created_at},
          {"updatedAt", p.updated_at}};
}

// Runs `fn(service)` against a migrated database and prints what it returns.
template <typename Fn>
int WithPartners(const CommonFlags& flags, Fn fn) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  ObjectIdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  PartnerService service(**db, SystemClock::Instance(), ids);
  Result<boost::json::value> out = fn(service);
  if (!out) return ReportError(out.error());
  PrintJson(*out);
  return kExitOk;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{
      "ispcloud: self-hosted control plane for ISPs (Plume-compatible WiFi provisioning, "
      "Optiva/TMF-compatible customer management, OAuth2/OIDC token server)",
      "ispcloud"};
  cli.require_subcommand(1);
  cli.set_help_all_flag("--help-all", "Show help for every command");
  CommonFlags flags;
  int rc = kExitOk;

  CLI::App* serve = cli.add_subcommand("serve", "Run the HTTP server");
  AddCommonOptions(serve, flags);
  serve->add_option("--listen", flags.listen,
                    "HOST:PORT to listen on (default 127.0.0.1:8080; "
                    "port 0 picks a free port; env ISPCLOUD_LISTEN)");
  serve->add_option("--threads", flags.threads,
                    "worker threads (default: one per core; env ISPCLOUD_THREADS)");
  serve->add_option("--public-url", flags.public_url,
                    "external base URL used in token issuers and hrefs (env ISPCLOUD_PUBLIC_URL)");
  serve->add_flag("--no-migrate", flags.no_migrate,
                  "do not apply pending migrations at start (env ISPCLOUD_NO_MIGRATE=true)");
  serve->callback([&] { rc = Serve(flags); });

  CLI::App* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  AddCommonOptions(migrate, flags);
  migrate->callback([&] { rc = Migrate(flags); });

  CLI::App* partner = cli.add_subcommand("partner", "Manage Plume partners (tenants)");
  partner->require_subcommand(1);
  std::string partner_id, partner_name;
  int64_t pods_default = domain::plume::kDefaultPodsAuthorized;
  CLI::App* p_create = partner->add_subcommand("create", "Create a partner and its default group");
  AddCommonOptions(p_create, flags);
  p_create->add_option("--id", partner_id, "partner id, e.g. acme-fibre")->required();
  p_create->add_option("--name", partner_name, "display name")->required();
  p_create->add_option("--pods-authorized", pods_default,
                       "numPodsAuthorized of its new locations, 0-1000 (default 32)");
  p_create->callback([&] {
    rc = WithPartners(flags, [&](PartnerService& s) -> Result<boost::json::value> {
      auto p = storage::RunSync(s.Create(CliActor(), partner_id, partner_name, pods_default));
      if (!p) return p.error();
      return boost::json::value(PartnerJson(*p));
    });
  });
  for (bool lock : {true, false}) {
    CLI::App* cmd = partner->add_subcommand(
        lock ? "lock" : "unlock", lock ? "Lock a partner (no new customers)" : "Unlock a partner");
    AddCommonOptions(cmd, flags);
    cmd->add_option("--id", partner_id, "partner id")->required();
    cmd->callback([&, lock] {
      rc = WithPartners(flags, [&](PartnerService& s) -> Result<boost::json::value> {
        auto p = storage::RunSync(s.SetLocked(CliActor(), partner_id, lock));
        if (!p) return p.error();
        return boost::json::value(PartnerJson(*p));
      });
    });
  }
  CLI::App* p_configure =
      partner->add_subcommand("configure", "Change a partner's settings for new locations");
  AddCommonOptions(p_configure, flags);
  p_configure->add_option("--id", partner_id, "partner id")->required();
  p_configure
      ->add_option("--pods-authorized", pods_default,
                   "numPodsAuthorized of its new locations, 0-1000 (existing ones keep theirs)")
      ->required();
  p_configure->callback([&] {
    rc = WithPartners(flags, [&](PartnerService& s) -> Result<boost::json::value> {
      auto p = storage::RunSync(s.SetPodsAuthorizedDefault(CliActor(), partner_id, pods_default));
      if (!p) return p.error();
      return boost::json::value(PartnerJson(*p));
    });
  });
  CLI::App* p_list = partner->add_subcommand("list", "List partners");
  AddCommonOptions(p_list, flags);
  p_list->callback([&] {
    rc = WithPartners(flags, [&](PartnerService& s) -> Result<boost::json::value> {
      auto list = storage::RunSync(s.List());
      if (!list) return list.error();
      boost::json::array out;
      for (const Partner& p : *list) out.push_back(PartnerJson(p));
      return boost::json::value(std::move(out));
    });
  });

  CLI::App* group = cli.add_subcommand("group", "Manage partner groups");
  group->require_subcommand(1);
  std::string group_id, group_name;
  CLI::App* g_create = group->add_subcommand("create", "Create a group of a partner");
  AddCommonOptions(g_create, flags);
  g_create->add_option("--partner", partner_id, "partner id")->required();
  g_create->add_option("--id", group_id, "group id")->required();
  g_create->add_option("--name", group_name, "display name")->required();
  g_create->callback([&] {
    rc = WithPartners(flags, [&](PartnerService& s) -> Result<boost::json::value> {
      auto g = storage::RunSync(s.CreateGroup(CliActor(), partner_id, group_id, group_name));
      if (!g) return g.error();
      return boost::json::value(boost::json::object{{"id", g->id},
                                                    {"partnerId", g->partner_id},
                                                    {"name", g->name},
                                                    {"createdAt", g->created_at}});
    });
  });

  AuthFlags auth_flags;
  AddAuthCommands(cli, flags, auth_flags, rc);
  InventoryFlags inventory_flags;
  AddInventoryCommands(cli, flags, inventory_flags, rc);
  HubFlags hub_flags;
  AddHubCommands(cli, flags, hub_flags, rc);
  DataFlags data_flags;
  AddDataCommands(cli, flags, data_flags, rc);
  VoucherFlags voucher_flags;
  AddVoucherCommands(cli, flags, voucher_flags, rc);
  BssFlags bss_flags;
  AddBssCommands(cli, flags, bss_flags, rc);

  CLI::App* version = cli.add_subcommand("version", "Print the version");
  version->callback([&] {
    PrintJson(boost::json::object{{"version", ISPCLOUD_VERSION}});
    rc = kExitOk;
  });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = cli.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return kExitRuntime;
  }
  return rc;
}

}  // namespace ispcloud::app
