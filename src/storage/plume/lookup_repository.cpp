#include "storage/plume/lookup_repository.h"

#include "storage/plume/customer_repository.h"

namespace ispcloud::storage::plume {
namespace {

using domain::plume::CustomerSearch;
using domain::plume::MatchMode;
using domain::plume::SearchField;

// `s` with the LIKE wildcards and the escape character escaped by '\'.
std::string EscapeLike(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string_view ColumnOf(SearchField field) {
  switch (field) {
    case SearchField::kAccountId:
      return "account_id";
    case SearchField::kName:
      return "name";
    case SearchField::kEmail:
      return "email";
    case SearchField::kLocationId:
      break;
  }
  return "id";
}

}  // namespace

asio::awaitable<Result<std::optional<Location>>> FindActiveLocationById(Tx& tx,
                                                                        std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kLocationColumns) +
                                  " FROM plume_locations WHERE id = $1 AND archived_at IS NULL";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Location>();
  co_return std::optional<Location>(LocationFromRow(rows->rows.front(), 0));
}

asio::awaitable<Result<std::vector<Location>>> FindActiveLocationsByServiceId(
    Tx& tx, std::string_view service_id) {
  static const std::string kSql = "SELECT " + std::string(kLocationColumns) +
                                  " FROM plume_locations WHERE service_id = $1 AND archived_at "
                                  "IS NULL ORDER BY created_at, id";
  Params params = MakeParams(std::string(service_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<Location> out;
  for (const Row& r : rows->rows) out.push_back(LocationFromRow(r, 0));
  co_return out;
}

asio::awaitable<Result<std::vector<Customer>>> SearchCustomers(Tx& tx,
                                                               const CustomerSearch& search) {
  std::string sql = "SELECT " + std::string(kCustomerColumns) +
                    " FROM plume_customers WHERE partner_id = $1 AND ";
  Params params = MakeParams(search.partner_id);
  std::string keyword = search.keyword;
  if (search.field == SearchField::kLocationId) {
    sql += "id IN (SELECT customer_id FROM plume_locations WHERE id = $2 AND archived_at IS NULL)";
  } else if (search.mode == MatchMode::kExact) {
    sql += std::string(ColumnOf(search.field)) + " = $2";
  } else {
    sql += "lower(" + std::string(ColumnOf(search.field)) + ") LIKE $2 ESCAPE '\\'";
    keyword = EscapeLike(keyword) + "%";
    if (search.mode == MatchMode::kSubstring) keyword = "%" + keyword;
  }
  params.emplace_back(std::move(keyword));
  if (!search.group_ids.empty()) {
    // group_ids is a JSON array of operator ids ([A-Za-z0-9._-]): `"<id>"` appears in it
    // exactly when the customer has that group.
    sql += " AND (";
    for (size_t i = 0; i < search.group_ids.size(); ++i) {
      if (i > 0) sql += " OR ";
      params.emplace_back("%\"" + EscapeLike(search.group_ids[i]) + "\"%");
      sql += "group_ids LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
    }
    sql += ")";
  }
  params.emplace_back(search.limit);
  sql += " ORDER BY created_at, id LIMIT $" + std::to_string(params.size());
  params.emplace_back(search.skip);
  sql += " OFFSET $" + std::to_string(params.size());
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<Customer> out;
  for (const Row& r : rows->rows) out.push_back(CustomerFromRow(r, 0));
  co_return out;
}

}  // namespace ispcloud::storage::plume
