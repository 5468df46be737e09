#include "domain/plume/node_rules.h"

#include <algorithm>

#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"

namespace ispcloud::domain::plume {
namespace {

void CheckNickname(const std::optional<std::string>& nickname, std::vector<FieldError>& out) {
  if (!nickname) return;
  const size_t n = CodePoints(*nickname);
  if (n == 0 || n > kMaxNicknameLength) {
    out.push_back({"nickname", n == 0 ? "length.min" : "length.max", "must be 1-64 characters"});
  }
}

Status Invalid(std::vector<FieldError> fields) {
  if (fields.empty()) return Ok();
  return InvalidFields("Node", std::move(fields));
}

}  // namespace

Status ValidateClaim(const ClaimInput& input) {
  const bool serial_missing = !input.serial_number || input.serial_number->empty();
  if (serial_missing && !HasFieldError(input.decode_errors, "serialNumber")) {
    return MissingArgument("serialNumber");
  }
  std::vector<FieldError> fields = input.decode_errors;
  CheckNickname(input.nickname, fields);
  if (input.backhaul_dhcp_pool_idx && *input.backhaul_dhcp_pool_idx < 0) {
    fields.push_back({"backhaulDhcpPoolIdx", "custom", "must be an integer >= 0"});
  }
  return Invalid(std::move(fields));
}

Status ValidateRename(const RenameInput& input) {
  const bool missing = !input.nickname || input.nickname->empty();
  if (missing && !HasFieldError(input.decode_errors, "nickname")) {
    return MissingArgument("nickname");
  }
  std::vector<FieldError> fields = input.decode_errors;
  CheckNickname(input.nickname, fields);
  if (input.emit_message && *input.emit_message != "on" && *input.emit_message != "off") {
    fields.push_back({"emitMessage", "inclusion", "must be \"on\" or \"off\""});
  }
  return Invalid(std::move(fields));
}

int64_t LeafPods(const std::vector<const InventoryNode*>& nodes) {
  if (nodes.empty()) return 0;
  const auto gateways = std::count_if(
      nodes.begin(), nodes.end(), [](const InventoryNode* n) { return n->residential_gateway; });
  const int64_t total = static_cast<int64_t>(nodes.size());
  return total - (gateways > 0 ? static_cast<int64_t>(gateways) : 1);
}

Error NodeNotFound() {
  return MakeError(ErrorCode::kNotFound, "Unable to find Node", "NODE_NOT_FOUND");
}

}  // namespace ispcloud::domain::plume
