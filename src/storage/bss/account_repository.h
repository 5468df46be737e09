#pragma once
// Rows of bss_billing_accounts (migrations/sqlite/0010).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct AccountRow {
  std::string id;
  int64_t spid = 0;
  std::string ban;
  std::string customer_id;
  std::optional<std::string> owner_id;
  std::optional<std::string> parent_id;
  int64_t state_code = 0;
  std::string rating_type = "prepaid";
  int64_t credit_limit = 0;
  std::string body;  // JSON object text
  int64_t revision = 1;
  std::string created_at;
  std::string updated_at;
};

// Inserts an account; a BAN in use anywhere fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertAccount(Tx& tx, const AccountRow& row);

// The account of `spid` whose id is `key`, else whose BAN is `key` (OPTIVA-API.md §2.0), or
// nullopt.
asio::awaitable<Result<std::optional<AccountRow>>> FindAccount(Tx& tx, int64_t spid,
                                                               std::string_view key);

// True when an account of any SPID has BAN `ban`.
asio::awaitable<Result<bool>> BanInUse(Tx& tx, std::string_view ban);

// The accounts of customer `customer_id` in `spid`, oldest first.
asio::awaitable<Result<std::vector<AccountRow>>> ListAccountsOfCustomer(
    Tx& tx, int64_t spid, std::string_view customer_id);

// Every account of `spid`, newest first.
asio::awaitable<Result<std::vector<AccountRow>>> ListAccounts(Tx& tx, int64_t spid);

// The ids of the accounts of `spid` whose parent is `parent_id`.
asio::awaitable<Result<std::vector<std::string>>> ListChildAccountIds(Tx& tx, int64_t spid,
                                                                      std::string_view parent_id);

// Number of accounts of `spid` whose customer is `customer_id` or whose owner is `owner_id`.
asio::awaitable<Result<int64_t>> CountAccountsReferencing(Tx& tx, int64_t spid,
                                                          std::string_view customer_id,
                                                          std::string_view owner_id);

// Replaces the mutable columns when the stored revision is `row.revision - 1`; false otherwise.
asio::awaitable<Result<bool>> UpdateAccount(Tx& tx, const AccountRow& row);

// Deletes the account; false when there was none.
asio::awaitable<Result<bool>> DeleteAccount(Tx& tx, int64_t spid, std::string_view id);

// Per account id: the number of subscriptions not INACTIVE and the sum of their balances.
struct AccountLines {
  int64_t live = 0;
  int64_t balance = 0;  // Amount4, every subscription of the account
};
asio::awaitable<Result<AccountLines>> SummarizeAccountLines(Tx& tx, int64_t spid,
                                                            std::string_view account_id);

}  // namespace ispcloud::storage::bss
