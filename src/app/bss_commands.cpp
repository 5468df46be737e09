#include "app/bss_commands.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/bss/service_provider.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

using domain::bss::ServiceProvider;
using domain::bss::ServiceProviderService;

boost::json::object ProviderJson(const ServiceProvider& p) {
  return {{"spid", p.spid},         {"name", p.name},
          {"currency", p.currency}, {"currencyExponent", p.currency_exponent},
          {"settings", p.settings}, {"createdAt", p.created_at}};
}

// Runs `fn(db)` against a migrated database and prints the JSON it returns.
template <typename Fn>
int WithDatabase(const CommonFlags& flags, Fn fn) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  Result<boost::json::value> out = fn(**db);
  if (!out) return ReportError(out.error());
  PrintJson(*out);
  return kExitOk;
}

}  // namespace

void AddBssCommands(CLI::App& cli, CommonFlags& flags, BssFlags& bss_flags, int& rc) {
  CLI::App* sp = cli.add_subcommand("sp", "Manage Optiva service providers (SPIDs)");
  sp->require_subcommand(1);
  CLI::App* create = sp->add_subcommand("create", "Create a service provider");
  AddCommonOptions(create, flags);
  create->add_option("--id", bss_flags.spid, "SPID, a decimal integer 1..2147483647")->required();
  create->add_option("--name", bss_flags.name, "display name")->required();
  create->add_option("--currency", bss_flags.currency, "ISO 4217 currency code (default USD)");
  create->callback([&] {
    rc = WithDatabase(flags, [&](storage::Database& db) -> Result<boost::json::value> {
      ServiceProviderService service(db, SystemClock::Instance());
      auto p = storage::RunSync(
          service.Create(CliActor(), bss_flags.spid, bss_flags.name, bss_flags.currency));
      if (!p) return p.error();
      return boost::json::value(ProviderJson(*p));
    });
  });
  CLI::App* list = sp->add_subcommand("list", "List service providers");
  AddCommonOptions(list, flags);
  list->callback([&] {
    rc = WithDatabase(flags, [&](storage::Database& db) -> Result<boost::json::value> {
      ServiceProviderService service(db, SystemClock::Instance());
      auto all = storage::RunSync(service.List());
      if (!all) return all.error();
      boost::json::array out;
      for (const ServiceProvider& p : *all) out.push_back(ProviderJson(p));
      return boost::json::value(std::move(out));
    });
  });
}

}  // namespace ispcloud::app
