-- 0014_bss_notes_adjustments: notes on accounts and subscriptions (OPTIVA-API.md §2.11) and
-- balance adjustments with their approval history (§2.12).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md). Notes and adjustment history are append-only (§3.3
-- item 12): nothing updates or deletes their rows.

CREATE TABLE bss_notes (
  id TEXT PRIMARY KEY,
  spid TEXT NOT NULL,
  account_id TEXT NOT NULL,       -- BAN (externalID) of the billing account
  subscription_id TEXT,           -- SubId for subscription notes, NULL for account notes
  note TEXT NOT NULL,
  main_type TEXT NOT NULL,
  sub_type TEXT NOT NULL,
  created_by TEXT NOT NULL,       -- preferred_username (fallback sub) of the author
  created_at TEXT NOT NULL
);

CREATE INDEX bss_notes_account_idx ON bss_notes (spid, account_id, created_at);
CREATE INDEX bss_notes_subscription_idx ON bss_notes (spid, subscription_id, created_at);

CREATE TABLE bss_adjustments (
  id TEXT PRIMARY KEY,
  spid TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  mobile_number TEXT NOT NULL,
  type_id BIGINT NOT NULL,
  type_name TEXT NOT NULL,
  type_description TEXT NOT NULL,
  category BIGINT NOT NULL,
  category_description TEXT NOT NULL,
  action BIGINT NOT NULL,            -- 0 credit, 1 debit
  bundle_adjustment BIGINT NOT NULL, -- 0 money, 1 bucket
  bundle_id BIGINT,
  amount BIGINT NOT NULL,            -- Amount4 for money, bundle units for buckets
  currency TEXT NOT NULL,
  expiry_date_extension BIGINT,
  reason_code BIGINT,
  notes TEXT,
  external_transaction_number TEXT,
  status TEXT NOT NULL,               -- CREATED | PENDING_APPROVAL | APPROVED | REJECTED | COMPLETED | FAILED
  requires_approval BIGINT NOT NULL,
  created_by TEXT NOT NULL,           -- display name of the creator
  created_by_subject TEXT NOT NULL,   -- issuer + sub of the creator (four-eyes rule)
  created_at TEXT NOT NULL,
  approved_by TEXT,                   -- decision maker (also on rejection)
  approved_at TEXT,
  transaction_id TEXT,
  failure_reason TEXT,
  updated_at TEXT NOT NULL
);

CREATE INDEX bss_adjustments_list_idx ON bss_adjustments (spid, created_at);
CREATE INDEX bss_adjustments_subscription_idx ON bss_adjustments (spid, subscription_id);
CREATE UNIQUE INDEX bss_adjustments_external_idx ON bss_adjustments (spid, external_transaction_number);

CREATE TABLE bss_adjustment_history (
  adjustment_id TEXT NOT NULL REFERENCES bss_adjustments(id),
  seq BIGINT NOT NULL,
  status TEXT NOT NULL,      -- a status id, or MODIFIED for edits
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  comment TEXT,
  PRIMARY KEY (adjustment_id, seq)
);
