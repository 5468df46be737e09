-- 0007_plume_login_tokens: opaque access tokens of the legacy Plume login (PLUME-API.md §3.4).
--
-- Only the SHA-256 of a token is stored, so a copy of the database cannot be replayed as
-- credentials. A token belongs to either a customer or an operator user (users table); it is
-- valid until expires_at and while its owner exists (customer) or is enabled (user). Logout
-- deletes the row.

CREATE TABLE plume_login_tokens (
  token_hash TEXT PRIMARY KEY,   -- lower-case hex SHA-256 of the token
  customer_id TEXT,              -- no foreign key: a deleted customer's tokens just stop working
  user_id TEXT REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  CHECK ((customer_id IS NULL) <> (user_id IS NULL))
);

CREATE INDEX plume_login_tokens_expiry_idx ON plume_login_tokens (expires_at);
