-- REST API tokens: only the SHA-256 of the secret is kept, with its first characters to
-- recognise it in lists. A personal token acts as `person_id`; a service token acts with
-- `role`, made (and answered for) by `person_id`. Keep in step with ../sqlite/0027_api.sql.
CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL CHECK (kind IN ('personal', 'service')),
    person_id BIGINT NOT NULL REFERENCES people(id),
    role TEXT CHECK ((kind = 'service') = (role IS NOT NULL)),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT,
    last_used_addr TEXT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_org ON api_tokens(org_id, kind, person_id);

-- A POST with an Idempotency-Key: the first answer is kept for a day and replayed to a retry
-- of the same request (status 0 while the first is still being handled).
CREATE TABLE api_idempotency (
    token_id BIGINT NOT NULL REFERENCES api_tokens(id),
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (token_id, key)
);

-- The API lists people changed since a time (`updated_since`), in id order.
CREATE INDEX people_org_updated ON people(org_id, updated_at);
