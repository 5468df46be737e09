-- 0001_foundation: partners, their groups, and the audit log.
--
-- Written in SQL that PostgreSQL accepts too, except AUTOINCREMENT on audit_log.id: the postgres
-- migration set declares that column as BIGINT GENERATED ALWAYS AS IDENTITY instead.
-- Timestamps are ISO-8601 UTC text with milliseconds (2026-11-23T10:15:30.123Z), which sorts
-- chronologically. Booleans are INTEGER 0/1.

CREATE TABLE partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  locked INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE partner_groups (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  name TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE INDEX partner_groups_partner_id_idx ON partner_groups (partner_id);

-- One row per state change, written in the same transaction as the change.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  tenant TEXT,
  request_id TEXT,
  details TEXT
);

CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
