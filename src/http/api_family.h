#pragma once
// The API family a path belongs to. It decides how fixed path segments are matched (Plume:
// case-insensitive, as LoopBack does) and in which wire format errors are rendered.

#include <string_view>

namespace ispcloud::http {

enum class ApiFamily {
  kSystem,  // /healthz, /readyz, /metrics and anything outside the API mounts
  kPlume,   // /api/Customers, /api/Partners, /api/Nodes, /api/inventory (case-insensitive)
  kTmf,     // /tmf-api/... and the Optiva gateway paths /api/<resource>
  kOAuth,   // /oauth2/..., /realms/..., /auth/realms/...
};

// The family of a request path (the path only, no query string). One place decides this for
// both route registration and the errors of unmatched requests.
ApiFamily FamilyForPath(std::string_view path);

std::string_view ToString(ApiFamily family);

}  // namespace ispcloud::http
