#pragma once
// The money columns of bss_subscriptions and the rows of bss_transactions (migrations/sqlite/
// 0010). Only domain/bss/ledger.cpp calls the writing functions here: it is the one place that
// changes a main balance.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

// What a posting needs to know about a subscription.
struct BalanceRow {
  std::string subscription_id;
  std::string ban;
  std::string msisdn;
  int64_t state = 0;
  int64_t balance = 0;  // Amount4
  int64_t balance_version = 0;
  int64_t credit_limit = 0;
  int64_t monthly_spend_limit = -1;
  int64_t maximum_balance = 0;
};

struct TransactionRow {
  int64_t id = 0;
  int64_t spid = 0;
  std::string subscription_id;
  std::string account_ban;
  std::string msisdn;
  int64_t amount = 0;
  int64_t balance_before = 0;
  int64_t balance_after = 0;
  int64_t adjustment_type_id = 0;
  std::string adjustment_type_name;
  std::string source_kind;
  std::optional<std::string> source_ref;
  std::optional<std::string> reason;
  std::string agent;
  std::optional<std::string> external_transaction_number;
  bool counts_toward_spend = true;
  std::optional<std::string> request_id;
  std::optional<std::string> correlation_id;
  std::string created_at;
};

// The balance columns of subscription `id` in `spid`, or nullopt.
asio::awaitable<Result<std::optional<BalanceRow>>> FindBalance(Tx& tx, int64_t spid,
                                                               std::string_view id);

// The sum of the magnitudes of the debits of `subscription_id` that count toward the monthly
// spend limit, created at or after `since` (ISO-8601 text).
asio::awaitable<Result<int64_t>> SumSpendSince(Tx& tx, std::string_view subscription_id,
                                               std::string_view since);

// Sets the balance when the stored version is `expected_version` (bumping it); false when no
// row matched (a concurrent posting won).
asio::awaitable<Result<bool>> UpdateBalance(Tx& tx, std::string_view id, int64_t balance,
                                            int64_t expected_version, std::string_view updated_at);

// Appends a ledger row. A repeated (spid, external_transaction_number) fails with kConflict /
// kDbUniqueViolation.
asio::awaitable<Status> InsertTransaction(Tx& tx, const TransactionRow& row);

// The ledger rows of a subscription, oldest first.
asio::awaitable<Result<std::vector<TransactionRow>>> ListTransactions(Tx& tx, int64_t spid,
                                                                      std::string_view id);

// A window of a subscription's ledger for history lists (OPTIVA-API.md §2.0): created_at
// bounds (inclusive, ISO-8601), order by id (ids grow with time), keyset continuation.
struct TransactionWindow {
  std::optional<std::string> start;
  std::optional<std::string> end;
  bool ascending = false;
  std::optional<int64_t> after_id;  // continue strictly after this id in the page order
  int64_t limit = 100;
};

// Up to `window.limit + 1` rows of the window (the extra row tells that a next page exists).
asio::awaitable<Result<std::vector<TransactionRow>>> PageTransactions(Tx& tx, int64_t spid,
                                                                      std::string_view id,
                                                                      const TransactionWindow& w);

}  // namespace ispcloud::storage::bss
