#pragma once
// Claimed nodes (PLUME-API.md §4.3, §7): an inventory node plus, when claimed, its claim.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/plume/inventory.h"

namespace ispcloud::domain::plume {

struct NodeClaim {
  std::string node_id;  // = serial number
  std::string partner_id;
  std::string customer_id;
  std::string location_id;
  std::optional<std::string> nickname;
  std::optional<int64_t> backhaul_dhcp_pool_idx;
  std::string claimed_at;
  std::string updated_at;
};

struct Node {
  InventoryNode inventory;
  std::optional<NodeClaim> claim;  // nullopt when unclaimed
};

// Decoded body of a claim (§7.1). Absent fields are nullopt.
struct ClaimInput {
  std::optional<std::string> serial_number;
  std::optional<std::string> nickname;
  std::optional<int64_t> backhaul_dhcp_pool_idx;
  std::vector<FieldError> decode_errors;  // type errors found while decoding
};

// Decoded body of a rename (§7.4).
struct RenameInput {
  std::optional<std::string> nickname;
  std::optional<std::string> emit_message;
  std::vector<FieldError> decode_errors;
};

// Options of an unclaim (§7.5, §7.6), from the body or the query.
struct UnclaimOptions {
  bool preserve_pack_id = false;
  bool remove_account_id = false;
};

}  // namespace ispcloud::domain::plume
