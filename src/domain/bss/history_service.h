#pragma once
// The history lists of a subscription (OPTIVA-API.md §2.0 "history lists", §2.9.2-2.9.5; rows
// 41, 43-46): body {"results": [...], "nextPageKey": "..."}, newest first unless isAscending,
// bounded by start/end, continued by an opaque key so that no record appears on two pages.

#include <boost/json/array.hpp>
#include <optional>
#include <string>

#include "core/asio.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/subscription_resolver.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// The paging of a history list as sent (start/end already normalised to ISO-8601).
struct HistoryWindow {
  std::optional<std::string> start;
  std::optional<std::string> end;
  bool ascending = false;
  int64_t limit = 100;
  std::optional<std::string> next_page_key;  // as received from the previous page
};

struct HistoryPage {
  boost::json::array results;
  std::optional<std::string> next_page_key;  // absent on the last page

  // {"results": [...], "nextPageKey": "..."} (the key only when there is a next page).
  boost::json::object ToJson() const;
};

// The views of a subscription's money transactions.
enum class LedgerView {
  kTransactions,  // row 44: basic view
  kDetailed,      // row 45: full view with parameters[]
  kBalance,       // row 43: balance history (balanceBefore / balance)
};

class HistoryService {
 public:
  explicit HistoryService(storage::Database& db) : db_(db) {}

  // Rows 43-45 for the line `ref` designates (404 unknown; a malformed nextPageKey -> 400).
  asio::awaitable<Result<HistoryPage>> Ledger(const BssContext& ctx, SubscriptionRef ref,
                                              HistoryWindow window, LedgerView view);

  // Row 41, the bucket history: the line's bucket movements (PROVISION, CONSUME, ADJUST,
  // EXPIRE, REMOVE) and its state changes (operation "STATE", reference = the new state);
  // `bundle_id` keeps the movements of that bundle only.
  asio::awaitable<Result<HistoryPage>> Buckets(const BssContext& ctx, SubscriptionRef ref,
                                               HistoryWindow window,
                                               std::optional<int64_t> bundle_id);

  // Row 46: the line's rated usage records (usage_rating.h UsageRecordJson), by transactionDate
  // for start/end, optionally of one callType.
  asio::awaitable<Result<HistoryPage>> CallDetails(const BssContext& ctx, SubscriptionRef ref,
                                                   HistoryWindow window,
                                                   std::optional<int64_t> call_type);

 private:
  storage::Database& db_;
};

}  // namespace ispcloud::domain::bss
