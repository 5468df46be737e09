#include "domain/bss/voucher_service.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "auth/secret_hash.h"
#include "storage/audit_repository.h"
#include "storage/bss/voucher_repository.h"

namespace ispcloud::domain::bss {

namespace repo = storage::bss;

asio::awaitable<Result<std::optional<std::string>>> VoucherService::HashKey(storage::Tx& tx,
                                                                            bool create) {
  auto stored = co_await repo::LoadVoucherSecret(tx);
  if (!stored) co_return stored.error();
  if (!stored->has_value()) {
    if (!create) co_return std::optional<std::string>();
    repo::VoucherSecret s;
    s.secret = auth::GenerateSecret(random_);
    const std::string key = VoucherHashKey(s.secret, pepper_);
    s.pepper_check = VoucherPepperCheck(key);
    const std::string now = FormatIso8601Millis(clock_.Now());
    if (Status st = co_await repo::InsertVoucherSecret(tx, s, now); !st) co_return st.error();
    co_return std::optional<std::string>(key);
  }
  const std::string key = VoucherHashKey((*stored)->secret, pepper_);
  if (!auth::ConstantTimeEquals(VoucherPepperCheck(key), (*stored)->pepper_check)) {
    co_return MakeError(ErrorCode::kInternal,
                        "voucher hash key mismatch: auth.key_encryption_key differs from the one "
                        "the vouchers were created with");
  }
  co_return std::optional<std::string>(key);
}

asio::awaitable<Result<VoucherBatch>> VoucherService::CreateBatch(const Actor& actor,
                                                                  std::string spid,
                                                                  std::string currency,
                                                                  VoucherBatchInput in) {
  auto spec = Validate(in);
  if (!spec) co_return spec.error();
  std::optional<VoucherBatch> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto batch = co_await CreateBatchInTx(tx, actor, spid, currency, *spec);
    if (!batch) co_return batch.error();
    out = std::move(*batch);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<VoucherBatch>> VoucherService::CreateBatchInTx(
    storage::Tx& tx, const Actor& actor, const std::string& spid, const std::string& currency,
    const VoucherBatchSpec& spec) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  VoucherBatch out;
  auto key = co_await HashKey(tx, true);
  if (!key) co_return key.error();
  if (spec.batch_number) {
    auto exists = co_await repo::VoucherBatchExists(tx, spid, *spec.batch_number);
    if (!exists) co_return exists.error();
    if (*exists) {
      co_return MakeError(ErrorCode::kConflict,
                          "batch number '" + *spec.batch_number + "' is already in use",
                          "ERCRT1004");
    }
    out.batch_number = *spec.batch_number;
  } else {
    auto batches = co_await repo::CountVoucherBatches(tx, spid);
    if (!batches) co_return batches.error();
    out.batch_number = "B" + VoucherSerial(*batches + 1).substr(2);
  }
  auto existing = co_await repo::CountVouchers(tx, spid);
  if (!existing) co_return existing.error();
  std::set<std::string> hashes;
  for (int64_t i = 0; i < spec.count; ++i) {
    std::string number;
    std::string hash;
    // Numbers are unique per SPID; a collision (about count / 10^15) draws again.
    for (;;) {
      number = GenerateVoucherNumber(random_);
      hash = VoucherNumberHash(**key, spid, number);
      if (hashes.contains(hash)) continue;
      auto clash = co_await repo::FindVoucherByHash(tx, spid, hash);
      if (!clash) co_return clash.error();
      if (!clash->has_value()) break;
    }
    hashes.insert(hash);
    Voucher v;
    v.spid = spid;
    v.serial_number = VoucherSerial(*existing + i + 1);
    v.batch_number = out.batch_number;
    v.number_hash = hash;
    v.number_last4 = number.substr(number.size() - 4);
    v.voucher_amount = spec.voucher_amount;
    v.bonus_amount = spec.bonus_amount;
    v.currency = currency;
    v.duration_days = spec.duration_days;
    v.expires_at = spec.expires_at;
    v.state = std::string(kVoucherAvailable);
    v.created_at = now;
    v.updated_at = now;
    if (Status s = co_await repo::InsertVoucher(tx, v); !s) co_return s.error();
    out.vouchers.push_back(IssuedVoucher{std::move(number), v.serial_number});
  }
  boost::json::object details{{"count", spec.count},
                              {"voucherAmount", spec.voucher_amount},
                              {"bonusAmount", spec.bonus_amount},
                              {"durationDays", spec.duration_days},
                              {"expiresAt", spec.expires_at},
                              {"firstSerial", out.vouchers.front().serial_number},
                              {"lastSerial", out.vouchers.back().serial_number}};
  storage::AuditEntry entry{now, "voucher.batch.create", "voucherBatch", out.batch_number,
                            boost::json::serialize(details)};
  if (Status s = co_await storage::AppendAudit(tx, actor, entry); !s) co_return s.error();
  co_return out;
}

asio::awaitable<Result<Voucher>> VoucherService::Find(std::string spid,
                                                      std::optional<std::string> number,
                                                      std::optional<std::string> serial) {
  if (!number && !serial) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "voucherNumber or serialNumber is required");
    e.fields.push_back({"voucherNumber", "presence", e.message});
    co_return e;
  }
  std::optional<Voucher> found;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    std::optional<Voucher> v;
    if (number) {
      auto key = co_await HashKey(tx, false);
      if (!key) co_return key.error();
      if (!key->has_value() || !IsVoucherNumberFormat(*number)) co_return Ok();
      const std::string hash = VoucherNumberHash(**key, spid, *number);
      auto by_hash = co_await repo::FindVoucherByHash(tx, spid, hash);
      if (!by_hash) co_return by_hash.error();
      v = std::move(*by_hash);
      if (v && serial && v->serial_number != *serial) v.reset();
    } else {
      auto by_serial = co_await repo::FindVoucherBySerial(tx, spid, *serial);
      if (!by_serial) co_return by_serial.error();
      v = std::move(*by_serial);
    }
    found = std::move(v);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!found) co_return MakeError(ErrorCode::kNotFound, "voucher not found");
  co_return std::move(*found);
}

}  // namespace ispcloud::domain::bss
