#include "core/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace ispcloud {
namespace {

Error ConfigError(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// Reads typed keys out of one TOML table and reports unknown keys.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::vector<std::string>& problems)
      : table_(table), prefix_(std::move(prefix)), problems_(problems) {}

  void Str(std::string_view key, std::string& out) {
    if (auto* node = Take(key)) {
      if (auto v = node->value<std::string>()) {
        out = *v;
      } else {
        problems_.push_back(Name(key) + ": expected a string");
      }
    }
  }
  template <typename Int>
  void Integer(std::string_view key, Int& out) {
    if (auto* node = Take(key)) {
      if (auto v = node->value<int64_t>(); v && node->is_integer()) {
        // A value outside Int's range would wrap and could then pass validation.
        if (std::in_range<Int>(*v)) {
          out = static_cast<Int>(*v);
        } else {
          problems_.push_back(Name(key) + ": integer out of range");
        }
      } else {
        problems_.push_back(Name(key) + ": expected an integer");
      }
    }
  }
  void Bool(std::string_view key, bool& out) {
    if (auto* node = Take(key)) {
      if (auto v = node->value<bool>()) {
        out = *v;
      } else {
        problems_.push_back(Name(key) + ": expected true or false");
      }
    }
  }
  // Call after reading every known key.
  void RejectUnknown() {
    for (auto&& [key, node] : table_) {
      if (!seen_.count(std::string(key.str()))) {
        problems_.push_back(Name(key.str()) + ": unknown setting");
      }
    }
  }

 private:
  const toml::node* Take(std::string_view key) {
    seen_.insert(std::string(key));
    return table_.get(key);
  }
  std::string Name(std::string_view key) const { return prefix_ + std::string(key); }

  const toml::table& table_;
  std::string prefix_;
  std::vector<std::string>& problems_;
  std::set<std::string> seen_;
};

void ReadIssuers(const toml::node& node, AuthConfig& auth, std::vector<std::string>& problems) {
  const toml::array* list = node.as_array();
  if (list == nullptr) {
    problems.push_back(
        "auth.trusted_issuer: expected an array of tables ([[auth.trusted_issuer]])");
    return;
  }
  auth.trusted_issuers.clear();
  for (size_t i = 0; i < list->size(); ++i) {
    const toml::table* t = (*list)[i].as_table();
    std::string prefix = "auth.trusted_issuer[" + std::to_string(i) + "].";
    if (t == nullptr) {
      problems.push_back(prefix + ": expected a table");
      continue;
    }
    TrustedIssuer issuer;
    TableReader r(*t, prefix, problems);
    r.Str("issuer", issuer.issuer);
    r.Str("jwks_uri", issuer.jwks_uri);
    r.Str("audience", issuer.audience);
    r.Str("preset", issuer.preset);
    r.RejectUnknown();
    auth.trusted_issuers.push_back(std::move(issuer));
  }
}

Status Overlay(const toml::table& root, Config& config) {
  std::vector<std::string> problems;
  auto section = [&](std::string_view name) -> const toml::table* {
    const toml::node* node = root.get(name);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      problems.push_back(std::string(name) + ": expected a table");
      return nullptr;
    }
    return node->as_table();
  };
  for (auto&& [key, node] : root) {
    std::string_view k = key.str();
    if (k != "server" && k != "database" && k != "log" && k != "auth" && k != "events") {
      problems.push_back(std::string(k) +
                         ": unknown section (expected server, database, log, auth, events)");
    }
  }
  if (const toml::table* t = section("server")) {
    TableReader r(*t, "server.", problems);
    ServerConfig& s = config.server;
    r.Str("listen", s.listen);
    r.Integer("threads", s.threads);
    r.Str("public_url", s.public_url);
    r.Integer("max_body_bytes", s.max_body_bytes);
    r.Integer("max_header_bytes", s.max_header_bytes);
    r.Integer("header_timeout_ms", s.header_timeout_ms);
    r.Integer("body_timeout_ms", s.body_timeout_ms);
    r.Integer("idle_timeout_ms", s.idle_timeout_ms);
    r.Integer("write_timeout_ms", s.write_timeout_ms);
    r.Integer("max_connections", s.max_connections);
    r.Integer("drain_timeout_ms", s.drain_timeout_ms);
    r.RejectUnknown();
  }
  if (const toml::table* t = section("database")) {
    TableReader r(*t, "database.", problems);
    r.Str("url", config.database.url);
    r.Str("synchronous", config.database.synchronous);
    r.Integer("busy_timeout_ms", config.database.busy_timeout_ms);
    r.Integer("cache_mb", config.database.cache_mb);
    r.Integer("pool_size", config.database.pool_size);
    r.Bool("migrate", config.database.migrate);
    r.RejectUnknown();
  }
  if (const toml::table* t = section("log")) {
    TableReader r(*t, "log.", problems);
    r.Str("level", config.log.level);
    r.Bool("access_log", config.log.access_log);
    r.RejectUnknown();
  }
  if (const toml::table* t = section("auth")) {
    if (const toml::node* issuers = t->get("trusted_issuer")) {
      ReadIssuers(*issuers, config.auth, problems);
    }
    toml::table rest = *t;
    rest.erase("trusted_issuer");
    TableReader r(rest, "auth.", problems);
    r.Str("okta_audience", config.auth.okta_audience);
    r.Str("signing_alg", config.auth.signing_alg);
    r.Str("key_encryption_key", config.auth.key_encryption_key);
    r.Integer("jwks_cooldown_seconds", config.auth.jwks_cooldown_seconds);
    r.RejectUnknown();
  }
  if (const toml::table* t = section("events")) {
    TableReader r(*t, "events.", problems);
    r.Integer("retention_hours", config.events.retention_hours);
    r.RejectUnknown();
  }
  if (problems.empty()) return Ok();
  std::string msg;
  for (auto& p : problems) msg += (msg.empty() ? "" : "\n") + p;
  return ConfigError(msg);
}

}  // namespace

Status LoadConfigString(std::string_view text, std::string_view origin, Config& config) {
  toml::table table;
  try {
    table = toml::parse(text, origin);
  } catch (const toml::parse_error& err) {
    std::ostringstream msg;
    msg << origin << ":" << err.source().begin.line << ":" << err.source().begin.column << ": "
        << err.description();
    return ConfigError(msg.str());
  }
  Status st = Overlay(table, config);
  if (!st) return ConfigError(std::string(origin) + ": " + st.error().message);
  return Ok();
}

Status LoadConfigFile(const std::string& path, Config& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConfigError("cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return LoadConfigString(text.str(), path, config);
}

Result<HostPort> ParseHostPort(std::string_view text) {
  HostPort hp;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return ConfigError("listen address must be HOST:PORT or [IPv6]:PORT, got '" +
                         std::string(text) + "'");
    }
    hp.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
      return ConfigError("listen address must be HOST:PORT, got '" + std::string(text) + "'");
    }
    hp.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty()) {
    return ConfigError("listen port must be 0..65535, got '" + std::string(port_text) + "'");
  }
  hp.port = static_cast<uint16_t>(port);
  return hp;
}

Status ValidateConfig(const Config& c) {
  std::vector<std::string> problems;
  if (auto hp = ParseHostPort(c.server.listen); !hp) problems.push_back(hp.error().message);
  if (c.server.threads < 0 || c.server.threads > 256) {
    problems.push_back("server.threads must be 0 (one per core) to 256");
  }
  if (!c.server.public_url.empty() && c.server.public_url.rfind("http://", 0) != 0 &&
      c.server.public_url.rfind("https://", 0) != 0) {
    problems.push_back("server.public_url must start with http:// or https://");
  }
  if (c.server.max_body_bytes < 1024 || c.server.max_body_bytes > (int64_t{1} << 30)) {
    problems.push_back("server.max_body_bytes must be between 1024 and 1073741824");
  }
  if (c.server.max_header_bytes < 1024 || c.server.max_header_bytes > (1 << 20)) {
    problems.push_back("server.max_header_bytes must be between 1024 and 1048576");
  }
  auto positive = [&](int v, const char* name) {
    if (v <= 0) problems.push_back(std::string(name) + " must be greater than 0");
  };
  positive(c.server.header_timeout_ms, "server.header_timeout_ms");
  positive(c.server.body_timeout_ms, "server.body_timeout_ms");
  positive(c.server.idle_timeout_ms, "server.idle_timeout_ms");
  positive(c.server.write_timeout_ms, "server.write_timeout_ms");
  positive(c.server.max_connections, "server.max_connections");
  positive(c.server.drain_timeout_ms, "server.drain_timeout_ms");
  positive(c.database.busy_timeout_ms, "database.busy_timeout_ms");
  if (c.database.cache_mb < 1 || c.database.cache_mb > 65536) {
    problems.push_back("database.cache_mb must be between 1 and 65536");
  }
  if (c.database.pool_size < 1 || c.database.pool_size > 1024) {
    problems.push_back("database.pool_size must be between 1 and 1024");
  }
  const std::string& sync = c.database.synchronous;
  if (sync != "OFF" && sync != "NORMAL" && sync != "FULL" && sync != "EXTRA") {
    problems.push_back("database.synchronous must be OFF, NORMAL, FULL or EXTRA");
  }
  const std::string& lvl = c.log.level;
  if (lvl != "debug" && lvl != "info" && lvl != "warn" && lvl != "error") {
    problems.push_back("log.level must be debug, info, warn or error");
  }
  if (c.auth.okta_audience.empty()) problems.push_back("auth.okta_audience must not be empty");
  if (c.auth.signing_alg != "ES256" && c.auth.signing_alg != "RS256" &&
      c.auth.signing_alg != "EdDSA") {
    problems.push_back("auth.signing_alg must be ES256, RS256 or EdDSA");
  }
  if (c.auth.jwks_cooldown_seconds < 1 || c.auth.jwks_cooldown_seconds > 60) {
    problems.push_back("auth.jwks_cooldown_seconds must be between 1 and 60");
  }
  if (c.events.retention_hours < 1 || c.events.retention_hours > 8760) {
    problems.push_back("events.retention_hours must be between 1 and 8760");
  }
  for (size_t i = 0; i < c.auth.trusted_issuers.size(); ++i) {
    const TrustedIssuer& t = c.auth.trusted_issuers[i];
    std::string p = "auth.trusted_issuer[" + std::to_string(i) + "].";
    if (t.issuer.empty()) problems.push_back(p + "issuer is required");
    if (t.jwks_uri.rfind("http://", 0) != 0 && t.jwks_uri.rfind("https://", 0) != 0) {
      problems.push_back(p + "jwks_uri must be an http(s) URL");
    }
    if (t.audience.empty()) problems.push_back(p + "audience is required");
    if (t.preset != "keycloak" && t.preset != "okta" && t.preset != "generic") {
      problems.push_back(p + "preset must be keycloak, okta or generic");
    }
    for (size_t j = 0; j < i; ++j) {
      if (!t.issuer.empty() && c.auth.trusted_issuers[j].issuer == t.issuer) {
        problems.push_back(p + "issuer repeats auth.trusted_issuer[" + std::to_string(j) + "]");
      }
    }
  }
  if (problems.empty()) return Ok();
  std::string msg = "invalid configuration:";
  for (auto& p : problems) msg += "\n  " + p;
  return ConfigError(msg);
}

std::string EffectivePublicUrl(const Config& config, uint16_t bound_port) {
  std::string url = config.server.public_url;
  if (url.empty()) {
    auto hp = ParseHostPort(config.server.listen);
    std::string host = hp ? hp->host : "127.0.0.1";
    if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    url = "http://" + host + ":" + std::to_string(bound_port);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace ispcloud
