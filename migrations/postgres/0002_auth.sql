-- 0002_auth: the token server's realms, clients, users and signing keys.
--
-- Realm "default" holds the Plume partner clients (Okta-style endpoint /oauth2/default); other
-- realms are Keycloak-style (/realms/{realm}). Secrets and passwords are Argon2id hashes
-- (libsodium crypto_pwhash_str). JSON columns hold arrays/objects as text.

CREATE TABLE realms (
  name TEXT PRIMARY KEY,
  audience TEXT NOT NULL,
  token_lifespan_seconds BIGINT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE oauth_clients (
  client_id TEXT PRIMARY KEY,
  realm TEXT NOT NULL REFERENCES realms(name),
  secret_hash TEXT NOT NULL,
  partner_id TEXT REFERENCES partners(id),
  scope TEXT NOT NULL,                 -- default scopes, space-separated
  service_account_roles TEXT NOT NULL, -- JSON array
  ttl_seconds BIGINT NOT NULL,
  public_client BIGINT NOT NULL DEFAULT 0, -- password grant without a secret (Keycloak public)
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE INDEX oauth_clients_realm_idx ON oauth_clients (realm);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  realm TEXT NOT NULL REFERENCES realms(name),
  username TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,       -- JSON array of realm roles
  attributes TEXT NOT NULL,  -- JSON object: name -> array of strings
  partner_id TEXT REFERENCES partners(id),
  group_ids TEXT NOT NULL,   -- JSON array
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (realm, username)
);

-- Signing keys. A key signs while it is the newest; after rotation it is kept (published in
-- the JWKS, accepted for verification) until every token it signed has expired.
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  private_key TEXT NOT NULL,       -- PKCS#8 PEM, or "enc:v1:..." when encrypted
  created_at TEXT NOT NULL,
  retired_at TEXT,                 -- stopped signing
  verify_until TEXT                -- dropped from the JWKS after this
);
