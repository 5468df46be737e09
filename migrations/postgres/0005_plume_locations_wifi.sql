-- 0005_plume_locations_wifi: onboarding checkpoints of locations, WiFi networks, and indexes for
-- the partner look-ups and customer search (PLUME-API.md §4.5, §6.9, §8, §9).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md). Timestamps are ISO-8601 UTC text with milliseconds;
-- booleans are BIGINT 0/1; JSON values are text.

-- One row per POST …/onboardingCheckpoint (§6.9); the location keeps the last value.
CREATE TABLE plume_onboarding_checkpoints (
  id TEXT PRIMARY KEY,             -- 24-hex
  location_id TEXT NOT NULL,
  value TEXT NOT NULL,             -- "PodsAdded" | "OnboardingComplete"
  pods_seen_by_ble TEXT,           -- JSON text as given, not validated
  app_os TEXT,
  os_version TEXT,
  created_at TEXT NOT NULL
);

CREATE INDEX plume_onboarding_checkpoints_location_idx
  ON plume_onboarding_checkpoints (location_id, created_at);

-- At most one WiFi network per location (§8, §12.1). The key is stored as given because the API
-- returns it in clear (§4.5); it never goes to audit records or logs.
CREATE TABLE plume_wifi_networks (
  id TEXT PRIMARY KEY,             -- 24-hex
  location_id TEXT NOT NULL UNIQUE,
  ssid TEXT NOT NULL,
  encryption_key TEXT NOT NULL,
  encrypted_at TEXT NOT NULL,
  wpa_mode TEXT NOT NULL,
  wpa_modes TEXT NOT NULL DEFAULT '{}',  -- JSON object {"freqBand24": "<wpaMode>", ...}
  ssid_broadcast BIGINT NOT NULL DEFAULT 1,
  enabled BIGINT NOT NULL DEFAULT 1,
  private_mode BIGINT NOT NULL DEFAULT 0,
  uapsd BIGINT NOT NULL DEFAULT 1,
  disable_default_service_network BIGINT NOT NULL DEFAULT 0,
  group_rekey TEXT NOT NULL DEFAULT 'auto',
  fast_transition TEXT NOT NULL DEFAULT 'auto',
  min_wifi_mode24 TEXT NOT NULL DEFAULT 'auto',
  allow_mlo TEXT NOT NULL DEFAULT 'auto',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Customer search (§9.4) orders a partner's customers by createdAt then id.
CREATE INDEX plume_customers_partner_created_idx ON plume_customers (partner_id, created_at, id);
-- Look-up by serviceId across partners (§9.3).
CREATE INDEX plume_locations_service_any_idx ON plume_locations (service_id)
  WHERE archived_at IS NULL AND service_id IS NOT NULL;
