#pragma once
// Rows of bss_notes (migration 0014). Append-only: there is no update or delete.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/bss/note.h"
#include "storage/db.h"

namespace ispcloud::storage::bss {

using domain::bss::Note;

// The next note id of the deployment: "7001", "7002", ...
asio::awaitable<Result<std::string>> NextNoteId(Tx& tx);

asio::awaitable<Status> InsertNote(Tx& tx, const Note& n);

struct NotePage {
  std::vector<Note> items;  // newest first
  int64_t total = 0;
};

// Notes of an account (every note whose account is `account_id`, subscription notes included
// when `include_subscriptions`) or of one subscription; newest first, `offset` 0-based.
asio::awaitable<Result<NotePage>> ListAccountNotes(Tx& tx, std::string_view spid,
                                                   std::string_view account_id,
                                                   bool include_subscriptions, int64_t offset,
                                                   int64_t limit);
asio::awaitable<Result<NotePage>> ListSubscriptionNotes(Tx& tx, std::string_view spid,
                                                        std::string_view subscription_id,
                                                        int64_t offset, int64_t limit);

}  // namespace ispcloud::storage::bss
