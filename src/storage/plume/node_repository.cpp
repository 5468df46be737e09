#include "storage/plume/node_repository.h"

#include "storage/columns.h"
#include "storage/plume/inventory_repository.h"

namespace ispcloud::storage::plume {
namespace {

// kInventoryColumns with every column qualified by the alias "i.".
std::string QualifiedInventoryColumns() {
  std::string out = "i.";
  for (char c : kInventoryColumns) {
    out += c;
    if (c == ' ') out += "i.";
  }
  return out;
}

const std::string& SelectNodes() {
  static const std::string kSql =
      "SELECT " + QualifiedInventoryColumns() +
      ", c.node_id, c.partner_id, c.customer_id, c.location_id, c.nickname, "
      "c.backhaul_dhcp_pool_idx, c.claimed_at, c.updated_at "
      "FROM plume_inventory_nodes i LEFT JOIN plume_node_claims c ON c.node_id = i.id ";
  return kSql;
}

Node NodeFromRow(const Row& r) {
  Node n{InventoryNodeFromRow(r, 0), std::nullopt};
  const size_t c = kInventoryColumnCount;
  if (r.IsNull(c)) return n;
  NodeClaim claim;
  claim.node_id = r.Text(c);
  claim.partner_id = r.Text(c + 1);
  claim.customer_id = r.Text(c + 2);
  claim.location_id = r.Text(c + 3);
  claim.nickname = OptionalTextAt(r, c + 4);
  if (!r.IsNull(c + 5)) claim.backhaul_dhcp_pool_idx = r.Int(c + 5);
  claim.claimed_at = r.Text(c + 6);
  claim.updated_at = r.Text(c + 7);
  n.claim = std::move(claim);
  return n;
}

std::vector<Node> NodesFromRows(const Rows& rows) {
  std::vector<Node> out;
  out.reserve(rows.size());
  for (const Row& r : rows.rows) out.push_back(NodeFromRow(r));
  return out;
}

asio::awaitable<Status> ExecStatus(Tx& tx, std::string_view sql, Params params) {
  auto done = co_await tx.Exec(sql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

}  // namespace

asio::awaitable<Result<std::optional<Node>>> FindNode(Tx& tx, std::string_view id) {
  static const std::string kSql = SelectNodes() + "WHERE i.id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Node>();
  co_return std::optional<Node>(NodeFromRow(rows->rows.front()));
}

asio::awaitable<Result<std::vector<Node>>> ListNodesAtLocation(Tx& tx,
                                                               std::string_view location_id) {
  static const std::string kSql =
      SelectNodes() + "WHERE c.location_id = $1 ORDER BY c.claimed_at, i.id";
  Params params = MakeParams(std::string(location_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  co_return NodesFromRows(*rows);
}

asio::awaitable<Result<std::vector<Node>>> ListPackMates(Tx& tx, std::string_view partner_id,
                                                         std::string_view pack_id,
                                                         std::string_view except_id) {
  static const std::string kSql = SelectNodes() +
                                  "WHERE i.partner_id = $1 AND i.pack_id = $2 AND i.id <> $3 "
                                  "AND c.node_id IS NULL AND i.unclaimable = 0 ORDER BY i.id";
  Params params = MakeParams(std::string(partner_id), std::string(pack_id), std::string(except_id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  co_return NodesFromRows(*rows);
}

asio::awaitable<Status> InsertClaim(Tx& tx, const NodeClaim& c) {
  static constexpr std::string_view kSql =
      "INSERT INTO plume_node_claims (node_id, partner_id, customer_id, location_id, nickname, "
      "backhaul_dhcp_pool_idx, claimed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  Value backhaul = Value(Null{});
  if (c.backhaul_dhcp_pool_idx) backhaul = Value(*c.backhaul_dhcp_pool_idx);
  Params params =
      MakeParams(c.node_id, c.partner_id, c.customer_id, c.location_id, OptionalText(c.nickname),
                 std::move(backhaul), c.claimed_at, c.updated_at);
  co_return co_await ExecStatus(tx, kSql, std::move(params));
}

asio::awaitable<Status> SetInventoryAccount(Tx& tx, std::string_view id,
                                            std::string_view account_id,
                                            std::string_view updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE plume_inventory_nodes SET account_id = $1, updated_at = $2 WHERE id = $3";
  Params params = MakeParams(std::string(account_id), std::string(updated_at), std::string(id));
  co_return co_await ExecStatus(tx, kSql, std::move(params));
}

asio::awaitable<Status> UpdateClaimNickname(Tx& tx, std::string_view node_id,
                                            std::string_view nickname,
                                            std::string_view updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE plume_node_claims SET nickname = $1, updated_at = $2 WHERE node_id = $3";
  Params params = MakeParams(std::string(nickname), std::string(updated_at), std::string(node_id));
  co_return co_await ExecStatus(tx, kSql, std::move(params));
}

asio::awaitable<Status> DeleteClaim(Tx& tx, std::string_view node_id, bool preserve_pack_id,
                                    bool remove_account_id, std::string_view updated_at) {
  static constexpr std::string_view kDelete = "DELETE FROM plume_node_claims WHERE node_id = $1";
  Params del = MakeParams(std::string(node_id));
  if (Status s = co_await ExecStatus(tx, kDelete, std::move(del)); !s) co_return s;
  static constexpr std::string_view kUpdate =
      "UPDATE plume_inventory_nodes SET "
      "pack_id = CASE WHEN $1 = 1 THEN pack_id ELSE NULL END, "
      "account_id = CASE WHEN $2 = 1 THEN NULL ELSE account_id END, "
      "updated_at = $3 WHERE id = $4";
  Params params = MakeParams(int64_t{preserve_pack_id ? 1 : 0}, int64_t{remove_account_id ? 1 : 0},
                             std::string(updated_at), std::string(node_id));
  co_return co_await ExecStatus(tx, kUpdate, std::move(params));
}

}  // namespace ispcloud::storage::plume
