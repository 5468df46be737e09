#pragma once
// Parts of the URLs tests/support/pg_cluster.sh prints ("postgresql://user@host:port/db").

#include <string>

namespace ispcloud::test_support {

// "host:port".
inline std::string HostPortOf(const std::string& url) {
  const size_t at = url.find('@');
  return url.substr(at + 1, url.find('/', at) - at - 1);
}

// The database name.
inline std::string DatabaseOf(const std::string& url) {
  return url.substr(url.rfind('/') + 1);
}

}  // namespace ispcloud::test_support
