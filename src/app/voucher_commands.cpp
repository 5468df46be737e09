#include "app/voucher_commands.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "auth/optiva_policy.h"
#include "core/random.h"
#include "domain/bss/service_provider.h"
#include "domain/bss/voucher_service.h"
#include "storage/run_sync.h"

namespace ispcloud::app {
namespace {

using domain::bss::VoucherBatch;
using domain::bss::VoucherService;


// The row 92 response: {"batchNumber", "vouchers": [{"voucherNumber", "serialNumber"}]}.
boost::json::object BatchJson(const VoucherBatch& batch) {
  boost::json::array vouchers;
  for (const auto& v : batch.vouchers) {
    vouchers.push_back(boost::json::object{{"voucherNumber", v.voucher_number},
                                           {"serialNumber", v.serial_number}});
  }
  return boost::json::object{{"batchNumber", batch.batch_number},
                             {"vouchers", std::move(vouchers)}};
}

// `voucher batch`: creates the vouchers and prints their numbers, the only time they are shown.
int VoucherBatchCommand(const CommonFlags& flags, const VoucherFlags& vf) {
  auto config = ResolveConfig(flags);
  if (!config) return ReportError(config.error());
  std::optional<std::string> spid = auth::CanonicalSpid(vf.spid);
  if (!spid) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument, "--spid must be a decimal SPID"));
  }
  auto db = OpenMigratedDatabase(*config);
  if (!db) return ReportError(db.error());
  domain::bss::ServiceProviderService providers(**db, SystemClock::Instance());
  auto provider = storage::RunSync(providers.Find(*spid));
  if (!provider) return ReportError(provider.error());
  std::string currency = provider->currency;
  VoucherService service(**db, SystemClock::Instance(), SystemRandom::Instance(),
                         config->auth.key_encryption_key);
  domain::bss::VoucherBatchInput in;
  in.count = vf.count;
  in.voucher_amount = vf.voucher_amount;
  in.bonus_amount = vf.bonus_amount;
  in.duration_days = vf.duration_days;
  in.expires_at = vf.expires_at;
  in.batch_number = vf.batch_number;
  domain::Actor actor = CliActor();
  actor.tenant = *spid;
  auto batch =
      storage::RunSync(service.CreateBatch(actor, *spid, std::move(currency), std::move(in)));
  if (!batch) return ReportError(batch.error());
  PrintJson(BatchJson(*batch));
  return kExitOk;
}

}  // namespace

void AddVoucherCommands(CLI::App& cli, CommonFlags& flags, VoucherFlags& vf, int& rc) {
  CLI::App* voucher = cli.add_subcommand("voucher", "Manage prepaid vouchers (Optiva gateway)");
  voucher->require_subcommand(1);
  CLI::App* batch = voucher->add_subcommand(
      "batch", "Create a batch of vouchers; prints their numbers once (they are stored hashed)");
  AddCommonOptions(batch, flags);
  batch->add_option("--spid", vf.spid, "service provider id")->required();
  batch->add_option("--count", vf.count, "number of vouchers, 1..10000")->required();
  batch->add_option("--voucher-amount", vf.voucher_amount, "value, Amount4 (10.00 = 100000)")
      ->required();
  batch->add_option("--bonus-amount", vf.bonus_amount, "bonus value, Amount4 (default 0)");
  batch->add_option("--duration-days", vf.duration_days, "days of validity a recharge adds")
      ->required();
  batch->add_option("--expires-at", vf.expires_at, "last moment of use, ISO-8601 date-time")
      ->required();
  batch->add_option("--batch-number", vf.batch_number, "batch name (default B0000001, ...)");
  batch->callback([&] { rc = VoucherBatchCommand(flags, vf); });
}

}  // namespace ispcloud::app
