#include "domain/bss/dashboard_service.h"

#include <algorithm>
#include <boost/json/array.hpp>

#include "domain/bss/money.h"
#include "domain/bss/note_service.h"
#include "domain/bss/subscription_state.h"
#include "storage/bss/account_repository.h"
#include "storage/bss/adjustment_repository.h"
#include "storage/bss/note_repository.h"
#include "storage/bss/subscription_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

json::value Member(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr ? *v : json::value(nullptr);
}

// The subset of a document the dashboard shows.
json::object Pick(const json::object& doc, std::initializer_list<std::string_view> keys) {
  json::object out;
  for (std::string_view k : keys) out[k] = Member(doc, k);
  return out;
}

json::object LineItem(const repo::SubscriptionRow& line, const std::string& currency) {
  return json::object{
      {"subscriptionId", line.id},
      {"accountID", line.ban},
      {"mobileNumber", line.msisdn},
      {"state", line.state},
      {"stateName", StateName(static_cast<int>(line.state))},
      {"primaryPricePlanID", line.primary_price_plan_id},
      {"balance", line.balance},
      {"currency", currency},
      {"expiryDate", line.expiry_at ? json::value(*line.expiry_at) : json::value(nullptr)}};
}

}  // namespace

asio::awaitable<Result<json::object>> DashboardService::CustomerDashboard(const BssContext& ctx,
                                                                          std::string customer_id) {
  const tmf::Target customer_target{ctx.SpidText(), tmf::ResourceKind::kCustomer,
                                    tmf::ApiVersion::kV4, true};
  auto customer = co_await parties_.Get(customer_target, customer_id);
  if (!customer) co_return customer.error();

  json::object engaged;
  if (const json::value* ep = customer->if_contains("engagedParty"); ep && ep->is_object()) {
    engaged = ep->get_object();
    const json::value* id = engaged.if_contains("id");
    const json::value* type = engaged.if_contains("@referredType");
    const bool individual =
        type == nullptr || (type->is_string() && type->get_string() == "Individual");
    if (id != nullptr && id->is_string() && individual) {
      const tmf::Target person_target{ctx.SpidText(), tmf::ResourceKind::kIndividual,
                                      tmf::ApiVersion::kV4, true};
      std::string person_id(id->get_string());
      auto person = co_await parties_.Get(person_target, std::move(person_id));
      if (person) {
        for (std::string_view k : {"givenName", "familyName", "individualIdentification"}) {
          engaged[k] = Member(*person, k);
        }
      } else if (person.error().code != ErrorCode::kNotFound) {
        co_return person.error();
      }
    }
  }

  json::array accounts;
  json::array lines;
  int64_t active = 0;
  int64_t total_balance = 0;
  int64_t pending = 0;
  json::array notes;
  std::vector<repo::AccountRow> account_rows;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto rows = co_await repo::ListAccountsOfCustomer(tx, ctx.spid(), customer_id);
    if (!rows) co_return rows.error();
    account_rows = std::move(*rows);
    std::vector<std::string> ids;
    for (const repo::AccountRow& a : account_rows) ids.push_back(a.id);
    auto subs = co_await repo::ListSubscriptionsOfAccounts(tx, ctx.spid(), ids);
    if (!subs) co_return subs.error();
    std::vector<std::string> sub_ids;
    for (const repo::SubscriptionRow& line : *subs) {
      lines.push_back(LineItem(line, ctx.provider.currency));
      sub_ids.push_back(line.id);
      if (line.state == 1) ++active;
      total_balance += line.balance;
    }
    auto count = co_await repo::CountPendingAdjustments(tx, ctx.SpidText(), sub_ids);
    if (!count) co_return count.error();
    pending = *count;
    std::vector<Note> recent;
    for (const repo::AccountRow& a : account_rows) {
      auto page = co_await repo::ListAccountNotes(tx, ctx.SpidText(), a.ban, true, 0,
                                                  kDashboardRecentItems);
      if (!page) co_return page.error();
      for (Note& n : page->items) recent.push_back(std::move(n));
    }
    std::sort(recent.begin(), recent.end(),
              [](const Note& a, const Note& b) { return a.created_at > b.created_at; });
    if (recent.size() > static_cast<size_t>(kDashboardRecentItems)) {
      recent.resize(kDashboardRecentItems);
    }
    for (const Note& n : recent) notes.push_back(NoteJson(n));
    co_return Ok();
  });
  if (!st) co_return st.error();
  for (const repo::AccountRow& a : account_rows) {
    auto doc = co_await accounts_.Get(ctx, a.id);
    if (!doc) co_return doc.error();
    accounts.push_back(
        Pick(*doc, {"id", "externalID", "name", "state", "ratingType", "paymentMethod"}));
  }
  const int64_t count = static_cast<int64_t>(lines.size());
  co_return json::object{{"customer", Pick(*customer, {"id", "name", "status"})},
                         {"engagedParty", std::move(engaged)},
                         {"billingAccounts", std::move(accounts)},
                         {"subscriptions", std::move(lines)},
                         {"totals", json::object{{"subscriptions", count},
                                                 {"activeSubscriptions", active},
                                                 {"balance", total_balance},
                                                 {"currency", ctx.provider.currency}}},
                         {"pendingAdjustments", pending},
                         {"recentInteractions", json::array()},
                         {"recentNotes", std::move(notes)}};
}

}  // namespace ispcloud::domain::bss
