-- Outgoing webhooks: an administrator subscribes an address to event types. Secrets are
-- sealed like personal data (`whsec_…`); during a rotation the previous one also signs until
-- `previous_until`. Keep in step with ../sqlite/0028_webhooks.sql.
CREATE TABLE webhook_endpoints (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    events TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    previous_sealed TEXT,
    previous_until BIGINT,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints(org_id, status);

-- A delivery to an endpoint is an outbox row (channel 'endpoint'): the message id the receiver
-- deduplicates on stays the same across retries and redeliveries.
ALTER TABLE outbox ADD COLUMN endpoint_id BIGINT REFERENCES webhook_endpoints(id);
ALTER TABLE outbox ADD COLUMN message_id TEXT;

-- Every attempt at a delivery: the answer's status, how long it took, the answer's start.
CREATE TABLE webhook_attempts (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id),
    outbox_id BIGINT NOT NULL REFERENCES outbox(id),
    message_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    status_code BIGINT,
    latency_ms BIGINT NOT NULL,
    response TEXT NOT NULL,
    delivered BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts(endpoint_id, id);
