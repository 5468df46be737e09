#include "storage/plume/login_repository.h"

#include "core/strings.h"
#include "storage/columns.h"

namespace ispcloud::storage::plume {
namespace {

// Both owner queries select these columns, in this order.
constexpr std::string_view kCustomerColumns =
    "c.id, c.password_hash, c.email_verified, c.partner_id, c.group_ids";
constexpr std::string_view kUserColumns =
    "u.id, u.password_hash, u.disabled, u.partner_id, u.group_ids, u.roles, u.username";

LoginAccount CustomerFromRow(const Row& r) {
  LoginAccount a;
  a.kind = LoginAccount::Kind::kCustomer;
  a.id = r.Text(0);
  a.password_hash = OptionalTextAt(r, 1);
  a.email_verified = r.Int(2) != 0;
  a.partner_id = r.Text(3);
  a.group_ids = StringListFromJson(r.Text(4));
  return a;
}

LoginAccount UserFromRow(const Row& r) {
  LoginAccount a;
  a.kind = LoginAccount::Kind::kOperatorUser;
  a.id = r.Text(0);
  a.password_hash = r.Text(1);
  a.disabled = r.Int(2) != 0;
  a.partner_id = r.Text(3);
  a.group_ids = StringListFromJson(r.Text(4));
  a.roles = StringListFromJson(r.Text(5));
  a.username = r.Text(6);
  return a;
}

}  // namespace

asio::awaitable<Result<std::vector<LoginAccount>>> FindLoginAccountsByEmail(
    Tx& tx, std::string_view email) {
  static const std::string kCustomers =
      "SELECT " + std::string(kCustomerColumns) + " FROM plume_customers c WHERE c.email = $1";
  static const std::string kUsers = "SELECT " + std::string(kUserColumns) +
                                    " FROM users u WHERE lower(u.email) = $1 AND "
                                    "u.partner_id IS NOT NULL ORDER BY u.created_at, u.id";
  std::vector<LoginAccount> out;
  const std::string lowered = AsciiLower(email);
  Params customer_params = MakeParams(lowered);
  auto customers = co_await tx.Query(kCustomers, std::move(customer_params));
  if (!customers) co_return customers.error();
  for (const Row& r : customers->rows) out.push_back(CustomerFromRow(r));
  Params user_params = MakeParams(lowered);
  auto users = co_await tx.Query(kUsers, std::move(user_params));
  if (!users) co_return users.error();
  for (const Row& r : users->rows) out.push_back(UserFromRow(r));
  co_return out;
}

asio::awaitable<Status> InsertLoginToken(Tx& tx, const LoginTokenRecord& record) {
  static constexpr std::string_view kSql =
      "INSERT INTO plume_login_tokens (token_hash, customer_id, user_id, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)";
  Params params = MakeParams(record.token_hash, OptionalText(record.customer_id),
                             OptionalText(record.user_id), record.created_at, record.expires_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<LoginAccount>>> FindLoginTokenOwner(
    Tx& tx, std::string_view token_hash, std::string_view now) {
  static const std::string kCustomer =
      "SELECT " + std::string(kCustomerColumns) +
      " FROM plume_login_tokens t JOIN plume_customers c ON c.id = t.customer_id"
      " WHERE t.token_hash = $1 AND t.expires_at > $2";
  static const std::string kUser =
      "SELECT " + std::string(kUserColumns) +
      " FROM plume_login_tokens t JOIN users u ON u.id = t.user_id"
      " WHERE t.token_hash = $1 AND t.expires_at > $2 AND u.partner_id IS NOT NULL";
  Params customer_params = MakeParams(std::string(token_hash), std::string(now));
  auto customer = co_await tx.Query(kCustomer, std::move(customer_params));
  if (!customer) co_return customer.error();
  if (!customer->empty()) {
    co_return std::optional<LoginAccount>(CustomerFromRow(customer->rows.front()));
  }
  Params user_params = MakeParams(std::string(token_hash), std::string(now));
  auto user = co_await tx.Query(kUser, std::move(user_params));
  if (!user) co_return user.error();
  if (user->empty()) co_return std::optional<LoginAccount>();
  co_return std::optional<LoginAccount>(UserFromRow(user->rows.front()));
}

asio::awaitable<Result<bool>> DeleteLoginToken(Tx& tx, std::string_view token_hash) {
  static constexpr std::string_view kSql = "DELETE FROM plume_login_tokens WHERE token_hash = $1";
  Params params = MakeParams(std::string(token_hash));
  auto n = co_await tx.Exec(kSql, std::move(params));
  if (!n) co_return n.error();
  co_return *n > 0;
}

asio::awaitable<Result<int64_t>> DeleteExpiredLoginTokens(Tx& tx, std::string_view now) {
  static constexpr std::string_view kSql = "DELETE FROM plume_login_tokens WHERE expires_at <= $1";
  Params params = MakeParams(std::string(now));
  co_return co_await tx.Exec(kSql, std::move(params));
}

}  // namespace ispcloud::storage::plume
