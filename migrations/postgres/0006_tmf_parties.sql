-- 0006_tmf_parties: TM Forum resources (TMF629 Customer, TMF632 Individual and Organization).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md). One row per resource; the body is the JSON document of
-- the TMF version that last wrote it (schema_version 4 or 5), without id and href (href depends
-- on the mount a request arrives through). Every resource belongs to one service provider
-- (spid, canonical decimal text). References to other parties stay inside the body as given.

CREATE TABLE tmf_resources (
  id TEXT PRIMARY KEY,
  resource_type TEXT NOT NULL,      -- customer | individual | organization
  spid TEXT NOT NULL,
  schema_version BIGINT NOT NULL,  -- 4 | 5
  revision BIGINT NOT NULL,        -- 1 on create, +1 on every change
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  body TEXT NOT NULL                -- JSON object
);

-- Lists: one SPID and type, newest first.
CREATE INDEX tmf_resources_list_idx ON tmf_resources (spid, resource_type, created_at, id);
