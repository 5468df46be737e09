#include "domain/bss/voucher_recharge_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/errors.h"
#include "domain/bss/ledger.h"
#include "domain/bss/subscription_service.h"
#include "domain/bss/voucher_rules.h"
#include "storage/audit_repository.h"
#include "storage/bss/subscription_repository.h"
#include "storage/bss/voucher_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

// The row 55 response (§2.13).
json::object RechargeBody(const BssContext& ctx, const repo::SubscriptionRow& line,
                          const Voucher& voucher, size_t number_length, const LedgerEntry& entry,
                          const std::string& expiry) {
  const std::string transaction_id = std::to_string(entry.id);
  return json::object{
      {"orderResult", 0},
      {"subscriptionRef", json::object{{"accountID", line.ban},
                                       {"identifier", line.id},
                                       {"mobileNumber", line.msisdn},
                                       {"spid", ctx.spid()}}},
      {"voucher", MaskVoucherNumber(voucher.number_last4, number_length)},
      {"serialNumber", voucher.serial_number},
      {"voucherAmount", voucher.voucher_amount},
      {"bonusAmount", voucher.bonus_amount},
      {"currency", voucher.currency},
      {"balance", entry.balance_after.units},
      {"expiryDate", expiry},
      {"transactionId", transaction_id},
      {"receiptNumber", "R" + transaction_id},
  };
}

// The stored first result of a used voucher, answered again to the same subscription.
Result<RechargeResult> Replay(const Voucher& voucher) {
  boost::system::error_code ec;
  json::value first = json::parse(voucher.first_result.value_or(""), ec);
  if (ec || !first.is_object()) {
    return MakeError(ErrorCode::kInternal,
                     "voucher " + voucher.serial_number + " has no readable first result");
  }
  return RechargeResult{std::move(first.get_object()), true};
}

}  // namespace

Status ValidateRechargeRequest(const RechargeRequest& r) {
  FieldErrors errors;
  for (const FieldError& e : r.decode_errors) errors.Add(e.field, e.rule, e.message);
  if (r.ref.empty()) {
    errors.Add("subscriptionId", "presence", "subscriptionId or mobileNumber is required");
  }
  if (!r.voucher) {
    errors.Add("voucher", "presence", "voucher is required");
  } else if (!IsVoucherNumberFormat(*r.voucher)) {
    errors.Add("voucher", "format", "voucher must be 8 to 20 digits");
  }
  if (r.external_transaction_number &&
      (r.external_transaction_number->empty() || r.external_transaction_number->size() > 64)) {
    errors.Add("externalTransactionNumber", "length",
               "externalTransactionNumber must have 1 to 64 characters");
  }
  if (!errors.empty()) return errors.ToError("invalid voucher recharge");
  return Ok();
}

asio::awaitable<Result<RechargeResult>> VoucherRechargeService::RechargeInTx(
    storage::Tx& tx, const BssContext& ctx, const RechargeRequest& request) {
  if (Status s = ValidateRechargeRequest(request); !s) co_return s.error();
  const TimePoint now_tp = clock_.Now();
  const std::string now = FormatIso8601Millis(now_tp);

  auto line = co_await ResolveSubscription(tx, ctx.spid(), request.ref);
  if (!line) co_return line.error();
  if (request.account_id && *request.account_id != line->ban &&
      *request.account_id != line->account_id) {
    co_return BadField("accountID", "consistency",
                       "accountID does not hold subscription " + line->id);
  }

  // The voucher, by the keyed hash of its number.
  const std::string spid = ctx.SpidText();
  std::optional<Voucher> voucher;
  auto key = co_await vouchers_.HashKey(tx, false);
  if (!key) co_return key.error();
  if (key->has_value()) {
    const std::string hash = VoucherNumberHash(**key, spid, *request.voucher);
    auto found = co_await repo::FindVoucherByHash(tx, spid, hash);
    if (!found) co_return found.error();
    voucher = std::move(*found);
  }
  auto redemption = CheckVoucherRedemption(voucher, request.serial, line->id, now);
  if (!redemption) co_return redemption.error();
  if (*redemption == Redemption::kReplay) co_return Replay(*voucher);
  if (Status s = CheckRechargeState(static_cast<int>(line->state)); !s) co_return s.error();

  // The credit: voucher amount + bonus, through the ledger.
  const auto value = CheckedAdd(Amount4{voucher->voucher_amount}, Amount4{voucher->bonus_amount});
  if (!value) co_return InvalidState("the voucher value overflows the balance");
  Posting posting = PostingFor(ctx, line->id, now_tp, "voucherRechargeAdjustmentType",
                               kVoucherRechargeAdjustmentType);
  posting.amount = *value;
  posting.source = MoneySource::kVoucher;
  posting.source_ref = voucher->serial_number;
  posting.reason = "Voucher recharge " + voucher->serial_number;
  posting.external_transaction_number = request.external_transaction_number;
  auto entry = co_await PostToMainBalance(tx, posting);
  if (!entry) co_return entry.error();

  // New expiry and state. UpdateSubscription leaves the balance columns the posting changed, so
  // the row resolved above serves.
  repo::SubscriptionRow updated = std::move(*line);
  std::optional<TimePoint> old_expiry;
  if (updated.expiry_at) old_expiry = ParseRfc3339(*updated.expiry_at);
  updated.expiry_at =
      FormatIso8601Millis(RechargedExpiry(old_expiry, now_tp, voucher->duration_days));
  const int64_t old_state = updated.state;
  updated.state = StateAfterRecharge(static_cast<int>(old_state));
  if (updated.state != old_state) updated.status_start_at = now;
  updated.updated_at = now;
  if (Status s = co_await repo::UpdateSubscription(tx, updated); !s) co_return s.error();
  if (updated.state != old_state) {
    repo::HistoryRow history{ctx.spid(),
                             updated.id,
                             "STATE",
                             std::to_string(old_state),
                             std::to_string(updated.state),
                             std::string("voucher recharge"),
                             voucher->serial_number,
                             ctx.agent,
                             now};
    if (auto s = co_await repo::InsertHistory(tx, history); !s) co_return s.error();
  }

  // Number length as the client sent it, for the masked echo.
  RechargeResult out{
      RechargeBody(ctx, updated, *voucher, request.voucher->size(), *entry, *updated.expiry_at),
      false};
  const repo::VoucherUse use{updated.id, now, std::to_string(entry->id), json::serialize(out.body)};
  auto marked = co_await repo::MarkVoucherUsed(tx, spid, voucher->serial_number, use);
  if (!marked) co_return marked.error();
  if (!*marked) {
    co_return MakeError(ErrorCode::kConflict, "voucher already used", "ERCRT1011");
  }
  const storage::AuditEntry audit{
      now, "voucher.redeem", "voucher", voucher->serial_number,
      json::serialize(json::object{{"subscription", updated.id}, {"transaction", entry->id}})};
  if (Status s = co_await storage::AppendAudit(tx, ctx.actor, audit); !s) co_return s.error();
  json::object topup = out.body;
  topup["source"] = "voucher";
  const std::string path = "/api/subscription/balanceQuery?subscriptionId=" + updated.id;
  if (Status s = co_await events_.Publish(tx, ctx, "BalanceTopupEvent", "balanceTopup",
                                          std::move(topup), path);
      !s) {
    co_return s.error();
  }
  co_return out;
}

}  // namespace ispcloud::domain::bss
