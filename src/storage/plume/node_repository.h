#pragma once
// Node claims over plume_inventory_nodes and plume_node_claims (migration 0004).

#include <optional>
#include <string_view>
#include <vector>

#include "domain/plume/node.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

using domain::plume::Node;
using domain::plume::NodeClaim;

// The node with serial `id` (any partner) and its claim, or nullopt.
asio::awaitable<Result<std::optional<Node>>> FindNode(Tx& tx, std::string_view id);

// The nodes claimed at `location_id`, ordered by claim time then serial.
asio::awaitable<Result<std::vector<Node>>> ListNodesAtLocation(Tx& tx,
                                                               std::string_view location_id);

// The unclaimed, claimable inventory nodes of `partner_id` with `pack_id`, other than
// `except_id`, ordered by serial (§7.1 pack rule).
asio::awaitable<Result<std::vector<Node>>> ListPackMates(Tx& tx, std::string_view partner_id,
                                                         std::string_view pack_id,
                                                         std::string_view except_id);

// Inserts a claim; a node already claimed fails with kDbUniqueViolation (primary key).
asio::awaitable<Status> InsertClaim(Tx& tx, const NodeClaim& claim);

// Binds inventory node `id` to `account_id` after a claim.
asio::awaitable<Status> SetInventoryAccount(Tx& tx, std::string_view id,
                                            std::string_view account_id,
                                            std::string_view updated_at);

// Sets the nickname of the claim of `node_id`.
asio::awaitable<Status> UpdateClaimNickname(Tx& tx, std::string_view node_id,
                                            std::string_view nickname, std::string_view updated_at);

// Removes the claim of `node_id` and applies the §7.5 inventory effects: packId cleared unless
// `preserve_pack_id`, accountId cleared when `remove_account_id`.
asio::awaitable<Status> DeleteClaim(Tx& tx, std::string_view node_id, bool preserve_pack_id,
                                    bool remove_account_id, std::string_view updated_at);

}  // namespace ispcloud::storage::plume
