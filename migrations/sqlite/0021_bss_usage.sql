-- 0021_bss_usage: rated usage records (CDRs) of the Optiva gateway (OPTIVA-API.md §2.10,
-- §2.20 row 93). ispcloud has no network: POST /api/admin/usage stands in for it. Each record
-- says what the buckets covered (bundle_info) and what the main balance paid (charge, the
-- transaction). Append-only.

CREATE TABLE bss_usage_records (
  id INTEGER PRIMARY KEY,            -- from bss_sequences "usage" (7000000001, ...)
  spid INTEGER NOT NULL,
  subscription_id TEXT NOT NULL,
  account_ban TEXT NOT NULL,
  msisdn TEXT NOT NULL,
  call_type INTEGER NOT NULL,        -- 1 voice originated, 2 voice terminated, 3 SMS, 11 data
  duration_ms INTEGER NOT NULL,
  data_bytes INTEGER NOT NULL,
  destination TEXT,
  transaction_date TEXT NOT NULL,
  charge INTEGER NOT NULL,           -- Amount4 paid from the main balance (>= 0)
  balance_after INTEGER NOT NULL,    -- main balance after the record
  transaction_id INTEGER,            -- bss_transactions.id when money was used
  bundle_info TEXT NOT NULL,         -- JSON [{bundleID, bucketID, unitType, chargedAmount}]
  created_at TEXT NOT NULL
);
CREATE INDEX bss_usage_records_subscription_idx ON bss_usage_records (spid, subscription_id, id);
