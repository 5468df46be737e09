-- 0008_event_outbox: event hub subscriptions and the transactional outbox.
--
-- A state change that publishes an event inserts one outbox_events row in its own transaction,
-- and in the same statement one outbox_deliveries row per matching subscription (same topic and
-- tenant). A background dispatcher claims due deliveries with a lease, POSTs them to the
-- subscriber and marks them delivered, or schedules a retry with exponential back-off. Nothing
-- is lost on a crash: an unacknowledged delivery is retried after its lease ends (at least once).

CREATE TABLE hub_subscriptions (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,       -- e.g. "tmf629.customer"
  tenant TEXT NOT NULL,      -- SPID or partner id the subscriber may see
  callback TEXT NOT NULL,    -- absolute http(s) URL
  query TEXT NOT NULL,       -- TMF hub query, "" = every event of the topic
  created_at TEXT NOT NULL
);

CREATE INDEX hub_subscriptions_topic_idx ON hub_subscriptions (topic, tenant);

CREATE TABLE outbox_events (
  id TEXT PRIMARY KEY,       -- the eventId sent to subscribers
  topic TEXT NOT NULL,
  tenant TEXT NOT NULL,
  event_type TEXT NOT NULL,  -- e.g. "CustomerCreateEvent"
  listener_path TEXT NOT NULL, -- appended to the callback, e.g. "/listener/customerCreateEvent"
  payload TEXT NOT NULL,     -- the JSON body delivered
  created_at TEXT NOT NULL
);

CREATE TABLE outbox_deliveries (
  event_id TEXT NOT NULL REFERENCES outbox_events(id),
  subscription_id TEXT NOT NULL,  -- no foreign key: deleting a subscription stops its retries
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,               -- claimed by a dispatcher until then
  delivered_at TEXT,
  failed_at TEXT,                 -- gave up after the last attempt
  last_error TEXT,
  PRIMARY KEY (event_id, subscription_id)
);

CREATE INDEX outbox_deliveries_due_idx ON outbox_deliveries (next_attempt_at)
  WHERE delivered_at IS NULL AND failed_at IS NULL;
