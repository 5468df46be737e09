-- 0013_bss_idempotency_vouchers: idempotency keys of money POSTs and prepaid vouchers
-- (OPTIVA-API.md §3.3 items 6 and 7, §2.13, §2.20 rows 91-92).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md).

-- The first committed outcome of a POST sent with an Idempotency-Key, written in the same
-- database transaction as the effect it describes. A record is live for 24 hours (expires_at);
-- a live record with the same request fingerprint is replayed, another fingerprint is refused.
CREATE TABLE bss_idempotency_keys (
  principal TEXT NOT NULL,     -- issuer + subject of the caller's token
  spid TEXT NOT NULL,
  method TEXT NOT NULL,        -- e.g. "POST"
  path TEXT NOT NULL,          -- request path without the query, as routed
  idem_key TEXT NOT NULL,      -- the Idempotency-Key header, at most 128 characters
  fingerprint TEXT NOT NULL,   -- SHA-256 hex of the request body (canonical JSON when parsable)
  status BIGINT NOT NULL,     -- HTTP status of the first outcome
  body TEXT NOT NULL,          -- response body of the first outcome
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (principal, spid, method, path, idem_key)
);

CREATE INDEX bss_idempotency_keys_expiry_idx ON bss_idempotency_keys (expires_at);

-- The deployment secret of the voucher number hash (one row, id = 1), generated with the first
-- voucher batch. See docs/bss.md "Voucher numbers" for the threat model.
CREATE TABLE bss_voucher_secret (
  id BIGINT PRIMARY KEY,
  secret TEXT NOT NULL,        -- 32 random bytes, base64url
  pepper_check TEXT NOT NULL,  -- HMAC of a fixed text under the effective key: detects a changed
                               -- auth.key_encryption_key (vouchers would no longer be found)
  created_at TEXT NOT NULL
);

-- Prepaid vouchers. The secret number is never stored: number_hash is its keyed hash
-- (HMAC-SHA-256), number_last4 its last four digits for the masked echo.
CREATE TABLE bss_vouchers (
  spid TEXT NOT NULL,
  serial_number TEXT NOT NULL,
  batch_number TEXT NOT NULL,
  number_hash TEXT NOT NULL,
  number_last4 TEXT NOT NULL,
  voucher_amount BIGINT NOT NULL,   -- Amount4
  bonus_amount BIGINT NOT NULL,     -- Amount4
  currency TEXT NOT NULL,
  duration_days BIGINT NOT NULL,
  expires_at TEXT NOT NULL,          -- DateTime; past it the voucher is EXPIRED
  state TEXT NOT NULL,               -- AVAILABLE | USED | BLOCKED (EXPIRED is derived from time)
  used_by_subscription TEXT,
  used_at TEXT,
  transaction_id TEXT,
  first_result TEXT,                 -- JSON body of the successful redemption (replays)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (spid, serial_number)
);

CREATE UNIQUE INDEX bss_vouchers_number_idx ON bss_vouchers (spid, number_hash);
CREATE INDEX bss_vouchers_batch_idx ON bss_vouchers (spid, batch_number);
