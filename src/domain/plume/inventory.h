#pragma once
// A node of a partner's inventory (PLUME-API.md §4.4, §10, §12.4).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ispcloud::domain::plume {

struct InventoryNode {
  std::string id;  // serial number
  std::string partner_id;
  std::optional<std::string> model;
  bool residential_gateway = false;
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
  std::vector<std::string> macs;  // BSSIDs
  std::optional<std::string> account_id;
  bool unclaimable = false;
  std::string created_at;
  std::string updated_at;
};

// True when `serial` is 1-64 characters of [A-Za-z0-9._-] (§1.4); matched case-sensitively.
bool IsValidSerial(std::string_view serial);

}  // namespace ispcloud::domain::plume
