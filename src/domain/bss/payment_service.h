#pragma once
// Payment tokens and schedules of the Optiva gateway (OPTIVA-API.md §2.15 rows 61, 62, 65;
// §2.7.4 automatic top-up, ATU). A token is the payment gateway's reference to a card of a
// billing account (never a card number); a schedule tops one prepaid line up from a token with
// an amount in ISO minor units at every recurrence. Orders create ATU schedules through
// CreateSchedule inside their own transaction.
//
// Not built yet: the job that applies due schedules (charging the token and crediting the line),
// and rows 63, 64, 66, 67 (delete token, create/delete schedule, apply a charge).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/events.h"
#include "domain/bss/subscription_resolver.h"
#include "storage/bss/account_repository.h"
#include "storage/bss/payment_repository.h"
#include "storage/bss/subscription_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

inline constexpr int64_t kFirstPaymentTokenId = 6001;
inline constexpr int64_t kFirstPaymentScheduleId = 7001;

// Row 61 input.
struct TokenInput {
  std::optional<std::string> account;  // accountID: account id or BAN
  std::optional<std::string> token_value;
  std::optional<std::string> masked_card_number;
  std::optional<std::string> expiry_date;
  std::vector<FieldError> decode_errors;  // type errors found while reading the body
};

struct CreatedToken {
  boost::json::object token;
  bool existing = false;  // the same (account, tokenValue) was already stored
};

// `at` plus one MONTHLY / WEEKLY / DAILY period (a calendar month keeps the day of month, or the
// month's last day when it is shorter).
TimePoint NextApplication(TimePoint at, std::string_view recurrence);

// Creates an ACTIVE schedule for `line` of `account` from token `token_id`, inside `tx`:
//   - the token must be one of the account's (400 on `token_field`);
//   - the line must be prepaid and not INACTIVE (409 ERCRT1007);
//   - one ACTIVE schedule per line (409 ERCRT1004).
// `now` is the creation time; `source_ref` names what created it (the ATU order). Audited as
// paymentSchedule.create; publishes PaymentScheduleStateChangeEvent with the schedule.
asio::awaitable<Result<storage::bss::PaymentScheduleRow>> CreateSchedule(
    storage::Tx& tx, const BssContext& ctx, BssEventPublisher& events,
    const storage::bss::AccountRow& account,
    const storage::bss::SubscriptionRow& line, const std::string& token_id,
    const std::string& token_field, int64_t amount_minor, std::string recurrence, TimePoint now,
    TimePoint first_application, std::optional<std::string> source_ref);

// The profile's "atu" member for the line (§2.8.3): {"scheduleID","amount","nextApplication"}
// of its ACTIVE schedule, or null.
asio::awaitable<Result<boost::json::value>> AtuOf(storage::Tx& tx, int64_t spid,
                                                  const std::string& subscription_id);

class PaymentService {
 public:
  PaymentService(storage::Database& db, const Clock& clock);

  // Row 61 inside `tx` (for RunIdempotent): the decode errors, accountID and tokenValue
  // required, lengths bounded: every problem at once (400); an unknown
  // account -> 400 naming accountID; the same (account, tokenValue) again -> that token,
  // `existing` set. Audited as paymentToken.create.
  asio::awaitable<Result<CreatedToken>> CreateTokenInTx(storage::Tx& tx, const BssContext& ctx,
                                                        TokenInput input);

  // Row 62: the tokens of the account (id or BAN; unknown -> 404).
  asio::awaitable<Result<boost::json::array>> Tokens(const BssContext& ctx, std::string account);

  // Row 65: the schedules of an account (id or BAN) or of one line; at least one is required
  // (400); an unknown account or line -> 404.
  asio::awaitable<Result<boost::json::array>> Schedules(const BssContext& ctx,
                                                        std::optional<std::string> account,
                                                        SubscriptionRef line);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::bss
