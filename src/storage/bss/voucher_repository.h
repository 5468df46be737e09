#pragma once
// Rows of bss_vouchers and bss_voucher_secret (migration 0013).

#include <optional>
#include <string>
#include <string_view>

#include "domain/bss/voucher.h"
#include "storage/db.h"

namespace ispcloud::storage::bss {

using domain::bss::Voucher;

struct VoucherSecret {
  std::string secret;
  std::string pepper_check;
};

// The deployment's voucher hash secret, or nullopt before the first batch.
asio::awaitable<Result<std::optional<VoucherSecret>>> LoadVoucherSecret(Tx& tx);

// Stores the secret (id 1). A concurrent first batch loses with kConflict.
asio::awaitable<Status> InsertVoucherSecret(Tx& tx, const VoucherSecret& s, const std::string& now);

// Number of vouchers of `spid` (serials are assigned densely from 1).
asio::awaitable<Result<int64_t>> CountVouchers(Tx& tx, std::string_view spid);

// Number of distinct batches of `spid`.
asio::awaitable<Result<int64_t>> CountVoucherBatches(Tx& tx, std::string_view spid);

// True when `spid` has a batch named `batch_number`.
asio::awaitable<Result<bool>> VoucherBatchExists(Tx& tx, std::string_view spid,
                                                 std::string_view batch_number);

asio::awaitable<Status> InsertVoucher(Tx& tx, const Voucher& v);

// The voucher of `spid` whose number hashes to `number_hash`, or nullopt.
asio::awaitable<Result<std::optional<Voucher>>> FindVoucherByHash(Tx& tx, std::string_view spid,
                                                                  std::string_view number_hash);

// The voucher of `spid` with `serial_number`, or nullopt.
asio::awaitable<Result<std::optional<Voucher>>> FindVoucherBySerial(Tx& tx, std::string_view spid,
                                                                    std::string_view serial);

// Compare-and-set AVAILABLE -> USED of one voucher: returns false (and changes nothing) when the
// voucher is no longer AVAILABLE.
struct VoucherUse {
  std::string subscription_id;
  std::string used_at;
  std::string transaction_id;
  std::string first_result;
};
asio::awaitable<Result<bool>> MarkVoucherUsed(Tx& tx, std::string_view spid,
                                              std::string_view serial, const VoucherUse& use);

// Sets the state of an AVAILABLE or BLOCKED voucher (admin block/unblock); false when the
// voucher is in neither state.
asio::awaitable<Result<bool>> SetVoucherBlocked(Tx& tx, std::string_view spid,
                                                std::string_view serial, bool blocked,
                                                const std::string& now);

}  // namespace ispcloud::storage::bss
