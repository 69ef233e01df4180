-- A request type's rules run once per rule and move of a request (the request's version);
-- the rule's name as it was, and which branch it took. Keep in step with ../sqlite/0026_request_rules.sql.
CREATE TABLE request_rule_runs (
    request_id BIGINT NOT NULL REFERENCES requests(id),
    version BIGINT NOT NULL,
    rule_index BIGINT NOT NULL,
    rule_name TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, version, rule_index)
);
