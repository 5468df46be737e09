#pragma once
// Server configuration: defaults, overlaid by a TOML file, then by ISPCLOUD_* environment
// variables and command-line flags (see app/cli). ValidateConfig reports every problem at once.
// The file format is documented in docs/configuration.md.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ispcloud {

struct TrustedIssuer {
  std::string issuer;
  std::string jwks_uri;
  std::string audience;
  std::string preset = "generic";  // keycloak | okta | generic
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free port
  int threads = 0;                        // 0 = number of cores
  std::string public_url;                 // default: http://<listen>
  int64_t max_body_bytes = 1 << 20;
  int64_t max_header_bytes = 16 << 10;
  int header_timeout_ms = 10'000;  // whole request header must arrive within this
  int body_timeout_ms = 30'000;    // whole body must arrive within this
  int idle_timeout_ms = 60'000;    // keep-alive connection with no request
  int write_timeout_ms = 30'000;
  int max_connections = 10'000;   // above this, new connections get 503 + Retry-After
  int drain_timeout_ms = 10'000;  // SIGTERM: in-flight requests get this long to finish
};

struct DatabaseConfig {
  std::string url = "sqlite:./data/ispcloud.db";
  std::string synchronous = "FULL";  // SQLite: OFF | NORMAL | FULL | EXTRA
  int busy_timeout_ms = 5000;
  int cache_mb = 64;    // SQLite: page cache of each connection, grown only as pages are read
  int pool_size = 16;   // PostgreSQL: most connections open at once (1..1024)
  bool migrate = true;  // serve applies pending migrations at start
};

struct LogConfig {
  std::string level = "info";
  bool access_log = true;
};

struct AuthConfig {
  std::vector<TrustedIssuer> trusted_issuers;
  std::string okta_audience = "api://default";  // `aud` of /oauth2/default tokens
  std::string signing_alg = "ES256";            // new signing keys: ES256 | RS256 | EdDSA
  // Passphrase that encrypts signing keys at rest (also env ISPCLOUD_KEY_ENCRYPTION_KEY).
  // Empty: keys are stored in clear in the database.
  std::string key_encryption_key;
  // Minimum time between two JWKS fetches of one trusted issuer (unknown-kid refetches and
  // retries after a failed fetch), 1..60 seconds.
  int jwks_cooldown_seconds = 10;
};

struct EventsConfig {
  // Outbox events whose deliveries are all finished (or that had no subscriber) are deleted
  // this many hours after they were published, 1..8760.
  int retention_hours = 72;
};

struct Config {
  ServerConfig server;
  DatabaseConfig database;
  LogConfig log;
  AuthConfig auth;
  EventsConfig events;
};

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

// Overlays the settings found in the TOML file at `path` onto `config`. Unknown tables or keys
// and values of the wrong type are errors (kInvalidArgument naming file and key).
Status LoadConfigFile(const std::string& path, Config& config);
// Same as LoadConfigFile for a TOML document held in memory (`origin` names it in messages).
Status LoadConfigString(std::string_view toml, std::string_view origin, Config& config);

// Checks every setting; on failure the message lists every problem, one per line.
Status ValidateConfig(const Config& config);

// Parses "HOST:PORT" or "[V6]:PORT".
Result<HostPort> ParseHostPort(std::string_view text);

// The public base URL: server.public_url, or http://<listen> when unset; no trailing slash.
std::string EffectivePublicUrl(const Config& config, uint16_t bound_port);

}  // namespace ispcloud
