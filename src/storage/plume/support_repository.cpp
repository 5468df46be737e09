#include "storage/plume/support_repository.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ispcloud::storage::plume {
namespace {

constexpr std::string_view kJobColumns =
    "id, partner_id, customer_id, location_id, type, status, parameters, requested_by, "
    "created_at, updated_at";

boost::json::object ParametersFromText(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

SupportJob JobFromRow(const Row& r) {
  SupportJob j;
  j.id = r.Text(0);
  j.partner_id = r.Text(1);
  j.customer_id = r.Text(2);
  j.location_id = r.Text(3);
  j.type = r.Text(4);
  j.status = r.Text(5);
  j.parameters = ParametersFromText(r.Text(6));
  j.requested_by = r.Text(7);
  j.created_at = r.Text(8);
  j.updated_at = r.Text(9);
  return j;
}

asio::awaitable<Status> ExecStatus(Tx& tx, std::string_view sql, Params params) {
  auto done = co_await tx.Exec(sql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

}  // namespace

asio::awaitable<Status> InsertSupportJob(Tx& tx, const SupportJob& j) {
  static const std::string kSql = "INSERT INTO plume_support_jobs (" + std::string(kJobColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  Params params =
      MakeParams(j.id, j.partner_id, j.customer_id, j.location_id, j.type, j.status,
                 boost::json::serialize(j.parameters), j.requested_by, j.created_at, j.updated_at);
  co_return co_await ExecStatus(tx, kSql, std::move(params));
}

asio::awaitable<Result<std::vector<SupportJob>>> ListSupportJobs(
    Tx& tx, std::string_view location_id, const std::vector<std::string>& types, int64_t limit) {
  std::string sql =
      "SELECT " + std::string(kJobColumns) + " FROM plume_support_jobs WHERE location_id = $1";
  Params params = MakeParams(std::string(location_id));
  if (!types.empty()) {
    sql += " AND type IN (";
    for (size_t i = 0; i < types.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += "$" + std::to_string(params.size() + 1);
      params.emplace_back(types[i]);
    }
    sql += ")";
  }
  sql += " ORDER BY created_at DESC, id DESC";
  if (limit > 0) {
    sql += " LIMIT $" + std::to_string(params.size() + 1);
    params.emplace_back(limit);
  }
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<SupportJob> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(JobFromRow(r));
  co_return out;
}

asio::awaitable<Result<int64_t>> DeleteSupportJobsOfCustomer(Tx& tx, std::string_view customer_id) {
  static constexpr std::string_view kSql = "DELETE FROM plume_support_jobs WHERE customer_id = $1";
  Params params = MakeParams(std::string(customer_id));
  co_return co_await tx.Exec(kSql, std::move(params));
}

asio::awaitable<Status> UpsertEmailVerification(Tx& tx, const EmailVerification& v) {
  static constexpr std::string_view kDelete =
      "DELETE FROM plume_email_verifications WHERE customer_id = $1";
  Params del = MakeParams(v.customer_id);
  if (Status s = co_await ExecStatus(tx, kDelete, std::move(del)); !s) co_return s;
  static constexpr std::string_view kInsert =
      "INSERT INTO plume_email_verifications (customer_id, token_hash, email, created_at) "
      "VALUES ($1, $2, $3, $4)";
  Params params = MakeParams(v.customer_id, v.token_hash, v.email, v.created_at);
  co_return co_await ExecStatus(tx, kInsert, std::move(params));
}

asio::awaitable<Result<std::optional<EmailVerification>>> FindEmailVerification(
    Tx& tx, std::string_view customer_id) {
  static constexpr std::string_view kSql =
      "SELECT customer_id, token_hash, email, created_at FROM plume_email_verifications "
      "WHERE customer_id = $1";
  Params params = MakeParams(std::string(customer_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<EmailVerification>();
  const Row& r = rows->rows.front();
  co_return std::optional<EmailVerification>(
      EmailVerification{r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
}

asio::awaitable<Status> DeleteEmailVerification(Tx& tx, std::string_view customer_id) {
  static constexpr std::string_view kSql =
      "DELETE FROM plume_email_verifications WHERE customer_id = $1";
  Params params = MakeParams(std::string(customer_id));
  co_return co_await ExecStatus(tx, kSql, std::move(params));
}

}  // namespace ispcloud::storage::plume
