-- 0003_plume_customers: Plume customers and their locations (PLUME-API.md §4.1, §4.2).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md). Timestamps are ISO-8601 UTC text with milliseconds;
-- booleans are BIGINT 0/1; JSON arrays are text. A deleted customer's row is removed (its id,
-- email and accountId become free, §5.5); its locations stay, archived, with personal data erased.

CREATE TABLE plume_customers (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,             -- lower-cased; a placeholder when anonymous
  email_verified BIGINT NOT NULL DEFAULT 0,
  anonymous BIGINT NOT NULL DEFAULT 0,
  auto_provisioned BIGINT NOT NULL DEFAULT 0,
  password_hash TEXT,              -- Argon2id (PHC string), NULL when none was given
  accept_language TEXT NOT NULL,
  source TEXT NOT NULL,
  group_ids TEXT NOT NULL,         -- JSON array of partner_groups ids
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX plume_customers_account_idx ON plume_customers (partner_id, account_id);
CREATE UNIQUE INDEX plume_customers_email_idx ON plume_customers (email);

CREATE TABLE plume_locations (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,       -- no foreign key: archived rows outlive a deleted customer
  partner_id TEXT NOT NULL REFERENCES partners(id),
  account_id TEXT NOT NULL,
  group_ids TEXT NOT NULL,         -- JSON array, copied from the customer
  name TEXT NOT NULL,
  service_id TEXT,
  profile TEXT NOT NULL,
  service_level TEXT NOT NULL,
  service_level_created_at TEXT NOT NULL,
  service_level_updated_at TEXT NOT NULL,
  monitor_mode BIGINT NOT NULL DEFAULT 0,
  monitor_mode_updated_at TEXT NOT NULL,
  num_pods_authorized BIGINT NOT NULL,
  authorizations_updated_at TEXT NOT NULL,
  onboarding_checkpoint TEXT,
  onboarded_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT
);

CREATE INDEX plume_locations_customer_idx ON plume_locations (customer_id, created_at);
-- serviceId is unique among a partner's active locations (§6.5, §14 #15).
CREATE UNIQUE INDEX plume_locations_service_idx ON plume_locations (partner_id, service_id)
  WHERE archived_at IS NULL AND service_id IS NOT NULL;
