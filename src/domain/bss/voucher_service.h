#pragma once
// Voucher batches and look-ups (OPTIVA-API.md §2.20 rows 91-92; the CLI `voucher batch`).
// Redemption is voucher_recharge_service.h.

#include <optional>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "core/random.h"
#include "domain/actor.h"
#include "domain/bss/voucher.h"
#include "domain/bss/voucher_rules.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

class VoucherService {
 public:
  // `pepper` is the operator's secret outside the database (auth.key_encryption_key; may be
  // empty): it keys the voucher number hash together with the deployment secret.
  VoucherService(storage::Database& db, const Clock& clock, Random& random, std::string pepper)
      : db_(db), clock_(clock), random_(random), pepper_(std::move(pepper)) {}

  // Creates `count` vouchers of `spid` (currency `currency`) in one transaction and returns their
  // numbers in clear, the only time they exist outside the hash. Serials continue the SPID's
  // sequence (SN0000001, ...); the batch number is the caller's or "B" + sequence.
  // Errors: kValidation (ValidateVoucherBatch), kConflict ERCRT1004 for a batch number in use,
  // kInternal when the pepper no longer matches the stored check. Audited.
  asio::awaitable<Result<VoucherBatch>> CreateBatch(const Actor& actor, std::string spid,
                                                    std::string currency, VoucherBatchInput in);

  // CreateBatch inside the caller's write transaction, for a validated `spec` (idempotent
  // routes run it through RunIdempotent).
  asio::awaitable<Result<VoucherBatch>> CreateBatchInTx(storage::Tx& tx, const Actor& actor,
                                                        const std::string& spid,
                                                        const std::string& currency,
                                                        const VoucherBatchSpec& spec);

  // ValidateVoucherBatch at the service clock's time.
  Result<VoucherBatchSpec> Validate(const VoucherBatchInput& in) const {
    return ValidateVoucherBatch(in, clock_.Now());
  }

  // The voucher of `spid` with `number` (when given) or `serial` (when given, both: both must
  // match). kInvalidArgument when neither is given; kNotFound when no voucher matches.
  asio::awaitable<Result<Voucher>> Find(std::string spid, std::optional<std::string> number,
                                        std::optional<std::string> serial);

  // The hash key of voucher numbers inside `tx`: loads the deployment secret (creating it when
  // `create` and absent) and checks the pepper. nullopt when there is no secret yet (no voucher
  // can exist). kInternal when the pepper changed.
  asio::awaitable<Result<std::optional<std::string>>> HashKey(storage::Tx& tx, bool create);

 private:
  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  std::string pepper_;
};

}  // namespace ispcloud::domain::bss
