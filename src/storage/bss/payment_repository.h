#pragma once
// Rows of bss_payment_tokens and bss_payment_schedules (migrations/sqlite/0020).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct PaymentTokenRow {
  std::string id;
  int64_t spid = 0;
  std::string account_id;
  std::string token_value;
  std::optional<std::string> masked_card_number;
  std::optional<std::string> expiry_date;
  std::string created_at;
};

struct PaymentScheduleRow {
  std::string id;
  int64_t spid = 0;
  std::string account_id;
  std::string subscription_id;
  std::string token_id;
  int64_t amount_minor = 0;
  std::string currency;
  std::string recurrence;
  std::string next_application;
  std::string status;
  std::optional<std::string> last_result;  // JSON object text
  std::optional<std::string> source_ref;
  std::string created_at;
  std::string updated_at;
};

// Inserts a token; an existing (account, value) fails with kDbUniqueViolation.
asio::awaitable<Status> InsertPaymentToken(Tx& tx, const PaymentTokenRow& row);

// The token `id` of `spid`, or nullopt.
asio::awaitable<Result<std::optional<PaymentTokenRow>>> FindPaymentToken(Tx& tx, int64_t spid,
                                                                         std::string_view id);

// The token of `account_id` with `token_value`, or nullopt.
asio::awaitable<Result<std::optional<PaymentTokenRow>>> FindPaymentTokenByValue(
    Tx& tx, std::string_view account_id, std::string_view token_value);

// The tokens of an account, oldest first.
asio::awaitable<Result<std::vector<PaymentTokenRow>>> ListPaymentTokens(Tx& tx, int64_t spid,
                                                                        std::string_view account_id);

// Inserts a schedule; a second ACTIVE one for the subscription fails with kDbUniqueViolation.
asio::awaitable<Status> InsertPaymentSchedule(Tx& tx, const PaymentScheduleRow& row);

// The schedules of an account, or of one subscription when `subscription_id` is given; oldest
// first.
asio::awaitable<Result<std::vector<PaymentScheduleRow>>> ListPaymentSchedules(
    Tx& tx, int64_t spid, std::optional<std::string> account_id,
    std::optional<std::string> subscription_id);

// The schedule `id` (any SPID: the runner works across them), or nullopt.
asio::awaitable<Result<std::optional<PaymentScheduleRow>>> FindPaymentSchedule(Tx& tx,
                                                                               std::string_view id);

// The ACTIVE schedules (any SPID) with next_application <= `due_by` (ISO-8601), the longest
// due first, at most `limit`.
asio::awaitable<Result<std::vector<PaymentScheduleRow>>> ListDueSchedules(
    Tx& tx, std::string_view due_by, int64_t limit);

// Writes next_application, status, last_result and updated_at of the schedule with the row's id.
asio::awaitable<Status> UpdatePaymentSchedule(Tx& tx, const PaymentScheduleRow& row);

}  // namespace ispcloud::storage::bss
