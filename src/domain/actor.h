#pragma once
// Who performs a state change, for audit records: an API principal or an operator command.

#include <string>

namespace ispcloud::domain {

struct Actor {
  std::string id;          // e.g. "cli", "client:abc", "user:42"
  std::string request_id;  // HTTP request id, empty for CLI commands
  std::string tenant;      // partner id or SPID the change belongs to, when known
};

}  // namespace ispcloud::domain
