-- 0019_bss_buckets: bundle allowances of subscriptions (OPTIVA-API.md §2.8.6, §2.9.3, §3.1).
-- A bundle component with a `unitType` attribute, once enabled on a line (activation or
-- ChangeOffer), gets one bucket: an allowance of `quantity` units (0 = unlimited, except for
-- money buckets) until its expiry. Units: 0 voice seconds, 1 data bytes, 2 SMS, 3 money (Amount4).
-- Every movement (PROVISION, CONSUME, ADJUST, EXPIRE, REMOVE) is an append-only entry of
-- bss_subscription_history with kind BUCKET, which row 41 lists together with the STATE entries.

CREATE TABLE bss_buckets (
  id BIGINT PRIMARY KEY,             -- from bss_sequences "bucket" (88001, ...)
  spid BIGINT NOT NULL,
  subscription_id TEXT NOT NULL,
  product_id TEXT NOT NULL,          -- the catalogue component that provisioned it
  bundle_id BIGINT NOT NULL,
  bundle_name TEXT NOT NULL,
  bundle_category_id TEXT NOT NULL,
  unit_type BIGINT NOT NULL,
  limit_units BIGINT NOT NULL,      -- allowance; 0 = unlimited when unit_type <> 3
  used_units BIGINT NOT NULL,
  status BIGINT NOT NULL,           -- 0 active, 2 removed
  activation_at TEXT NOT NULL,
  expiry_at TEXT NOT NULL,
  reference TEXT,                    -- order that provisioned it
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- §3.3 item 3: never more used than allowed, never negative.
  CHECK (used_units >= 0 AND limit_units >= 0),
  CHECK ((limit_units = 0 AND unit_type <> 3) OR used_units <= limit_units)
);
CREATE INDEX bss_buckets_subscription_idx ON bss_buckets (spid, subscription_id, id);

-- Bucket movements in the line's history (kind BUCKET; NULL on the other kinds).
ALTER TABLE bss_subscription_history ADD COLUMN bucket_id BIGINT;
ALTER TABLE bss_subscription_history ADD COLUMN bundle_id BIGINT;
ALTER TABLE bss_subscription_history ADD COLUMN bundle_category_id TEXT;
ALTER TABLE bss_subscription_history ADD COLUMN operation TEXT;
ALTER TABLE bss_subscription_history ADD COLUMN amount BIGINT;
ALTER TABLE bss_subscription_history ADD COLUMN balance BIGINT;
ALTER TABLE bss_subscription_history ADD COLUMN unit_type BIGINT;
ALTER TABLE bss_subscription_history ADD COLUMN expiry_at TEXT;
ALTER TABLE bss_subscription_history ADD COLUMN adjustment_type BIGINT;
