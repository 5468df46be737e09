#pragma once
// The money ledger (OPTIVA-API.md §3.3 items 2-5, §2.9). PostToMainBalance is the ONLY code that
// changes a subscription's main balance: every recharge, adjustment, order charge, payment and
// usage charge calls it inside its own write transaction, which also holds the caller's audit
// record and events. Each posting writes one immutable bss_transactions row with
// balance_after = balance_before + amount, so for every subscription
//   initial balance (0) + sum of transaction amounts == current balance.
// Rules, checked in this order (a refused posting changes nothing):
//   - amount != 0 (kInvalidArgument ERCRT1001)
//   - the subscription exists in the SPID (404 ERCRT1003)
//   - its state allows the movement (CheckMoneyState, 409 ERCRT1007)
//   - debit: balance + amount + creditLimit >= 0 (409 ERCRT1005, no partial debits)
//   - debit counted toward spend, monthlySpendLimit >= 0: debits of the calendar month (UTC)
//     + this one <= the limit (409 ERCRT1006)
//   - credit, maximumBalance > 0: the new balance <= maximumBalance (409 ERCRT1007)
//   - externalTransactionNumber, when given, is new in the SPID (409 ERCRT1004)
// Writers are serialised by the database (SQLite's single writer; PostgreSQL's SERIALIZABLE
// transactions, run again after a conflict); the balance update is also guarded by the row's
// balance_version (optimistic check), so a lost race is reported as kUnavailable + kDbBusy
// (which the PostgreSQL driver retries) instead of losing money.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/money.h"
#include "storage/bss/ledger_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// Why money moves; decides the state rules and is stored as the transaction's source_kind.
enum class MoneySource {
  kOrder,            // order charges (NR, first RC) and refunds
  kExternalPayment,  // AMOUNT_PAID of an order: paid outside the BSS
  kAdjustment,       // CSR adjustments (credit or debit)
  kVoucher,          // voucher recharge
  kPayment,          // payment-gateway charges
  kUsage,            // rated usage
  kAtu,              // automatic top-up
  kRaf,              // refer-a-friend bonus
};

// "order", "externalPayment", "adjustment", "voucher", "payment", "usage", "atu", "raf".
std::string_view SourceKindName(MoneySource source);

struct Posting {
  int64_t spid = 0;
  std::string subscription_id;
  Amount4 amount;  // signed: credit > 0, debit < 0
  int64_t adjustment_type_id = 0;
  std::string adjustment_type_name;
  MoneySource source = MoneySource::kAdjustment;
  std::string source_ref;  // order / adjustment / voucher id ("" = none)
  std::string reason;
  std::string agent;  // who: preferred_username, fallback sub; "cli:<user>" for the CLI
  std::optional<std::string> external_transaction_number;
  bool counts_toward_spend = true;  // debits only: counted against the monthly spend limit
  std::string request_id;
  std::string correlation_id;  // Transaction-Id header
  TimePoint at;
};

// A posting on `subscription_id` at `at` on behalf of the caller of `ctx` (SPID, agent, request
// and correlation ids), of the adjustment type the SPID setting `type_setting` names
// (`default_type` when unset) with that type's name. The caller sets amount, source, source_ref
// and reason.
Posting PostingFor(const BssContext& ctx, std::string subscription_id, TimePoint at,
                   std::string_view type_setting, int64_t default_type);

// A stored transaction.
struct LedgerEntry {
  int64_t id = 0;
  int64_t spid = 0;
  std::string subscription_id;
  std::string account_ban;
  std::string msisdn;
  Amount4 amount;
  Amount4 balance_before;
  Amount4 balance_after;
  int64_t adjustment_type_id = 0;
  std::string adjustment_type_name;
  std::string source_kind;
  std::string source_ref;
  std::string reason;
  std::string agent;
  std::optional<std::string> external_transaction_number;
  bool counts_toward_spend = true;
  std::string request_id;
  std::string correlation_id;
  std::string created_at;
};

// The first transaction id handed out (ids are numeric strings on the wire, e.g. "9000001").
inline constexpr int64_t kFirstTransactionId = 9000001;

// §3.2 money rules: credits in every state but INACTIVE (2) and MOVED (4); debits in ACTIVE (1)
// and NON_PAYMENT_WARNED (8), adjustment debits also in SUSPENDED (3) and LOCKED (5).
// Refusal: 409 ERCRT1007 naming the state.
Status CheckMoneyState(int state, MoneySource source, bool debit);

// Posts `posting` inside `tx` (a write transaction) after the checks above; returns the stored
// transaction.
asio::awaitable<Result<LedgerEntry>> PostToMainBalance(storage::Tx& tx, const Posting& posting);

// Every transaction of a subscription in `spid`, oldest first (reads; for histories and tests).
asio::awaitable<Result<std::vector<LedgerEntry>>> ListLedger(storage::Tx& tx, int64_t spid,
                                                             std::string subscription_id);

// A window of a subscription's transactions (history lists): up to `window.limit + 1` entries.
asio::awaitable<Result<std::vector<LedgerEntry>>> PageLedger(
    storage::Tx& tx, int64_t spid, std::string subscription_id,
    const storage::bss::TransactionWindow& window);

// The first instant of `at`'s calendar month (UTC) as ISO-8601 text.
std::string MonthStart(TimePoint at);

}  // namespace ispcloud::domain::bss
