-- 0010_bss_core: Optiva gateway BSS core (OPTIVA-API.md §2.4-§2.9, §3): service providers,
-- billing accounts, subscriptions with their main balance, the immutable money ledger,
-- subscription history, the product catalogue and product orders.
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md).
-- Timestamps are ISO-8601 UTC text with milliseconds (they sort as text); JSON values are text.
-- Money columns are Amount4: BIGINT 1/10,000 of the SPID currency's major unit, never REAL.
-- Every row carries its SPID; every query filters by it (§3.3 item 8).

-- The tenants of the gateway family (`ispcloud sp create`). settings: JSON object of §3.4
-- (currency, timeZone, adjustmentApprovalThreshold, default limits, planValidityDays, ...).
CREATE TABLE bss_service_providers (
  spid BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,            -- ISO 4217 code
  currency_exponent BIGINT NOT NULL,
  settings TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Named counters: "ban:<spid>" (BAN sequence per SPID), "billingAccount", "transaction",
-- "productOrder". next_value is the last value handed out.
CREATE TABLE bss_sequences (
  name TEXT PRIMARY KEY,
  next_value BIGINT NOT NULL
);

-- TMF666-shaped billing accounts. body: the JSON document without id/href and without the
-- computed members (accountBalance, childAccount, accountRelationship).
CREATE TABLE bss_billing_accounts (
  id TEXT PRIMARY KEY,               -- numeric string, e.g. "3001"
  spid BIGINT NOT NULL,
  ban TEXT NOT NULL UNIQUE,          -- externalID; unique per deployment (§3.3 item 10)
  customer_id TEXT NOT NULL,         -- tmf_resources customer of the same SPID
  owner_id TEXT,                     -- the customer's engaged individual, when known
  parent_id TEXT,                    -- parent billing account (same SPID)
  state_code BIGINT NOT NULL,       -- 0 Active ... 7 InCollection
  rating_type TEXT NOT NULL,         -- prepaid | postpaid
  credit_limit BIGINT NOT NULL,     -- Amount4
  body TEXT NOT NULL,
  revision BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX bss_billing_accounts_list_idx ON bss_billing_accounts (spid, created_at, id);
CREATE INDEX bss_billing_accounts_customer_idx ON bss_billing_accounts (spid, customer_id);
CREATE INDEX bss_billing_accounts_owner_idx ON bss_billing_accounts (spid, owner_id);
CREATE INDEX bss_billing_accounts_parent_idx ON bss_billing_accounts (parent_id);

-- Lines. id = "<BAN>-<seq>". The main balance lives here and changes only through the ledger
-- (domain/bss/ledger.h), which bumps balance_version with every posting.
CREATE TABLE bss_subscriptions (
  id TEXT PRIMARY KEY,
  spid BIGINT NOT NULL,
  account_id TEXT NOT NULL,          -- bss_billing_accounts.id
  ban TEXT NOT NULL,
  seq BIGINT NOT NULL,              -- n of "<BAN>-<n>"
  msisdn TEXT NOT NULL,
  iccid TEXT,
  imsi TEXT,
  subscription_type BIGINT NOT NULL,
  paid_type BIGINT NOT NULL,        -- 0 prepaid, 1 postpaid, 2 unspecified
  state BIGINT NOT NULL,            -- §3.2 codes
  price_plan_offering_id TEXT,       -- catalogue offering of the primary price plan
  primary_price_plan_id BIGINT,     -- its primaryPricePlanId (-1 = none)
  enabled_components TEXT NOT NULL,  -- JSON array of {productId, productTypeId, bundleId, ...}
  balance BIGINT NOT NULL,          -- Amount4
  balance_version BIGINT NOT NULL,
  credit_limit BIGINT NOT NULL,     -- Amount4 >= 0
  monthly_spend_limit BIGINT NOT NULL,  -- Amount4, -1 = none
  maximum_balance BIGINT NOT NULL,  -- Amount4, 0 = none
  expiry_at TEXT,
  billing_language TEXT NOT NULL,
  notification_preference BIGINT NOT NULL,
  status_start_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX bss_subscriptions_account_seq_idx ON bss_subscriptions (account_id, seq);
-- A number and a SIM are live on at most one line of the deployment (§3.3 item 10).
CREATE UNIQUE INDEX bss_subscriptions_live_msisdn_idx ON bss_subscriptions (msisdn)
  WHERE state <> 2;
CREATE UNIQUE INDEX bss_subscriptions_live_iccid_idx ON bss_subscriptions (iccid)
  WHERE state <> 2 AND iccid IS NOT NULL;
CREATE INDEX bss_subscriptions_msisdn_idx ON bss_subscriptions (spid, msisdn, created_at);
CREATE INDEX bss_subscriptions_list_idx ON bss_subscriptions (spid, created_at, id);

-- The money ledger: one immutable row per main-balance change (§3.3 items 2, 12).
-- amount is signed from the subscriber's point of view (credit > 0, debit < 0) and
-- balance_after = balance_before + amount.
CREATE TABLE bss_transactions (
  id BIGINT PRIMARY KEY,            -- from bss_sequences "transaction" (9000001, ...)
  spid BIGINT NOT NULL,
  subscription_id TEXT NOT NULL,
  account_ban TEXT NOT NULL,
  msisdn TEXT NOT NULL,
  amount BIGINT NOT NULL,
  balance_before BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  adjustment_type_id BIGINT NOT NULL,
  adjustment_type_name TEXT NOT NULL,
  source_kind TEXT NOT NULL,         -- order | externalPayment | adjustment | voucher | payment | usage | atu | raf
  source_ref TEXT,                   -- order, adjustment, voucher ... id
  reason TEXT,
  agent TEXT NOT NULL,               -- preferred_username (fallback sub) or "cli:<user>"
  external_transaction_number TEXT,
  counts_toward_spend BIGINT NOT NULL,  -- debits counted against the monthly spend limit
  request_id TEXT,
  correlation_id TEXT,               -- Transaction-Id header
  created_at TEXT NOT NULL
);
CREATE INDEX bss_transactions_subscription_idx ON bss_transactions (subscription_id, created_at, id);
CREATE UNIQUE INDEX bss_transactions_external_number_idx
  ON bss_transactions (spid, external_transaction_number)
  WHERE external_transaction_number IS NOT NULL;

-- Subscription life: state changes, plan and option changes, limit changes. Append-only.
CREATE TABLE bss_subscription_history (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  spid BIGINT NOT NULL,
  subscription_id TEXT NOT NULL,
  kind TEXT NOT NULL,                -- STATE | PRICE_PLAN | OPTION_ENABLED | OPTION_DISABLED | PROFILE
  from_value TEXT,
  to_value TEXT,
  reason TEXT,
  reference TEXT,                    -- order id, ...
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX bss_subscription_history_idx ON bss_subscription_history (subscription_id, created_at, id);

-- The catalogue of each SPID (`ispcloud catalog import`): one JSON document per offering,
-- components inside (docs/bss.md, "Catalogue document").
CREATE TABLE bss_offerings (
  spid BIGINT NOT NULL,
  id TEXT NOT NULL,
  offering_type TEXT NOT NULL,       -- PRICE_PLAN | ADD_ON | STATE_CHANGE | SIM_CHANGE
  lifecycle_status TEXT NOT NULL,    -- Active | Retired
  position BIGINT NOT NULL,         -- order in the imported document
  body TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (spid, id)
);

-- Product orders (§2.7). body: the order as answered on the wire, without href.
CREATE TABLE bss_product_orders (
  id TEXT PRIMARY KEY,               -- "SOI" + digits
  spid BIGINT NOT NULL,
  account_id TEXT NOT NULL,
  ban TEXT NOT NULL,
  subscription_id TEXT,
  order_type TEXT NOT NULL,
  state TEXT NOT NULL,
  body TEXT NOT NULL,
  correlation_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX bss_product_orders_list_idx ON bss_product_orders (spid, created_at, id);
CREATE INDEX bss_product_orders_ban_idx ON bss_product_orders (spid, ban);

-- The ledger and the histories are append-only (§3.3 item 12): the database refuses changes.
-- PostgreSQL: one trigger function refuses both. SQLSTATE 23514 (check_violation) makes the
-- driver report it as a constraint violation, as SQLite's RAISE(ABORT) is.
CREATE FUNCTION bss_transactions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'bss_transactions rows are immutable' USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER bss_transactions_immutable_update BEFORE UPDATE ON bss_transactions
  FOR EACH ROW EXECUTE FUNCTION bss_transactions_immutable();
CREATE TRIGGER bss_transactions_immutable_delete BEFORE DELETE ON bss_transactions
  FOR EACH ROW EXECUTE FUNCTION bss_transactions_immutable();
