#pragma once
// How the driver connects to a PostgreSQL URL that names several hosts. libpq's non-blocking
// connect (PQconnectPoll) ignores `connect_timeout`, and a host that never answers (powered
// off, a dropped route) would hold the attempt for minutes before libpq moved on to the next
// host. So the driver tries the hosts itself, one at a time, in the URL's order, each with its
// own deadline, and libpq checks each against `target_session_attrs` as usual.

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"

namespace ispcloud::storage::pg {

// Used when the URL sets no connect_timeout (libpq's own default would be to wait forever).
inline constexpr std::chrono::seconds kDefaultConnectTimeout{10};

// One host of the URL: element i of libpq's `host`, `hostaddr` and `port` lists (empty when the
// URL leaves it to libpq's default).
struct PgHostTarget {
  std::string host;
  std::string hostaddr;
  std::string port;
};

struct PgConnectPlan {
  // In the URL's order; a single element with empty fields when the URL names no host.
  std::vector<PgHostTarget> targets;
  // Per host; zero means no limit (`connect_timeout=0`). As with libpq, values below 2 s count
  // as 2 s.
  std::chrono::seconds timeout = kDefaultConnectTimeout;
};

// Splits `conninfo` (a URL or key=value string libpq accepts) into its hosts. Errors:
// kInvalidArgument when libpq cannot parse it, or the host, hostaddr and port lists do not
// match in length (libpq's rule: equal lengths, or a single port for every host); the message
// never repeats the URL.
Result<PgConnectPlan> PlanConnect(const std::string& conninfo);

}  // namespace ispcloud::storage::pg
