#include "domain/bss/history_service.h"

#include <charconv>

#include "domain/bss/errors.h"
#include "domain/bss/ledger.h"
#include "domain/bss/usage_rating.h"
#include "storage/bss/subscription_repository.h"
#include "storage/bss/usage_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

// Keys are "k" + the last record id of the page: opaque to clients, checked on the way back.
std::string PageKey(int64_t last_id) {
  return "k" + std::to_string(last_id);
}

Result<std::optional<int64_t>> DecodePageKey(const std::optional<std::string>& key) {
  if (!key) return std::optional<int64_t>();
  int64_t id = 0;
  const std::string& k = *key;
  if (k.size() < 2 || k[0] != 'k') {
    return BadField("nextPageKey", "format", "nextPageKey is not a key this server issued");
  }
  auto [end, ec] = std::from_chars(k.data() + 1, k.data() + k.size(), id);
  if (ec != std::errc() || end != k.data() + k.size()) {
    return BadField("nextPageKey", "format", "nextPageKey is not a key this server issued");
  }
  return std::optional<int64_t>(id);
}

json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object TransactionItem(const LedgerEntry& e) {
  const std::string id = std::to_string(e.id);
  return json::object{{"identifier", id},
                      {"transactionDate", e.created_at},
                      {"receiveDate", e.created_at},
                      {"amount", e.amount.units},
                      {"balance", e.balance_after.units},
                      {"adjustmentTypeID", e.adjustment_type_id},
                      {"adjustmentTypeName", e.adjustment_type_name},
                      {"receiptNumber", "R" + id},
                      {"agent", e.agent}};
}

json::object DetailedItem(const LedgerEntry& e, const repo::SubscriptionRow& line) {
  json::object o = TransactionItem(e);
  o["accountID"] = e.account_ban;
  o["mobileNumber"] = e.msisdn;
  o["subscriptionType"] = line.subscription_type;
  o["glCode"] = nullptr;
  o["reasonCode"] = nullptr;
  o["csrInput"] = OrNull(e.reason);
  o["externalTransactionNumber"] =
      e.external_transaction_number ? json::value(*e.external_transaction_number) : nullptr;
  o["paymentAgency"] = nullptr;
  o["paymentDetails"] = nullptr;
  o["locationCode"] = nullptr;
  o["transactionMethodID"] = nullptr;
  o["taxPaid"] = 0;
  o["supportedSubscriptionID"] = e.subscription_id;
  json::array parameters{
      json::object{{"name", "RNAdjustmentTypeID"}, {"value", e.adjustment_type_name}},
      json::object{{"name", "Source"}, {"value", e.source_kind}}};
  if (e.source_kind == SourceKindName(MoneySource::kVoucher) && !e.source_ref.empty()) {
    parameters.push_back(json::object{{"name", "VoucherSerial"}, {"value", e.source_ref}});
  }
  if (!e.correlation_id.empty()) {
    parameters.push_back(json::object{{"name", "TransactionId"}, {"value", e.correlation_id}});
  }
  o["parameters"] = std::move(parameters);
  return o;
}

json::object BalanceItem(const LedgerEntry& e) {
  const std::string id = std::to_string(e.id);
  return json::object{{"identifier", id},
                      {"date", e.created_at},
                      {"transactionId", id},
                      {"adjustmentTypeID", e.adjustment_type_id},
                      {"description", e.reason.empty() ? e.adjustment_type_name : e.reason},
                      {"amount", e.amount.units},
                      {"balanceBefore", e.balance_before.units},
                      {"balance", e.balance_after.units},
                      // The expiry after each movement is not recorded per transaction.
                      {"expiryDate", nullptr}};
}

// A row-41 item: a bucket movement, or a state change (operation STATE, reference = new state).
json::object BucketHistoryItem(const repo::HistoryRow& h, const repo::SubscriptionRow& line) {
  json::object o{{"identifier", std::to_string(h.id)},
                 {"date", h.created_at},
                 {"spid", h.spid},
                 {"accountID", line.ban},
                 {"subscriptionID", line.id}};
  if (const repo::BucketMovement* b = h.bucket ? &*h.bucket : nullptr) {
    o["bundleID"] = b->bundle_id;
    o["bundleCategoryID"] = b->bundle_category_id;
    o["bucketID"] = std::to_string(b->bucket_id);
    o["operation"] = b->operation;
    o["amount"] = b->amount;
    o["balance"] = b->balance;
    o["unitType"] = b->unit_type;
    o["expiryTime"] = b->expiry_at;
    o["expiryExtension"] = nullptr;
    o["adjustmentType"] = b->adjustment_type ? json::value(*b->adjustment_type) : nullptr;
    o["reference"] = h.reference.value_or("");
    return o;
  }
  for (std::string_view key : {"bundleID", "bundleCategoryID", "bucketID"}) o[key] = nullptr;
  o["operation"] = "STATE";
  o["amount"] = 0;
  for (std::string_view key : {"balance", "unitType", "expiryTime", "expiryExtension",
                               "adjustmentType"}) {
    o[key] = nullptr;
  }
  o["reference"] = h.to_value.value_or("");
  return o;
}

bool InWindow(const std::string& at, const HistoryWindow& w) {
  return (!w.start || at >= *w.start) && (!w.end || at <= *w.end);
}

// One page of `rows` (oldest first, each with an increasing `id`) for lists filtered in memory:
// the rows `keep` accepts whose `time` lies in the window, after the page key, in the window's
// order, rendered by `render`.
template <typename Row, typename Keep, typename TimeOf, typename Render>
HistoryPage PageRows(const std::vector<Row>& rows, const HistoryWindow& window,
                     std::optional<int64_t> after, Keep keep, TimeOf time, Render render) {
  std::vector<const Row*> picked;
  for (const Row& r : rows) {
    if (!keep(r) || !InWindow(time(r), window)) continue;
    if (after && (window.ascending ? r.id <= *after : r.id >= *after)) continue;
    picked.push_back(&r);
  }
  if (!window.ascending) std::reverse(picked.begin(), picked.end());
  HistoryPage out;
  const size_t shown = std::min(picked.size(), static_cast<size_t>(window.limit));
  for (size_t i = 0; i < shown; ++i) out.results.push_back(render(*picked[i]));
  if (picked.size() > shown && shown > 0) out.next_page_key = PageKey(picked[shown - 1]->id);
  return out;
}

}  // namespace

json::object HistoryPage::ToJson() const {
  json::object o{{"results", results}};
  if (next_page_key) o["nextPageKey"] = *next_page_key;
  return o;
}

asio::awaitable<Result<HistoryPage>> HistoryService::Ledger(const BssContext& ctx,
                                                            SubscriptionRef ref,
                                                            HistoryWindow window, LedgerView view) {
  auto after = DecodePageKey(window.next_page_key);
  if (!after) co_return after.error();
  HistoryPage out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto line = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!line) co_return line.error();
    repo::TransactionWindow w{window.start, window.end, window.ascending, *after, window.limit};
    auto entries = co_await PageLedger(tx, ctx.spid(), line->id, w);
    if (!entries) co_return entries.error();
    const size_t shown = std::min(entries->size(), static_cast<size_t>(window.limit));
    for (size_t i = 0; i < shown; ++i) {
      const LedgerEntry& e = (*entries)[i];
      switch (view) {
        case LedgerView::kTransactions:
          out.results.push_back(TransactionItem(e));
          break;
        case LedgerView::kDetailed:
          out.results.push_back(DetailedItem(e, *line));
          break;
        case LedgerView::kBalance:
          out.results.push_back(BalanceItem(e));
          break;
      }
    }
    if (entries->size() > shown && shown > 0) out.next_page_key = PageKey((*entries)[shown - 1].id);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<HistoryPage>> HistoryService::Buckets(const BssContext& ctx,
                                                             SubscriptionRef ref,
                                                             HistoryWindow window,
                                                             std::optional<int64_t> bundle_id) {
  auto after = DecodePageKey(window.next_page_key);
  if (!after) co_return after.error();
  HistoryPage out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto line = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!line) co_return line.error();
    auto rows = co_await repo::ListHistory(tx, ctx.spid(), line->id);
    if (!rows) co_return rows.error();
    auto keep = [&](const repo::HistoryRow& h) {
      const bool bucket = h.kind == "BUCKET" && h.bucket;
      if (!bucket && h.kind != "STATE") return false;
      return !bundle_id || (bucket && h.bucket->bundle_id == *bundle_id);
    };
    auto time = [](const repo::HistoryRow& h) -> const std::string& { return h.created_at; };
    auto render = [&](const repo::HistoryRow& h) { return BucketHistoryItem(h, *line); };
    out = PageRows(*rows, window, *after, keep, time, render);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<HistoryPage>> HistoryService::CallDetails(
    const BssContext& ctx, SubscriptionRef ref, HistoryWindow window,
    std::optional<int64_t> call_type) {
  auto after = DecodePageKey(window.next_page_key);
  if (!after) co_return after.error();
  HistoryPage out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto line = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!line) co_return line.error();
    auto rows = co_await repo::ListUsage(tx, ctx.spid(), line->id);
    if (!rows) co_return rows.error();
    auto keep = [&](const repo::UsageRow& u) { return !call_type || u.call_type == *call_type; };
    auto time = [](const repo::UsageRow& u) -> const std::string& { return u.transaction_date; };
    out = PageRows(*rows, window, *after, keep, time, UsageRecordJson);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

}  // namespace ispcloud::domain::bss
