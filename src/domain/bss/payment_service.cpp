#include "domain/bss/payment_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/billing_account_service.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/subscription_state.h"
#include "storage/audit_repository.h"
#include "storage/bss/sequence_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kScheduleActive = "ACTIVE";
constexpr int kPrepaid = 0;

json::object TokenJson(const repo::PaymentTokenRow& t, const std::string& ban) {
  return json::object{{"tokenID", t.id},
                      {"accountID", ban},
                      {"tokenValue", t.token_value},
                      {"maskedCardNumber", JsonOrNull(t.masked_card_number)},
                      {"expiryDate", JsonOrNull(t.expiry_date)}};
}

json::value LastResultJson(const repo::PaymentScheduleRow& s) {
  if (!s.last_result) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(*s.last_result, ec);
  return ec ? json::value(nullptr) : v;
}

json::object ScheduleJson(const repo::PaymentScheduleRow& s, const std::string& ban,
                          const std::string& msisdn) {
  return json::object{{"scheduleID", s.id},
                      {"subscriptionRef", json::object{{"accountID", ban},
                                                       {"identifier", s.subscription_id},
                                                       {"mobileNumber", msisdn},
                                                       {"spid", s.spid}}},
                      {"amount", s.amount_minor},
                      {"currency", s.currency},
                      {"tokenID", s.token_id},
                      {"recurrence", s.recurrence},
                      {"nextApplication", s.next_application},
                      {"status", s.status},
                      {"lastResult", LastResultJson(s)}};
}

// The account `key` of the SPID, with 400 naming `field` when it does not exist.
asio::awaitable<Result<repo::AccountRow>> AccountFor(storage::Tx& tx, int64_t spid,
                                                     std::string key, std::string_view field) {
  auto found = co_await FindAccountOrFail(tx, spid, key);
  if (!found && found.error().code == ErrorCode::kNotFound) {
    co_return BadField(std::string(field), "reference",
                       "billing account " + key + " does not exist in this SPID");
  }
  co_return found;
}

}  // namespace

TimePoint NextApplication(TimePoint at, std::string_view recurrence) {
  using namespace std::chrono;
  if (recurrence == "DAILY") return at + days(1);
  if (recurrence == "WEEKLY") return at + days(7);
  const sys_days day = floor<days>(at);
  const auto time_of_day = at - day;
  year_month_day ymd{day};
  year_month_day next = ymd.year() / ymd.month() / ymd.day() + months(1);
  if (!next.ok()) next = year_month_day_last(next.year(), month_day_last(next.month()));
  return sys_days(next) + time_of_day;
}

asio::awaitable<Result<repo::PaymentScheduleRow>> CreateSchedule(
    storage::Tx& tx, const BssContext& ctx, BssEventPublisher& events,
    const repo::AccountRow& account,
    const repo::SubscriptionRow& line, const std::string& token_id,
    const std::string& token_field, int64_t amount_minor, std::string recurrence, TimePoint now,
    TimePoint first_application, std::optional<std::string> source_ref) {
  auto token = co_await repo::FindPaymentToken(tx, ctx.spid(), token_id);
  if (!token) co_return token.error();
  if (!*token || (*token)->account_id != account.id) {
    co_return BadField(token_field, "reference",
                       "payment token " + token_id + " is not a token of account " + account.ban);
  }
  if (line.paid_type != kPrepaid || line.state == kInactive) {
    co_return InvalidState("automatic top-up needs a prepaid line that is not INACTIVE");
  }
  auto number = co_await repo::NextSequenceValue(tx, "paymentSchedule", kFirstPaymentScheduleId);
  if (!number) co_return number.error();
  repo::PaymentScheduleRow s;
  s.id = std::to_string(*number);
  s.spid = ctx.spid();
  s.account_id = account.id;
  s.subscription_id = line.id;
  s.token_id = token_id;
  s.amount_minor = amount_minor;
  s.currency = ctx.provider.currency;
  s.recurrence = std::move(recurrence);
  s.next_application = FormatIso8601Millis(first_application);
  s.status = std::string(kScheduleActive);
  s.source_ref = std::move(source_ref);
  s.created_at = FormatIso8601Millis(now);
  s.updated_at = s.created_at;
  if (Status st = co_await repo::InsertPaymentSchedule(tx, s); !st) {
    if (st.error().api_code == storage::kDbUniqueViolation) {
      co_return AlreadyExists("subscription " + line.id + " already has an ACTIVE schedule");
    }
    co_return st.error();
  }
  const storage::AuditEntry entry{
      s.created_at, "paymentSchedule.create", "paymentSchedule", s.id,
      json::serialize(json::object{{"subscription", line.id},
                                   {"amount", amount_minor},
                                   {"recurrence", s.recurrence}})};
  if (Status st = co_await storage::AppendAudit(tx, ctx.actor, entry); !st) co_return st.error();
  json::object resource = ScheduleJson(s, account.ban, line.msisdn);
  const std::string path =
      "/api/paymentGatewayIntegration/readSchedule?subscriptionId=" + line.id;
  const std::string event = "PaymentScheduleStateChangeEvent";
  const std::string name = "paymentSchedule";
  if (Status st = co_await events.Publish(tx, ctx, event, name, std::move(resource), path); !st) {
    co_return st.error();
  }
  co_return s;
}

asio::awaitable<Result<json::value>> AtuOf(storage::Tx& tx, int64_t spid,
                                           const std::string& subscription_id) {
  const std::optional<std::string> any_account;
  const std::optional<std::string> line = subscription_id;
  auto schedules = co_await repo::ListPaymentSchedules(tx, spid, any_account, line);
  if (!schedules) co_return schedules.error();
  for (const repo::PaymentScheduleRow& s : *schedules) {
    if (s.status != kScheduleActive) continue;
    co_return json::value(json::object{{"scheduleID", s.id},
                                       {"amount", s.amount_minor},
                                       {"nextApplication", s.next_application}});
  }
  co_return json::value(nullptr);
}

PaymentService::PaymentService(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

asio::awaitable<Result<CreatedToken>> PaymentService::CreateTokenInTx(storage::Tx& tx,
                                                                      const BssContext& ctx,
                                                                      TokenInput input) {
  FieldErrors errors;
  for (const FieldError& e : input.decode_errors) errors.Add(e.field, e.rule, e.message);
  if (!input.account || input.account->empty()) {
    errors.Add("accountID", "presence", "accountID is required");
  }
  if (!input.token_value || input.token_value->empty() || input.token_value->size() > 256) {
    errors.Add("tokenValue", "presence", "tokenValue is required (at most 256 characters)");
  }
  auto bounded = [&](std::string_view field, const std::optional<std::string>& value) {
    if (value && value->size() > 64) {
      errors.Add(std::string(field), "length", std::string(field) + " has at most 64 characters");
    }
  };
  bounded("maskedCardNumber", input.masked_card_number);
  bounded("expiryDate", input.expiry_date);
  if (!errors.empty()) co_return errors.ToError("payment token");
  const std::string account_key = *input.account;
  auto account = co_await AccountFor(tx, ctx.spid(), account_key, "accountID");
  if (!account) co_return account.error();
  auto existing = co_await repo::FindPaymentTokenByValue(tx, account->id, *input.token_value);
  if (!existing) co_return existing.error();
  if (*existing) co_return CreatedToken{TokenJson(**existing, account->ban), true};
  auto number = co_await repo::NextSequenceValue(tx, "paymentToken", kFirstPaymentTokenId);
  if (!number) co_return number.error();
  repo::PaymentTokenRow t;
  t.id = std::to_string(*number);
  t.spid = ctx.spid();
  t.account_id = account->id;
  t.token_value = *input.token_value;
  t.masked_card_number = input.masked_card_number;
  t.expiry_date = input.expiry_date;
  t.created_at = FormatIso8601Millis(clock_.Now());
  if (Status st = co_await repo::InsertPaymentToken(tx, t); !st) co_return st.error();
  // The token value is the gateway's secret reference: it is not copied into the audit log.
  const storage::AuditEntry entry{t.created_at, "paymentToken.create", "paymentToken", t.id,
                                  json::serialize(json::object{{"account", account->ban}})};
  if (Status st = co_await storage::AppendAudit(tx, ctx.actor, entry); !st) co_return st.error();
  co_return CreatedToken{TokenJson(t, account->ban), false};
}

asio::awaitable<Result<json::array>> PaymentService::Tokens(const BssContext& ctx,
                                                            std::string account) {
  json::array out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await FindAccountOrFail(tx, ctx.spid(), account);
    if (!found) co_return found.error();
    auto tokens = co_await repo::ListPaymentTokens(tx, ctx.spid(), found->id);
    if (!tokens) co_return tokens.error();
    for (const repo::PaymentTokenRow& t : *tokens) out.push_back(TokenJson(t, found->ban));
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<json::array>> PaymentService::Schedules(const BssContext& ctx,
                                                               std::optional<std::string> account,
                                                               SubscriptionRef line) {
  if (!account && line.empty()) {
    co_return BadField("accountID", "presence", "accountID or subscriptionId is required");
  }
  json::array out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    std::optional<repo::AccountRow> owner;
    if (account) {
      auto found = co_await FindAccountOrFail(tx, ctx.spid(), *account);
      if (!found) co_return found.error();
      owner = std::move(*found);
    }
    std::optional<std::string> line_id;
    if (!line.empty()) {
      auto resolved = co_await ResolveSubscription(tx, ctx.spid(), line);
      if (!resolved) co_return resolved.error();
      line_id = resolved->id;
    }
    std::optional<std::string> owner_id;
    if (owner) owner_id = owner->id;
    auto rows = co_await repo::ListPaymentSchedules(tx, ctx.spid(), owner_id, line_id);
    if (!rows) co_return rows.error();
    for (const repo::PaymentScheduleRow& s : *rows) {
      auto sub = co_await repo::FindSubscription(tx, ctx.spid(), s.subscription_id);
      if (!sub) co_return sub.error();
      const std::string ban = *sub ? (*sub)->ban : "";
      const std::string msisdn = *sub ? (*sub)->msisdn : "";
      out.push_back(ScheduleJson(s, ban, msisdn));
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

}  // namespace ispcloud::domain::bss
