#include "storage/bss/note_repository.h"

#include "storage/bss/money_rows.h"
#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

constexpr std::string_view kColumns =
    "id, spid, account_id, subscription_id, note, main_type, sub_type, created_by, created_at";

Note FromRow(const Row& r) {
  Note n;
  n.id = r.Text(0);
  n.spid = r.Text(1);
  n.account_id = r.Text(2);
  n.subscription_id = OptionalTextAt(r, 3);
  n.note = r.Text(4);
  n.main_type = r.Text(5);
  n.sub_type = r.Text(6);
  n.created_by = r.Text(7);
  n.created_at = r.Text(8);
  return n;
}

asio::awaitable<Result<NotePage>> Page(Tx& tx, std::string where, Params params, int64_t offset,
                                       int64_t limit) {
  auto page =
      co_await SelectCountedPage(tx, kColumns, "bss_notes", where, std::move(params),
                                 "created_at DESC, CAST(id AS BIGINT) DESC", offset, limit);
  if (!page) co_return page.error();
  NotePage out;
  out.total = page->total;
  for (const Row& r : page->rows.rows) out.items.push_back(FromRow(r));
  co_return out;
}

}  // namespace

asio::awaitable<Result<std::string>> NextNoteId(Tx& tx) {
  co_return co_await NextNumericId(tx, "bss_notes", 7001);
}

asio::awaitable<Status> InsertNote(Tx& tx, const Note& n) {
  static const std::string kSql = "INSERT INTO bss_notes (" + std::string(kColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  Params params = MakeParams(n.id, n.spid, n.account_id, OptionalText(n.subscription_id), n.note,
                             n.main_type, n.sub_type, n.created_by, n.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<NotePage>> ListAccountNotes(Tx& tx, std::string_view spid,
                                                   std::string_view account_id,
                                                   bool include_subscriptions, int64_t offset,
                                                   int64_t limit) {
  std::string where = "spid = $1 AND account_id = $2";
  if (!include_subscriptions) where += " AND subscription_id IS NULL";
  Params params = MakeParams(std::string(spid), std::string(account_id));
  co_return co_await Page(tx, std::move(where), std::move(params), offset, limit);
}

asio::awaitable<Result<NotePage>> ListSubscriptionNotes(Tx& tx, std::string_view spid,
                                                        std::string_view subscription_id,
                                                        int64_t offset, int64_t limit) {
  std::string where = "spid = $1 AND subscription_id = $2";
  Params params = MakeParams(std::string(spid), std::string(subscription_id));
  co_return co_await Page(tx, std::move(where), std::move(params), offset, limit);
}

}  // namespace ispcloud::storage::bss
