-- 0009_plume_support: support jobs (PLUME-API.md §11) and email verification tokens (§5.6, §5.7).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md). Timestamps are ISO-8601 UTC text with milliseconds;
-- JSON values are text.

-- One row per support action (firmware, forcedSteer, logPull). ispcloud has no device
-- connection: a job is recorded with status "queued", audited and published to the outbox.
-- Deleting the customer (GDPR, §5.5) deletes its jobs.
CREATE TABLE plume_support_jobs (
  id TEXT PRIMARY KEY,             -- 24-hex
  partner_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,       -- no foreign key: deleted with the customer by the service
  location_id TEXT NOT NULL,
  type TEXT NOT NULL,              -- logPull | firmwareUpgrade | firmwareDowngrade | forcedSteer
  status TEXT NOT NULL,            -- "queued"
  parameters TEXT NOT NULL,        -- JSON object, as returned on the wire
  requested_by TEXT NOT NULL,      -- the audited actor id, e.g. "client:abc", "user:42"
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- supportJobs lists a location's jobs newest first; firmware GET reads the latest one.
CREATE INDEX plume_support_jobs_location_idx ON plume_support_jobs (location_id, created_at, id);
CREATE INDEX plume_support_jobs_customer_idx ON plume_support_jobs (customer_id);

-- At most one pending email verification per customer (§5.6: a new token replaces the previous
-- one). Only the token's SHA-256 is stored; the clear token travels once, in the
-- customer.emailVerificationRequested outbox event. `email` is the address the token was issued
-- for: after an email change the old token no longer confirms anything.
CREATE TABLE plume_email_verifications (
  customer_id TEXT PRIMARY KEY,    -- no foreign key: deleted with the customer by the service
  token_hash TEXT NOT NULL,        -- lower-case hex SHA-256 of the token
  email TEXT NOT NULL,
  created_at TEXT NOT NULL
);
