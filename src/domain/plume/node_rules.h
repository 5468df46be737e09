#pragma once
// Pure rules of the node endpoints (PLUME-API.md §7.1, §7.4): input validation and the
// leaf-pod count behind numPodsAuthorized.

#include <vector>

#include "core/result.h"
#include "domain/plume/node.h"

namespace ispcloud::domain::plume {

inline constexpr size_t kMaxNicknameLength = 64;

// §7.1 step 2 and the field rules: serialNumber absent or "" (and not of the wrong type) ->
// kInvalidArgument "MISSING_REQUIRED_ARGUMENT"; otherwise type errors, a nickname outside 1-64
// code points and a negative backhaulDhcpPoolIdx -> kValidation (context "Node"), all at once.
Status ValidateClaim(const ClaimInput& input);

// §7.4: nickname absent or "" -> kInvalidArgument "MISSING_REQUIRED_ARGUMENT"; type errors,
// nickname over 64 code points, emitMessage other than "on"/"off" -> kValidation.
Status ValidateRename(const RenameInput& input);

// §7.1 step 8: the leaf pods among `nodes`, the nodes a location would hold, in claim order.
// Gateways are the nodes with residentialGateway; when there is none, the first node acts as
// the gateway. Leaf pods = the other nodes.
int64_t LeafPods(const std::vector<const InventoryNode*>& nodes);

// The 404 NODE_NOT_FOUND of §7 (unknown serial, or not visible to the caller).
Error NodeNotFound();

}  // namespace ispcloud::domain::plume
