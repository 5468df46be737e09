#include "storage/plume/customer_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::plume {
namespace {

// Runs a query whose first row's first column is a count; true when it is positive.
asio::awaitable<Result<bool>> Exists(Tx& tx, std::string_view sql, Params params) {
  auto rows = co_await tx.Query(sql, std::move(params));
  if (!rows) co_return rows.error();
  co_return !rows->empty() && rows->rows.front().Int(0) > 0;
}

}  // namespace

Customer CustomerFromRow(const Row& r, size_t first) {
  const size_t o = first;
  Customer c;
  c.id = r.Text(o + 0);
  c.partner_id = r.Text(o + 1);
  c.account_id = r.Text(o + 2);
  c.name = r.Text(o + 3);
  c.email = r.Text(o + 4);
  c.email_verified = r.Int(o + 5) != 0;
  c.anonymous = r.Int(o + 6) != 0;
  c.auto_provisioned = r.Int(o + 7) != 0;
  c.accept_language = r.Text(o + 8);
  c.source = r.Text(o + 9);
  c.group_ids = StringListFromJson(r.Text(o + 10));
  c.created_at = r.Text(o + 11);
  c.updated_at = r.Text(o + 12);
  return c;
}

Location LocationFromRow(const Row& r, size_t first) {
  const size_t o = first;
  Location l;
  l.id = r.Text(o + 0);
  l.customer_id = r.Text(o + 1);
  l.partner_id = r.Text(o + 2);
  l.account_id = r.Text(o + 3);
  l.group_ids = StringListFromJson(r.Text(o + 4));
  l.name = r.Text(o + 5);
  l.service_id = OptionalTextAt(r, o + 6);
  l.profile = r.Text(o + 7);
  l.service_level = r.Text(o + 8);
  l.service_level_created_at = r.Text(o + 9);
  l.service_level_updated_at = r.Text(o + 10);
  l.monitor_mode = r.Int(o + 11) != 0;
  l.monitor_mode_updated_at = r.Text(o + 12);
  l.num_pods_authorized = r.Int(o + 13);
  l.authorizations_updated_at = r.Text(o + 14);
  l.onboarding_checkpoint = OptionalTextAt(r, o + 15);
  l.onboarded_at = OptionalTextAt(r, o + 16);
  l.created_at = r.Text(o + 17);
  l.updated_at = r.Text(o + 18);
  l.archived_at = OptionalTextAt(r, o + 19);
  return l;
}

asio::awaitable<Status> InsertCustomer(Tx& tx, const Customer& c,
                                       std::optional<std::string> password_hash) {
  static const std::string kSql = "INSERT INTO plume_customers (" + std::string(kCustomerColumns) +
                                  ", password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                  "$10, $11, $12, $13, $14)";
  Params params = MakeParams(c.id, c.partner_id, c.account_id, c.name, c.email,
                             Flag(c.email_verified), Flag(c.anonymous), Flag(c.auto_provisioned),
                             c.accept_language, c.source, StringListToJson(c.group_ids),
                             c.created_at, c.updated_at, OptionalText(password_hash));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<Customer>>> FindCustomer(Tx& tx, std::string_view id) {
  static const std::string kSql =
      "SELECT " + std::string(kCustomerColumns) + " FROM plume_customers WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Customer>();
  co_return std::optional<Customer>(CustomerFromRow(rows->rows.front(), 0));
}

asio::awaitable<Result<std::optional<Customer>>> FindCustomerByEmail(Tx& tx,
                                                                     std::string_view email) {
  static const std::string kSql =
      "SELECT " + std::string(kCustomerColumns) + " FROM plume_customers WHERE email = $1";
  Params params = MakeParams(std::string(email));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Customer>();
  co_return std::optional<Customer>(CustomerFromRow(rows->rows.front(), 0));
}

asio::awaitable<Status> UpdateCustomer(Tx& tx, const Customer& c) {
  static constexpr std::string_view kSql =
      "UPDATE plume_customers SET account_id = $1, name = $2, email = $3, email_verified = $4, "
      "anonymous = $5, accept_language = $6, updated_at = $7 WHERE id = $8";
  Params params = MakeParams(c.account_id, c.name, c.email, Flag(c.email_verified),
                             Flag(c.anonymous), c.accept_language, c.updated_at, c.id);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<bool>> DeleteCustomer(Tx& tx, std::string_view id) {
  static constexpr std::string_view kSql = "DELETE FROM plume_customers WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done > 0;
}

asio::awaitable<Result<bool>> AccountIdTaken(Tx& tx, std::string_view partner_id,
                                             std::string_view account_id,
                                             std::string_view except_id) {
  static constexpr std::string_view kSql =
      "SELECT count(*) FROM plume_customers WHERE partner_id = $1 AND account_id = $2 "
      "AND id <> $3";
  Params params =
      MakeParams(std::string(partner_id), std::string(account_id), std::string(except_id));
  co_return co_await Exists(tx, kSql, std::move(params));
}

asio::awaitable<Result<bool>> EmailTaken(Tx& tx, std::string_view email,
                                         std::string_view except_id) {
  static constexpr std::string_view kSql =
      "SELECT count(*) FROM plume_customers WHERE email = $1 AND id <> $2";
  Params params = MakeParams(std::string(email), std::string(except_id));
  co_return co_await Exists(tx, kSql, std::move(params));
}

asio::awaitable<Result<std::optional<std::string>>> FindDefaultGroup(Tx& tx,
                                                                     std::string_view partner_id) {
  static constexpr std::string_view kSql =
      "SELECT id FROM partner_groups WHERE partner_id = $1 AND is_default = 1 ORDER BY id";
  Params params = MakeParams(std::string(partner_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<std::string>();
  co_return std::optional<std::string>(rows->rows.front().Text(0));
}

asio::awaitable<Status> InsertLocation(Tx& tx, const Location& l) {
  static const std::string kSql = "INSERT INTO plume_locations (" + std::string(kLocationColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, $14, $15, $16, $17, $18, $19, $20)";
  Params params = MakeParams(
      l.id, l.customer_id, l.partner_id, l.account_id, StringListToJson(l.group_ids), l.name,
      OptionalText(l.service_id), l.profile, l.service_level, l.service_level_created_at,
      l.service_level_updated_at, Flag(l.monitor_mode), l.monitor_mode_updated_at,
      l.num_pods_authorized, l.authorizations_updated_at, OptionalText(l.onboarding_checkpoint),
      OptionalText(l.onboarded_at), l.created_at, l.updated_at, OptionalText(l.archived_at));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::vector<Location>>> ListActiveLocations(Tx& tx,
                                                                   std::string_view customer_id) {
  static const std::string kSql = "SELECT " + std::string(kLocationColumns) +
                                  " FROM plume_locations WHERE customer_id = $1 AND archived_at "
                                  "IS NULL ORDER BY created_at, id";
  Params params = MakeParams(std::string(customer_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  std::vector<Location> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(LocationFromRow(r, 0));
  co_return out;
}

asio::awaitable<Result<std::optional<Location>>> FindActiveLocation(Tx& tx,
                                                                    std::string_view customer_id,
                                                                    std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kLocationColumns) +
                                  " FROM plume_locations WHERE id = $1 AND customer_id = $2 AND "
                                  "archived_at IS NULL";
  Params params = MakeParams(std::string(id), std::string(customer_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Location>();
  co_return std::optional<Location>(LocationFromRow(rows->rows.front(), 0));
}

asio::awaitable<Result<bool>> ServiceIdTaken(Tx& tx, std::string_view partner_id,
                                             std::string_view service_id,
                                             std::string_view except_id) {
  static constexpr std::string_view kSql =
      "SELECT count(*) FROM plume_locations WHERE partner_id = $1 AND service_id = $2 AND "
      "archived_at IS NULL AND id <> $3";
  Params params =
      MakeParams(std::string(partner_id), std::string(service_id), std::string(except_id));
  co_return co_await Exists(tx, kSql, std::move(params));
}

asio::awaitable<Result<std::optional<Location>>> FindLocationOfCustomer(
    Tx& tx, std::string_view customer_id, std::string_view id) {
  static const std::string kSql = "SELECT " + std::string(kLocationColumns) +
                                  " FROM plume_locations WHERE id = $1 AND customer_id = $2";
  Params params = MakeParams(std::string(id), std::string(customer_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Location>();
  co_return std::optional<Location>(LocationFromRow(rows->rows.front(), 0));
}

asio::awaitable<Status> UpdateLocation(Tx& tx, const Location& l) {
  static constexpr std::string_view kSql =
      "UPDATE plume_locations SET name = $1, service_id = $2, profile = $3, service_level = $4, "
      "service_level_created_at = $5, service_level_updated_at = $6, monitor_mode = $7, "
      "monitor_mode_updated_at = $8, num_pods_authorized = $9, authorizations_updated_at = $10, "
      "onboarding_checkpoint = $11, onboarded_at = $12, updated_at = $13 WHERE id = $14";
  Params params = MakeParams(l.name, OptionalText(l.service_id), l.profile, l.service_level,
                             l.service_level_created_at, l.service_level_updated_at,
                             Flag(l.monitor_mode), l.monitor_mode_updated_at, l.num_pods_authorized,
                             l.authorizations_updated_at, OptionalText(l.onboarding_checkpoint),
                             OptionalText(l.onboarded_at), l.updated_at, l.id);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<bool>> ArchiveLocation(Tx& tx, std::string_view id, std::string_view at) {
  static constexpr std::string_view kSql =
      "UPDATE plume_locations SET archived_at = $1, updated_at = $2 WHERE id = $3 AND "
      "archived_at IS NULL";
  Params params = MakeParams(std::string(at), std::string(at), std::string(id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return *done > 0;
}

asio::awaitable<Status> InsertCheckpoint(Tx& tx, const Checkpoint& c) {
  static constexpr std::string_view kSql =
      "INSERT INTO plume_onboarding_checkpoints (id, location_id, value, pods_seen_by_ble, "
      "app_os, os_version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  Params params = MakeParams(c.id, c.location_id, c.value, OptionalText(c.pods_seen_by_ble),
                             OptionalText(c.app_os), OptionalText(c.os_version), c.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Status> UpdateLocationsAccountId(Tx& tx, std::string_view customer_id,
                                                 std::string_view account_id,
                                                 std::string_view updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE plume_locations SET account_id = $1, updated_at = $2 WHERE customer_id = $3 AND "
      "archived_at IS NULL";
  Params params =
      MakeParams(std::string(account_id), std::string(updated_at), std::string(customer_id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<int64_t>> ArchiveAndEraseLocations(Tx& tx, std::string_view customer_id,
                                                          std::string_view at) {
  static constexpr std::string_view kArchive =
      "UPDATE plume_locations SET archived_at = $1, updated_at = $2 WHERE customer_id = $3 AND "
      "archived_at IS NULL";
  static constexpr std::string_view kErase =
      "UPDATE plume_locations SET account_id = '[erased]', service_id = NULL WHERE "
      "customer_id = $1";
  Params archive_params = MakeParams(std::string(at), std::string(at), std::string(customer_id));
  auto archived = co_await tx.Exec(kArchive, std::move(archive_params));
  if (!archived) co_return archived.error();
  Params erase_params = MakeParams(std::string(customer_id));
  auto erased = co_await tx.Exec(kErase, std::move(erase_params));
  if (!erased) co_return erased.error();
  co_return *archived;
}

}  // namespace ispcloud::storage::plume
