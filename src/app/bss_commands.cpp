#include "app/bss_commands.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

#include "core/object_id.h"
#include "core/random.h"
#include "domain/bss/catalog.h"
#include "domain/bss/events.h"
#include "domain/bss/schedule_runner.h"
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

// Catalogue documents larger than this are refused before parsing.
constexpr std::streamsize kMaxCatalogBytes = 16 * 1024 * 1024;

Result<boost::json::value> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kInvalidArgument, "cannot open file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (static_cast<std::streamsize>(text.tellp()) > kMaxCatalogBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "file '" + path + "' is larger than 16 MiB");
  }
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text.str(), ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "file '" + path + "' is not valid JSON: " + ec.message());
  }
  return doc;
}

// `catalog import`: validates the whole document, then replaces the SPID's catalogue.
Result<boost::json::value> CatalogImport(storage::Database& db, const BssFlags& bss_flags) {
  auto document = ReadJsonFile(bss_flags.file);
  if (!document) return document.error();
  ServiceProviderService providers(db, SystemClock::Instance());
  auto provider = storage::RunSync(providers.Find(bss_flags.spid));
  if (!provider) {
    return MakeError(ErrorCode::kNotFound, "SPID " + bss_flags.spid + " is not configured");
  }
  domain::bss::CatalogService catalog(db, SystemClock::Instance());
  auto ids = storage::RunSync(catalog.Import(CliActor(), *provider, std::move(*document)));
  if (!ids) return ids.error();
  return boost::json::value(domain::bss::ImportSummary(provider->spid, *ids));
}

// `payments run-due`: the schedule runner (domain/bss/schedule_runner.h) at --at or now.
int PaymentsRunDue(const CommonFlags& flags, const BssFlags& bss_flags) {
  TimePoint at = SystemClock::Instance().Now();
  if (!bss_flags.at.empty()) {
    std::optional<TimePoint> parsed = ParseRfc3339(bss_flags.at);
    if (!parsed) {
      return ReportError(
          MakeError(ErrorCode::kInvalidArgument, "--at must be an ISO-8601 date-time"));
    }
    at = *parsed;
  }
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  auto listen = ParseHostPort(config->server.listen);
  const std::string public_url = EffectivePublicUrl(*config, listen ? listen->port : 8080);
  ObjectIdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  domain::bss::BssEventPublisher events(SystemClock::Instance(), ids,
                                        [&public_url] { return public_url; });
  ServiceProviderService providers(**db, SystemClock::Instance());
  domain::bss::ScheduleRunner runner(**db, providers, events);
  auto summary = storage::RunSync(runner.RunDue(at));
  if (!summary) return ReportError(summary.error());
  PrintJson(boost::json::object{{"applied", summary->applied},
                                {"declined", summary->declined},
                                {"refused", summary->refused},
                                {"at", FormatIso8601Millis(at)}});
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

  CLI::App* catalog = cli.add_subcommand("catalog", "Manage the product catalogue of a SPID");
  catalog->require_subcommand(1);
  CLI::App* import = catalog->add_subcommand(
      "import", "Replace a SPID's catalogue with a JSON document (docs/bss.md); all or nothing");
  AddCommonOptions(import, flags);
  import->add_option("--spid", bss_flags.spid, "SPID")->required();
  import->add_option("--file", bss_flags.file, "catalogue JSON document")->required();
  import->callback([&] {
    rc = WithDatabase(flags, [&](storage::Database& db) { return CatalogImport(db, bss_flags); });
  });

  CLI::App* payments = cli.add_subcommand("payments", "Payment schedules (automatic top-up)");
  payments->require_subcommand(1);
  CLI::App* run_due = payments->add_subcommand(
      "run-due",
      "Apply every ATU schedule that is due (run it from a timer every few minutes); prints "
      "{\"applied\",\"declined\",\"refused\",\"at\"}");
  AddCommonOptions(run_due, flags);
  run_due->add_option("--at", bss_flags.at,
                      "apply what is due at this ISO-8601 date-time (default: now)");
  run_due->callback([&] { rc = PaymentsRunDue(flags, bss_flags); });
}

}  // namespace ispcloud::app
