#include "domain/plume/inventory_rules.h"

#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"
#include "domain/plume/inventory_csv.h"

namespace ispcloud::domain::plume {
namespace {

constexpr std::string_view kContext = "InventoryNode";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// An optional text field of at most kMaxInventoryTextLength code points.
void CheckText(std::string_view field, const std::optional<std::string>& value,
               std::vector<FieldError>& out) {
  if (value && CodePoints(*value) > kMaxInventoryTextLength) {
    out.push_back({std::string(field), "length.max", "must be at most 128 characters"});
  }
}

// An optional MAC field: normalised in place, or reported.
void CheckMac(std::string_view field, std::optional<std::string>& value,
              std::vector<FieldError>& out) {
  if (!value) return;
  if (auto mac = NormalizeMac(*value)) {
    value = std::move(*mac);
  } else {
    out.push_back({std::string(field), "format", "must be a MAC address (aa:bb:cc:dd:ee:ff)"});
  }
}

}  // namespace

std::optional<std::string> NormalizeMac(std::string_view mac) {
  if (mac.size() != 17) return std::nullopt;
  std::string out;
  out.reserve(17);
  for (size_t i = 0; i < mac.size(); ++i) {
    const char c = mac[i];
    if (i % 3 == 2) {
      if (c != ':' && c != '-') return std::nullopt;
      out += ':';
    } else {
      const int v = HexValue(c);
      if (v < 0) return std::nullopt;
      out += "0123456789abcdef"[v];
    }
  }
  return out;
}

Status CheckInventoryNodeRequired(const InventoryNodeInput& in) {
  if ((!in.id || in.id->empty()) && !HasFieldError(in.decode_errors, "id")) {
    return MissingArgument("id");
  }
  if (!in.residential_gateway && !HasFieldError(in.decode_errors, "residentialGateway")) {
    return MissingArgument("residentialGateway");
  }
  return Ok();
}

Result<InventoryNode> BuildInventoryNode(const InventoryNodeInput& in, std::string partner_id) {
  std::vector<FieldError> fields = in.decode_errors;
  InventoryNode n;
  n.partner_id = std::move(partner_id);
  if (in.id) {
    n.id = *in.id;
    if (!IsValidSerial(n.id)) {
      fields.push_back({"id", "format", "must be 1-64 characters of A-Z a-z 0-9 . _ -"});
    }
  }
  n.residential_gateway = in.residential_gateway.value_or(false);
  n.model = in.model;
  n.pack_id = in.pack_id;
  n.box_serial_number = in.box_serial_number;
  n.purchase_order_number = in.purchase_order_number;
  n.part_number = in.part_number;
  n.manufacturer_firmware = in.manufacturer_firmware;
  n.ship_date = in.ship_date;
  CheckText("model", n.model, fields);
  CheckText("packId", n.pack_id, fields);
  CheckText("boxSerialNumber", n.box_serial_number, fields);
  CheckText("purchaseOrderNumber", n.purchase_order_number, fields);
  CheckText("partNumber", n.part_number, fields);
  CheckText("manufacturerFirmware", n.manufacturer_firmware, fields);
  CheckText("shipDate", n.ship_date, fields);
  n.radio_mac24 = in.radio_mac24;
  n.radio_mac50 = in.radio_mac50;
  n.radio_mac60 = in.radio_mac60;
  n.ethernet_mac = in.ethernet_mac;
  n.ethernet1_mac = in.ethernet1_mac;
  n.bluetooth_mac = in.bluetooth_mac;
  CheckMac("radioMac24", n.radio_mac24, fields);
  CheckMac("radioMac50", n.radio_mac50, fields);
  CheckMac("radioMac60", n.radio_mac60, fields);
  CheckMac("ethernetMac", n.ethernet_mac, fields);
  CheckMac("ethernet1Mac", n.ethernet1_mac, fields);
  CheckMac("bluetoothMac", n.bluetooth_mac, fields);
  if (in.macs) {
    for (const std::string& m : *in.macs) {
      auto mac = NormalizeMac(m);
      if (!mac) {
        fields.push_back({"macs", "format", "every entry must be a MAC address"});
        break;
      }
      n.macs.push_back(std::move(*mac));
    }
  }
  if (!fields.empty()) return InvalidFields(kContext, std::move(fields));
  return n;
}

Status ValidateInventoryAttributes(const InventoryAttributes& in) {
  std::vector<FieldError> fields = in.decode_errors;
  if (in.account_id) {
    const size_t n = CodePoints(*in.account_id);
    if (n < 1 || n > 128) {
      fields.push_back(
          {"accountId", n < 1 ? "length.min" : "length.max", "must be 1-128 characters"});
    }
  }
  if (fields.empty()) return Ok();
  return InvalidFields(kContext, std::move(fields));
}

}  // namespace ispcloud::domain::plume
