#pragma once
// Notes on billing accounts and subscriptions (OPTIVA-API.md §2.11, rows 47-50): append-only,
// validated by note.h, addressed like every BSS resource (account id or BAN; SubId or MSISDN),
// audited. A note of another SPID's account or line answers as an unknown one (404).

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/note.h"
#include "domain/bss/subscription_resolver.h"
#include "storage/bss/note_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// The note types that restrict mainType/subType: settings.noteTypes entries that name a
// `mainType` (with optional `subTypes[]`). Entries without one (the default {"id","name"})
// restrict nothing.
std::vector<NoteType> NoteTypesOf(const ServiceProvider& provider);

// The wire form (§2.11) without href.
boost::json::object NoteJson(const Note& n);

class NoteService {
 public:
  NoteService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Row 47: a note on account `account_key` (id or BAN). 400 invalid input, 404 unknown account.
  asio::awaitable<Result<Note>> AddAccountNote(const BssContext& ctx, std::string account_key,
                                               NoteInput input);

  // Row 49: a note on a subscription (SubId or MSISDN); the account is the line's. 400 / 404.
  asio::awaitable<Result<Note>> AddSubscriptionNote(const BssContext& ctx, SubscriptionRef ref,
                                                    NoteInput input);

  // Row 48: the notes of an account and of its lines, newest first. 404 unknown account.
  asio::awaitable<Result<storage::bss::NotePage>> AccountNotes(const BssContext& ctx,
                                                               std::string account_key,
                                                               int64_t offset, int64_t limit);

  // Row 50: the notes of one line, newest first. 400 without a reference, 404 unknown line.
  asio::awaitable<Result<storage::bss::NotePage>> SubscriptionNotes(const BssContext& ctx,
                                                                    SubscriptionRef ref,
                                                                    int64_t offset, int64_t limit);

 private:
  // Assigns id, SPID, author and time to `n` (account set by the caller) and stores it with its
  // audit record inside `tx`.
  asio::awaitable<Status> Store(storage::Tx& tx, const BssContext& ctx, Note& n);

  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::bss
