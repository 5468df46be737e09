-- 0018_bss_shopping_carts: shopping carts of the Optiva gateway (OPTIVA-API.md §2.6, rows
-- 25-29). A cart prices a prospective order; it never changes a subscription. The document is
-- the cart as answered (JSON), rewritten whole by PATCH; expired carts (valid_until passed)
-- read as absent.

CREATE TABLE bss_shopping_carts (
  id TEXT PRIMARY KEY,               -- from bss_sequences "shoppingCart" (8000001, ...)
  spid INTEGER NOT NULL,
  account_id TEXT NOT NULL,          -- bss_billing_accounts.id of the same SPID
  body TEXT NOT NULL,                -- JSON object
  valid_until TEXT NOT NULL,         -- ISO-8601 UTC; validFor.endDateTime
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX bss_shopping_carts_account_idx ON bss_shopping_carts (spid, account_id, created_at);
