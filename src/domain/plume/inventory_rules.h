#pragma once
// Rules of inventory writes over the API (PLUME-API.md §1.4 MAC addresses, §9.6 attributes,
// §10.1 import of one node).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/plume/inventory.h"

namespace ispcloud::domain::plume {

// A MAC address as stored (§1.4): six hex pairs separated by ':' or '-' (any case) ->
// lower case with ':'; nullopt when `mac` is not one.
std::optional<std::string> NormalizeMac(std::string_view mac);

// POST /api/inventory/nodes (§10.1), decoded. Absent fields are nullopt.
struct InventoryNodeInput {
  std::optional<std::string> id;
  std::optional<bool> residential_gateway;
  std::optional<std::string> partner_id;
  std::optional<std::string> model;
  std::optional<std::string> pack_id;
  std::optional<std::string> box_serial_number;
  std::optional<std::string> purchase_order_number;
  std::optional<std::string> part_number;
  std::optional<std::string> manufacturer_firmware;
  std::optional<std::string> ship_date;
  std::optional<std::string> radio_mac24;
  std::optional<std::string> radio_mac50;
  std::optional<std::string> radio_mac60;
  std::optional<std::string> ethernet_mac;
  std::optional<std::string> ethernet1_mac;
  std::optional<std::string> bluetooth_mac;
  std::optional<std::vector<std::string>> macs;
  std::vector<FieldError> decode_errors;
};

// §10.1 required fields: `id` absent or "" -> 400, then `residentialGateway` absent -> 400
// (a required field of the wrong type is a 422 of BuildInventoryNode instead).
Status CheckInventoryNodeRequired(const InventoryNodeInput& in);

// §10.1 field rules, after CheckInventoryNodeRequired: id 1-64 of [A-Za-z0-9._-], texts at most
// 128 characters, MACs valid -> 422 ValidationError (context "InventoryNode") listing every
// invalid field. Returns the node of `partner_id` with MACs normalised and no timestamps.
Result<InventoryNode> BuildInventoryNode(const InventoryNodeInput& in, std::string partner_id);

// PATCH /api/Partners/nodes/{nodeId} (§9.6), decoded. `account_id_given` tells a JSON null
// (clear) from an absent accountId.
struct InventoryAttributes {
  bool account_id_given = false;
  std::optional<std::string> account_id;
  std::optional<bool> unclaimable;
  std::vector<FieldError> decode_errors;
};

// §9.6 rules: accountId 1-128 characters or null, unclaimable a boolean -> 422 otherwise.
Status ValidateInventoryAttributes(const InventoryAttributes& in);

}  // namespace ispcloud::domain::plume
