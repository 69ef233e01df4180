-- Outgoing webhooks: an administrator subscribes an address to event types. Secrets are
-- sealed like personal data (`whsec_…`); during a rotation the previous one also signs until
-- `previous_until`. Keep in step with ../postgres/0028_webhooks.sql.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    events TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    previous_sealed TEXT,
    previous_until INTEGER,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_at INTEGER,
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints(org_id, status);

-- A delivery to an endpoint is an outbox row (channel 'endpoint'): the message id the receiver
-- deduplicates on stays the same across retries and redeliveries.
ALTER TABLE outbox ADD COLUMN endpoint_id INTEGER REFERENCES webhook_endpoints(id);
ALTER TABLE outbox ADD COLUMN message_id TEXT;

-- Every attempt at a delivery: the answer's status, how long it took, the answer's start.
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id),
    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
    message_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status_code INTEGER,
    latency_ms INTEGER NOT NULL,
    response TEXT NOT NULL,
    delivered INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts(endpoint_id, id);
