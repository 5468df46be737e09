#include "storage/postgres/pg_connect_plan.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace ispcloud::storage::pg {

namespace {

// libpq's comma-separated list ("a,b,c"); an empty string is one empty element.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos
                                                                : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

Error Invalid(std::string what) {
  return MakeError(ErrorCode::kInvalidArgument, "invalid PostgreSQL URL: " + std::move(what));
}

}  // namespace

Result<PgConnectPlan> PlanConnect(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (parsed == nullptr) {
    // libpq's message may quote the URL, password included: it is not repeated.
    if (error != nullptr) PQfreemem(error);
    return Invalid(
        "libpq cannot parse it (expected "
        "postgresql://[user[:password]@][host][:port][/dbname][?param=value...])");
  }
  std::map<std::string, std::string> values;
  for (const PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (o->val != nullptr) values[o->keyword] = o->val;
  }
  PQconninfoFree(parsed);

  PgConnectPlan plan;
  if (auto it = values.find("connect_timeout"); it != values.end() && !it->second.empty()) {
    int seconds = 0;
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 0) {
      return Invalid("connect_timeout must be a whole number of seconds");
    }
    plan.timeout = seconds == 0 ? std::chrono::seconds(0)
                                : std::chrono::seconds(std::max(seconds, 2));
  }
  const std::vector<std::string> hosts = SplitList(values["host"]);
  const std::vector<std::string> addrs = SplitList(values["hostaddr"]);
  const std::vector<std::string> ports = SplitList(values["port"]);
  const bool has_hosts = !values["host"].empty();
  const bool has_addrs = !values["hostaddr"].empty();
  const size_t count = has_hosts ? hosts.size() : has_addrs ? addrs.size() : 1;
  if (has_hosts && has_addrs && hosts.size() != addrs.size()) {
    return Invalid("it names a different number of hosts and host addresses");
  }
  if (ports.size() != 1 && ports.size() != count) {
    return Invalid("it names a different number of hosts and ports");
  }
  for (size_t i = 0; i < count; ++i) {
    PgHostTarget target;
    if (has_hosts) target.host = hosts[i];
    if (has_addrs) target.hostaddr = addrs[i];
    target.port = ports.size() == 1 ? ports[0] : ports[i];
    plan.targets.push_back(std::move(target));
  }
  return plan;
}

}  // namespace ispcloud::storage::pg
