#include "storage/bss/adjustment_repository.h"

#include "storage/bss/money_rows.h"
#include "storage/columns.h"

namespace ispcloud::storage::bss {
namespace {

using domain::bss::AdjustmentHistoryEntry;
using domain::bss::AdjustmentStatus;

constexpr std::string_view kColumns =
    "id, spid, subscription_id, account_id, mobile_number, type_id, type_name, type_description, "
    "category, category_description, action, bundle_adjustment, bundle_id, amount, currency, "
    "expiry_date_extension, reason_code, notes, external_transaction_number, status, "
    "requires_approval, created_by, created_by_subject, created_at, approved_by, approved_at, "
    "transaction_id, failure_reason, updated_at";

Value OptionalInt(const std::optional<int64_t>& v) {
  if (v) return Value(*v);
  return Value(Null{});
}

std::optional<int64_t> OptionalIntAt(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}

Adjustment FromRow(const Row& r) {
  Adjustment a;
  a.id = r.Text(0);
  a.spid = r.Text(1);
  a.subscription_id = r.Text(2);
  a.account_id = r.Text(3);
  a.mobile_number = r.Text(4);
  a.type.id = r.Int(5);
  a.type.name = r.Text(6);
  a.type.description = r.Text(7);
  a.type.category = r.Int(8);
  a.type.category_description = r.Text(9);
  a.action = static_cast<int>(r.Int(10));
  a.bundle_adjustment = r.Int(11) != 0;
  a.bundle_id = OptionalIntAt(r, 12);
  a.amount = r.Int(13);
  a.currency = r.Text(14);
  a.expiry_date_extension = OptionalIntAt(r, 15);
  a.reason_code = OptionalIntAt(r, 16);
  a.notes = OptionalTextAt(r, 17);
  a.external_transaction_number = OptionalTextAt(r, 18);
  a.status = domain::bss::ParseAdjustmentStatus(r.Text(19)).value_or(AdjustmentStatus::kCreated);
  a.requires_approval = r.Int(20) != 0;
  a.created_by = r.Text(21);
  a.created_by_subject = r.Text(22);
  a.created_at = r.Text(23);
  a.approved_by = OptionalTextAt(r, 24);
  a.approved_at = OptionalTextAt(r, 25);
  a.transaction_id = OptionalTextAt(r, 26);
  a.failure_reason = OptionalTextAt(r, 27);
  a.updated_at = r.Text(28);
  return a;
}

asio::awaitable<Status> InsertHistory(Tx& tx, const Adjustment& a, size_t from) {
  static constexpr std::string_view kSql =
      "INSERT INTO bss_adjustment_history (adjustment_id, seq, status, updated_at, updated_by, "
      "comment) VALUES ($1, $2, $3, $4, $5, $6)";
  for (size_t i = from; i < a.history.size(); ++i) {
    const AdjustmentHistoryEntry& h = a.history[i];
    Params params = MakeParams(a.id, static_cast<int64_t>(i + 1), h.status, h.updated_at,
                               h.updated_by, OptionalText(h.comment));
    auto done = co_await tx.Exec(kSql, std::move(params));
    if (!done) co_return done.error();
  }
  co_return Ok();
}

asio::awaitable<Status> LoadHistory(Tx& tx, Adjustment& a) {
  static constexpr std::string_view kSql =
      "SELECT status, updated_at, updated_by, comment FROM bss_adjustment_history "
      "WHERE adjustment_id = $1 ORDER BY seq";
  Params params = MakeParams(a.id);
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  for (const Row& r : rows->rows) {
    a.history.push_back({r.Text(0), r.Text(1), r.Text(2), OptionalTextAt(r, 3)});
  }
  co_return Ok();
}

asio::awaitable<Result<std::optional<Adjustment>>> FindWhere(Tx& tx, std::string sql,
                                                             Params params) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Adjustment>();
  Adjustment a = FromRow(rows->rows.front());
  if (Status s = co_await LoadHistory(tx, a); !s) co_return s.error();
  co_return std::optional<Adjustment>(std::move(a));
}

}  // namespace

asio::awaitable<Result<std::string>> NextAdjustmentId(Tx& tx) {
  co_return co_await NextNumericId(tx, "bss_adjustments", 5001);
}

asio::awaitable<Status> InsertAdjustment(Tx& tx, const Adjustment& a) {
  static const std::string kSql =
      "INSERT INTO bss_adjustments (" + std::string(kColumns) +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
      "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)";
  Params params = MakeParams(
      a.id, a.spid, a.subscription_id, a.account_id, a.mobile_number, a.type.id, a.type.name,
      a.type.description, a.type.category, a.type.category_description, int64_t{a.action},
      Flag(a.bundle_adjustment), OptionalInt(a.bundle_id), a.amount, a.currency,
      OptionalInt(a.expiry_date_extension), OptionalInt(a.reason_code), OptionalText(a.notes),
      OptionalText(a.external_transaction_number), std::string(StatusId(a.status)),
      Flag(a.requires_approval), a.created_by, a.created_by_subject, a.created_at,
      OptionalText(a.approved_by), OptionalText(a.approved_at), OptionalText(a.transaction_id),
      OptionalText(a.failure_reason), a.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return co_await InsertHistory(tx, a, 0);
}

asio::awaitable<Status> UpdateAdjustment(Tx& tx, const Adjustment& a, size_t stored_history) {
  static constexpr std::string_view kSql =
      "UPDATE bss_adjustments SET amount = $2, reason_code = $3, notes = $4, status = $5, "
      "requires_approval = $6, approved_by = $7, approved_at = $8, transaction_id = $9, "
      "failure_reason = $10, updated_at = $11 WHERE id = $1";
  Params params =
      MakeParams(a.id, a.amount, OptionalInt(a.reason_code), OptionalText(a.notes),
                 std::string(StatusId(a.status)), Flag(a.requires_approval),
                 OptionalText(a.approved_by), OptionalText(a.approved_at),
                 OptionalText(a.transaction_id), OptionalText(a.failure_reason), a.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return co_await InsertHistory(tx, a, stored_history);
}

asio::awaitable<Result<std::optional<Adjustment>>> FindAdjustment(Tx& tx, std::string_view spid,
                                                                  std::string_view id) {
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM bss_adjustments WHERE spid = $1 AND id = $2";
  Params params = MakeParams(std::string(spid), std::string(id));
  co_return co_await FindWhere(tx, std::move(sql), std::move(params));
}

asio::awaitable<Result<std::optional<Adjustment>>> FindAdjustmentByExternalNumber(
    Tx& tx, std::string_view spid, std::string_view external_transaction_number) {
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM bss_adjustments WHERE spid = $1 AND external_transaction_number = $2";
  Params params = MakeParams(std::string(spid), std::string(external_transaction_number));
  co_return co_await FindWhere(tx, std::move(sql), std::move(params));
}

asio::awaitable<Result<AdjustmentPage>> ListAdjustments(Tx& tx, const AdjustmentFilter& f,
                                                        int64_t offset, int64_t limit) {
  std::string where = "spid = $1";
  Params params = MakeParams(f.spid);
  auto add = [&](std::string_view condition, Value v) {
    params.push_back(std::move(v));
    where += " AND " + std::string(condition) + " $" + std::to_string(params.size());
  };
  if (f.account_id) add("account_id =", *f.account_id);
  if (f.subscription_id) add("subscription_id =", *f.subscription_id);
  if (f.status) add("status =", *f.status);
  if (f.type) add("type_id =", *f.type);
  if (f.bundle_adjustment) add("bundle_adjustment =", Flag(*f.bundle_adjustment));
  if (f.from) add("created_at >=", *f.from);
  if (f.to) add("created_at <=", *f.to);
  if (f.created_by) add("created_by =", *f.created_by);
  auto page =
      co_await SelectCountedPage(tx, kColumns, "bss_adjustments", where, std::move(params),
                                 "created_at DESC, CAST(id AS BIGINT) DESC", offset, limit);
  if (!page) co_return page.error();
  AdjustmentPage out;
  out.total = page->total;
  for (const Row& r : page->rows.rows) {
    Adjustment a = FromRow(r);
    if (Status s = co_await LoadHistory(tx, a); !s) co_return s.error();
    out.items.push_back(std::move(a));
  }
  co_return out;
}

asio::awaitable<Result<int64_t>> CountPendingAdjustments(
    Tx& tx, std::string_view spid, const std::vector<std::string>& subscription_ids) {
  if (subscription_ids.empty()) co_return int64_t{0};
  std::string sql =
      "SELECT COUNT(*) FROM bss_adjustments WHERE spid = $1 AND status = 'PENDING_APPROVAL' "
      "AND subscription_id IN (";
  Params params = MakeParams(std::string(spid));
  for (size_t i = 0; i < subscription_ids.size(); ++i) {
    if (i > 0) sql += ", ";
    params.emplace_back(subscription_ids[i]);
    sql += "$" + std::to_string(params.size());
  }
  sql += ")";
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  co_return rows->rows.front().Int(0);
}

}  // namespace ispcloud::storage::bss
