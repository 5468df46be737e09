#include "storage/plume/inventory_repository.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/columns.h"

namespace ispcloud::storage::plume {

namespace {

std::string MacsJson(const std::vector<std::string>& macs) {
  boost::json::array a;
  for (const std::string& m : macs) a.emplace_back(m);
  return boost::json::serialize(a);
}

std::vector<std::string> MacsFromJson(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const boost::json::value& m : v.as_array()) {
    if (m.is_string()) out.emplace_back(m.as_string());
  }
  return out;
}

}  // namespace

InventoryNode InventoryNodeFromRow(const Row& r, size_t first) {
  InventoryNode n;
  n.id = r.Text(first + 0);
  n.partner_id = r.Text(first + 1);
  n.model = OptionalTextAt(r, first + 2);
  n.residential_gateway = r.Int(first + 3) != 0;
  n.pack_id = OptionalTextAt(r, first + 4);
  n.box_serial_number = OptionalTextAt(r, first + 5);
  n.purchase_order_number = OptionalTextAt(r, first + 6);
  n.part_number = OptionalTextAt(r, first + 7);
  n.manufacturer_firmware = OptionalTextAt(r, first + 8);
  n.ship_date = OptionalTextAt(r, first + 9);
  n.radio_mac24 = OptionalTextAt(r, first + 10);
  n.radio_mac50 = OptionalTextAt(r, first + 11);
  n.radio_mac60 = OptionalTextAt(r, first + 12);
  n.ethernet_mac = OptionalTextAt(r, first + 13);
  n.ethernet1_mac = OptionalTextAt(r, first + 14);
  n.bluetooth_mac = OptionalTextAt(r, first + 15);
  n.macs = MacsFromJson(r.Text(first + 16));
  n.account_id = OptionalTextAt(r, first + 17);
  n.unclaimable = r.Int(first + 18) != 0;
  n.created_at = r.Text(first + 19);
  n.updated_at = r.Text(first + 20);
  return n;
}

asio::awaitable<Status> InsertInventoryNode(Tx& tx, const InventoryNode& n) {
  static const std::string kSql = "INSERT INTO plume_inventory_nodes (" +
                                  std::string(kInventoryColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, $14, $15, $16, $17, $18, $19, $20, $21)";
  Params params = MakeParams(
      n.id, n.partner_id, OptionalText(n.model), int64_t{n.residential_gateway ? 1 : 0},
      OptionalText(n.pack_id), OptionalText(n.box_serial_number),
      OptionalText(n.purchase_order_number), OptionalText(n.part_number),
      OptionalText(n.manufacturer_firmware), OptionalText(n.ship_date), OptionalText(n.radio_mac24),
      OptionalText(n.radio_mac50), OptionalText(n.radio_mac60), OptionalText(n.ethernet_mac),
      OptionalText(n.ethernet1_mac), OptionalText(n.bluetooth_mac), MacsJson(n.macs),
      OptionalText(n.account_id), int64_t{n.unclaimable ? 1 : 0}, n.created_at, n.updated_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<InventoryNode>>> FindInventoryNode(Tx& tx,
                                                                        std::string_view id) {
  static const std::string kSql =
      "SELECT " + std::string(kInventoryColumns) + " FROM plume_inventory_nodes WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<InventoryNode>();
  co_return std::optional<InventoryNode>(InventoryNodeFromRow(rows->rows.front(), 0));
}

asio::awaitable<Status> UpdateInventoryAttributes(Tx& tx, const InventoryNode& n) {
  static constexpr std::string_view kSql =
      "UPDATE plume_inventory_nodes SET account_id = $1, unclaimable = $2, updated_at = $3 "
      "WHERE id = $4";
  Params params =
      MakeParams(OptionalText(n.account_id), int64_t{n.unclaimable ? 1 : 0}, n.updated_at, n.id);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Status> DeleteInventoryNode(Tx& tx, std::string_view id) {
  static constexpr std::string_view kSql = "DELETE FROM plume_inventory_nodes WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

}  // namespace ispcloud::storage::plume
