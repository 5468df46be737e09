#include "domain/bss/ledger.h"

#include "domain/bss/errors.h"
#include "domain/bss/subscription_state.h"
#include "storage/bss/ledger_repository.h"
#include "storage/bss/sequence_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace repo = storage::bss;

constexpr std::string_view kTransactionSequence = "transaction";

LedgerEntry EntryOf(const repo::TransactionRow& t) {
  LedgerEntry e;
  e.id = t.id;
  e.spid = t.spid;
  e.subscription_id = t.subscription_id;
  e.account_ban = t.account_ban;
  e.msisdn = t.msisdn;
  e.amount = Amount4{t.amount};
  e.balance_before = Amount4{t.balance_before};
  e.balance_after = Amount4{t.balance_after};
  e.adjustment_type_id = t.adjustment_type_id;
  e.adjustment_type_name = t.adjustment_type_name;
  e.source_kind = t.source_kind;
  e.source_ref = t.source_ref.value_or("");
  e.reason = t.reason.value_or("");
  e.agent = t.agent;
  e.external_transaction_number = t.external_transaction_number;
  e.counts_toward_spend = t.counts_toward_spend;
  e.request_id = t.request_id.value_or("");
  e.correlation_id = t.correlation_id.value_or("");
  e.created_at = t.created_at;
  return e;
}

std::optional<std::string> NonEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// The §3.3 checks on a loaded balance; `spent` = counted debits of the month so far.
Status CheckLimits(const repo::BalanceRow& b, Amount4 amount, Amount4 new_balance,
                   const Posting& posting, int64_t spent) {
  if (amount.units < 0) {
    int64_t available = 0;
    if (__builtin_add_overflow(new_balance.units, b.credit_limit, &available) || available < 0) {
      int64_t before_available = 0;
      if (__builtin_add_overflow(b.balance, b.credit_limit, &before_available)) {
        before_available = b.balance;
      }
      return InsufficientBalance("Debit of " + std::to_string(-amount.units) +
                                 " exceeds available balance " + std::to_string(before_available) +
                                 " of subscription " + b.subscription_id);
    }
    if (posting.counts_toward_spend && b.monthly_spend_limit >= 0) {
      int64_t total = 0;
      if (__builtin_add_overflow(spent, -amount.units, &total) || total > b.monthly_spend_limit) {
        return SpendLimitExceeded(
            "Debit of " + std::to_string(-amount.units) + " exceeds the monthly spend limit " +
            std::to_string(b.monthly_spend_limit) + " of subscription " + b.subscription_id +
            " (spent this month: " + std::to_string(spent) + ")");
      }
    }
  } else if (b.maximum_balance > 0 && new_balance.units > b.maximum_balance) {
    return InvalidState("Credit of " + std::to_string(amount.units) +
                        " would raise the balance of subscription " + b.subscription_id +
                        " above its maximum balance " + std::to_string(b.maximum_balance));
  }
  return Ok();
}

}  // namespace

Posting PostingFor(const BssContext& ctx, std::string subscription_id, TimePoint at,
                   std::string_view type_setting, int64_t default_type) {
  Posting posting;
  posting.spid = ctx.spid();
  posting.subscription_id = std::move(subscription_id);
  posting.adjustment_type_id = ctx.provider.IntSetting(type_setting, default_type);
  posting.adjustment_type_name = AdjustmentTypeName(ctx.provider, posting.adjustment_type_id);
  posting.agent = ctx.agent;
  posting.request_id = ctx.actor.request_id;
  posting.correlation_id = ctx.correlation_id;
  posting.at = at;
  return posting;
}

std::string_view SourceKindName(MoneySource source) {
  switch (source) {
    case MoneySource::kOrder:
      return "order";
    case MoneySource::kExternalPayment:
      return "externalPayment";
    case MoneySource::kAdjustment:
      return "adjustment";
    case MoneySource::kVoucher:
      return "voucher";
    case MoneySource::kPayment:
      return "payment";
    case MoneySource::kUsage:
      return "usage";
    case MoneySource::kAtu:
      return "atu";
    case MoneySource::kRaf:
      return "raf";
  }
  return "adjustment";
}

Status CheckMoneyState(int state, MoneySource source, bool debit) {
  bool allowed = false;
  if (!debit) {
    allowed = IsKnownState(state) && state != kInactive && state != kMoved;
  } else if (state == kActive || state == kNonPaymentWarned) {
    allowed = true;
  } else if (source == MoneySource::kAdjustment) {
    allowed = state == kSuspended || state == kLocked;
  }
  if (allowed) return Ok();
  return InvalidState(std::string(debit ? "debits" : "credits") + " are not allowed in state " +
                      std::string(StateName(state)));
}

std::string MonthStart(TimePoint at) {
  return FormatIso8601Millis(at).substr(0, 7) + "-01T00:00:00.000Z";
}

asio::awaitable<Result<LedgerEntry>> PostToMainBalance(storage::Tx& tx, const Posting& posting) {
  if (posting.amount.units == 0) {
    co_return BadField("amount", "range", "a ledger posting must move a non-zero amount");
  }
  auto found = co_await repo::FindBalance(tx, posting.spid, posting.subscription_id);
  if (!found) co_return found.error();
  if (!*found) co_return NotFound("subscription " + posting.subscription_id);
  const repo::BalanceRow balance = std::move(**found);
  const bool debit = posting.amount.units < 0;
  if (Status s = CheckMoneyState(static_cast<int>(balance.state), posting.source, debit); !s) {
    co_return s.error();
  }
  std::optional<Amount4> new_balance = CheckedAdd(Amount4{balance.balance}, posting.amount);
  if (!new_balance) co_return InvalidState("the posting would overflow the balance");
  int64_t spent = 0;
  if (debit && posting.counts_toward_spend && balance.monthly_spend_limit >= 0) {
    const std::string since = MonthStart(posting.at);
    auto sum = co_await repo::SumSpendSince(tx, balance.subscription_id, since);
    if (!sum) co_return sum.error();
    spent = *sum;
  }
  if (Status s = CheckLimits(balance, posting.amount, *new_balance, posting, spent); !s) {
    co_return s.error();
  }

  const std::string now = FormatIso8601Millis(posting.at);
  auto updated = co_await repo::UpdateBalance(tx, balance.subscription_id, new_balance->units,
                                              balance.balance_version, now);
  if (!updated) co_return updated.error();
  if (!*updated) {
    // Busy, like a serialization failure: the driver runs the transaction again.
    co_return storage::MakeDbError(storage::DbFailure::kBusy,
                                   "concurrent balance change on " + balance.subscription_id);
  }
  auto id = co_await repo::NextSequenceValue(tx, kTransactionSequence, kFirstTransactionId);
  if (!id) co_return id.error();
  repo::TransactionRow row;
  row.id = *id;
  row.spid = posting.spid;
  row.subscription_id = balance.subscription_id;
  row.account_ban = balance.ban;
  row.msisdn = balance.msisdn;
  row.amount = posting.amount.units;
  row.balance_before = balance.balance;
  row.balance_after = new_balance->units;
  row.adjustment_type_id = posting.adjustment_type_id;
  row.adjustment_type_name = posting.adjustment_type_name;
  row.source_kind = std::string(SourceKindName(posting.source));
  row.source_ref = NonEmpty(posting.source_ref);
  row.reason = NonEmpty(posting.reason);
  row.agent = posting.agent;
  row.external_transaction_number = posting.external_transaction_number;
  row.counts_toward_spend = debit && posting.counts_toward_spend;
  row.request_id = NonEmpty(posting.request_id);
  row.correlation_id = NonEmpty(posting.correlation_id);
  row.created_at = now;
  Status inserted = co_await repo::InsertTransaction(tx, row);
  if (!inserted) {
    if (inserted.error().api_code == storage::kDbUniqueViolation) {
      co_return AlreadyExists("externalTransactionNumber " +
                              posting.external_transaction_number.value_or("") +
                              " was already used in this SPID");
    }
    co_return inserted.error();
  }
  co_return EntryOf(row);
}

asio::awaitable<Result<std::vector<LedgerEntry>>> ListLedger(storage::Tx& tx, int64_t spid,
                                                             std::string subscription_id) {
  auto rows = co_await repo::ListTransactions(tx, spid, subscription_id);
  if (!rows) co_return rows.error();
  std::vector<LedgerEntry> out;
  out.reserve(rows->size());
  for (const repo::TransactionRow& r : *rows) out.push_back(EntryOf(r));
  co_return out;
}

asio::awaitable<Result<std::vector<LedgerEntry>>> PageLedger(
    storage::Tx& tx, int64_t spid, std::string subscription_id,
    const storage::bss::TransactionWindow& window) {
  auto rows = co_await repo::PageTransactions(tx, spid, subscription_id, window);
  if (!rows) co_return rows.error();
  std::vector<LedgerEntry> out;
  out.reserve(rows->size());
  for (const repo::TransactionRow& r : *rows) out.push_back(EntryOf(r));
  co_return out;
}

}  // namespace ispcloud::domain::bss
