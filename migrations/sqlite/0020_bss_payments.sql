-- 0020_bss_payments: payment tokens and payment schedules of the Optiva gateway
-- (OPTIVA-API.md §2.15, rows 61-66; §2.7.4 automatic top-up on activation). A token is the
-- payment gateway's reference to a card of a billing account, never a card number; a schedule
-- tops a line up with `amount` (ISO minor units) from a token at every `recurrence`, when
-- `ispcloud payments run-due` finds it due.

CREATE TABLE bss_payment_tokens (
  id TEXT PRIMARY KEY,               -- tokenID, from bss_sequences "paymentToken" (6001, ...)
  spid INTEGER NOT NULL,
  account_id TEXT NOT NULL,          -- bss_billing_accounts.id of the same SPID
  token_value TEXT NOT NULL,
  masked_card_number TEXT,
  expiry_date TEXT,
  created_at TEXT NOT NULL
);
-- §2.15 row 61: the same (account, tokenValue) names the same token.
CREATE UNIQUE INDEX bss_payment_tokens_value_idx ON bss_payment_tokens (account_id, token_value);

CREATE TABLE bss_payment_schedules (
  id TEXT PRIMARY KEY,               -- scheduleID, from bss_sequences "paymentSchedule" (7001, ...)
  spid INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  token_id TEXT NOT NULL,            -- bss_payment_tokens.id of the same account
  amount_minor INTEGER NOT NULL,     -- > 0, ISO minor units of `currency`
  currency TEXT NOT NULL,
  recurrence TEXT NOT NULL,          -- MONTHLY | WEEKLY | DAILY | ONE_TIME
  next_application TEXT NOT NULL,
  status TEXT NOT NULL,              -- ACTIVE | CANCELLED | COMPLETED
  last_result TEXT,                  -- JSON {date, resultCode, transactionId, message} of the last run
  source_ref TEXT,                   -- the order that created it (ATU)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (amount_minor > 0)
);
-- §3.3 item 10: one ACTIVE schedule per subscription.
CREATE UNIQUE INDEX bss_payment_schedules_active_idx ON bss_payment_schedules (subscription_id)
  WHERE status = 'ACTIVE';
CREATE INDEX bss_payment_schedules_account_idx ON bss_payment_schedules (spid, account_id, id);
-- The schedule runner (`ispcloud payments run-due`) looks for ACTIVE schedules that are due.
CREATE INDEX bss_payment_schedules_due_idx ON bss_payment_schedules (status, next_application);
