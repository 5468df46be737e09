-- 0016_outbox_retention: what the outbox needs to forget events.
--
-- `subject` names the entity an event is about (a Plume customer id, a TMF resource id), so that
-- erasing a customer can also erase events that carry a secret for it. The created_at index
-- lets the dispatcher prune events whose deliveries are all finished once they are older than
-- the retention period.

ALTER TABLE outbox_events ADD COLUMN subject TEXT NOT NULL DEFAULT '';

CREATE INDEX outbox_events_created_idx ON outbox_events (created_at);
CREATE INDEX outbox_events_subject_idx ON outbox_events (tenant, subject);
