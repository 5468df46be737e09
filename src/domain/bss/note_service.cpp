#include "domain/bss/note_service.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/errors.h"
#include "storage/audit_repository.h"
#include "storage/bss/account_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

}  // namespace

std::vector<NoteType> NoteTypesOf(const ServiceProvider& provider) {
  std::vector<NoteType> out;
  const json::value* types = provider.settings.if_contains("noteTypes");
  if (types == nullptr || !types->is_array()) return out;
  for (const json::value& t : types->get_array()) {
    if (!t.is_object()) continue;
    const json::value* main = t.get_object().if_contains("mainType");
    if (main == nullptr || !main->is_string()) continue;
    NoteType type{std::string(main->get_string()), {}};
    if (const json::value* subs = t.get_object().if_contains("subTypes");
        subs != nullptr && subs->is_array()) {
      for (const json::value& s : subs->get_array()) {
        if (s.is_string()) type.sub_types.emplace_back(s.get_string());
      }
    }
    out.push_back(std::move(type));
  }
  return out;
}

json::object NoteJson(const Note& n) {
  json::object o{{"id", n.id}, {"accountID", n.account_id}};
  if (n.subscription_id) o["subscriptionId"] = *n.subscription_id;
  o["note"] = n.note;
  o["mainType"] = n.main_type;
  o["subType"] = n.sub_type;
  o["createdBy"] = n.created_by;
  o["createdDate"] = n.created_at;
  return o;
}

namespace {

// A validated note with its text fields; account and line are filled in by the caller.
Result<Note> NoteOf(const BssContext& ctx, const NoteInput& input) {
  if (Status s = ValidateNoteInput(input, NoteTypesOf(ctx.provider)); !s) return s.error();
  Note note;
  note.note = *input.note;
  note.main_type = *input.main_type;
  note.sub_type = *input.sub_type;
  return note;
}

}  // namespace

asio::awaitable<Status> NoteService::Store(storage::Tx& tx, const BssContext& ctx, Note& n) {
  auto id = co_await repo::NextNoteId(tx);
  if (!id) co_return id.error();
  n.id = *id;
  n.spid = ctx.SpidText();
  n.created_by = ctx.agent;
  n.created_at = FormatIso8601Millis(clock_.Now());
  if (Status s = co_await repo::InsertNote(tx, n); !s) co_return s;
  json::object details{{"account", n.account_id}};
  if (n.subscription_id) details["subscription"] = *n.subscription_id;
  const storage::AuditEntry audit{n.created_at, "note.create", "note", n.id,
                                  json::serialize(details)};
  co_return co_await storage::AppendAudit(tx, ctx.actor, audit);
}

asio::awaitable<Result<Note>> NoteService::AddAccountNote(const BssContext& ctx,
                                                          std::string account_key,
                                                          NoteInput input) {
  auto note = NoteOf(ctx, input);
  if (!note) co_return note.error();
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto account = co_await repo::FindAccount(tx, ctx.spid(), account_key);
    if (!account) co_return account.error();
    if (!account->has_value()) co_return NotFound("billing account " + account_key);
    note->account_id = (*account)->ban;
    co_return co_await Store(tx, ctx, *note);
  });
  if (!st) co_return st.error();
  co_return std::move(*note);
}

asio::awaitable<Result<Note>> NoteService::AddSubscriptionNote(const BssContext& ctx,
                                                               SubscriptionRef ref,
                                                               NoteInput input) {
  auto note = NoteOf(ctx, input);
  if (!note) co_return note.error();
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto line = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!line) co_return line.error();
    note->account_id = line->ban;
    note->subscription_id = line->id;
    co_return co_await Store(tx, ctx, *note);
  });
  if (!st) co_return st.error();
  co_return std::move(*note);
}

asio::awaitable<Result<repo::NotePage>> NoteService::AccountNotes(const BssContext& ctx,
                                                                  std::string account_key,
                                                                  int64_t offset, int64_t limit) {
  std::optional<repo::NotePage> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto account = co_await repo::FindAccount(tx, ctx.spid(), account_key);
    if (!account) co_return account.error();
    if (!account->has_value()) co_return NotFound("billing account " + account_key);
    auto page =
        co_await repo::ListAccountNotes(tx, ctx.SpidText(), (*account)->ban, true, offset, limit);
    if (!page) co_return page.error();
    out = std::move(*page);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<repo::NotePage>> NoteService::SubscriptionNotes(const BssContext& ctx,
                                                                       SubscriptionRef ref,
                                                                       int64_t offset,
                                                                       int64_t limit) {
  std::optional<repo::NotePage> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto line = co_await ResolveSubscription(tx, ctx.spid(), ref);
    if (!line) co_return line.error();
    auto page = co_await repo::ListSubscriptionNotes(tx, ctx.SpidText(), line->id, offset, limit);
    if (!page) co_return page.error();
    out = std::move(*page);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

}  // namespace ispcloud::domain::bss
