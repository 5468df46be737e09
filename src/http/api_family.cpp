#include "http/api_family.h"

#include <array>

#include "core/strings.h"

namespace ispcloud::http {
namespace {

// Returns the segment after `prefix` (compared case-insensitively), or npos-equivalent empty.
bool SplitFirst(std::string_view path, std::string_view& first, std::string_view& rest) {
  if (path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  size_t slash = path.find('/');
  first = path.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  return true;
}

constexpr std::array<std::string_view, 4> kPlumeCollections = {"customers", "partners", "nodes",
                                                               "inventory"};

}  // namespace

ApiFamily FamilyForPath(std::string_view path) {
  std::string_view first, rest;
  if (!SplitFirst(path, first, rest)) return ApiFamily::kSystem;
  if (IEquals(first, "api")) {
    std::string_view collection, unused;
    if (SplitFirst(rest, collection, unused)) {
      for (std::string_view c : kPlumeCollections) {
        if (IEquals(collection, c)) return ApiFamily::kPlume;
      }
    }
    // Case-insensitive "/API" is only a Plume spelling; the gateway's "/api" is exact.
    return first == "api" ? ApiFamily::kTmf : ApiFamily::kPlume;
  }
  if (first == "tmf-api") return ApiFamily::kTmf;
  if (first == "oauth2" || first == "realms") return ApiFamily::kOAuth;
  if (first == "auth") {
    std::string_view second, unused;
    if (SplitFirst(rest, second, unused) && second == "realms") return ApiFamily::kOAuth;
  }
  return ApiFamily::kSystem;
}

std::string_view ToString(ApiFamily family) {
  switch (family) {
    case ApiFamily::kSystem:
      return "system";
    case ApiFamily::kPlume:
      return "plume";
    case ApiFamily::kTmf:
      return "tmf";
    case ApiFamily::kOAuth:
      return "oauth";
  }
  return "system";
}

}  // namespace ispcloud::http
