-- A request type's rules run once per rule and move of a request (the request's version);
-- the rule's name as it was, and which branch it took. Keep in step with ../postgres/0026_request_rules.sql.
CREATE TABLE request_rule_runs (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    version INTEGER NOT NULL,
    rule_index INTEGER NOT NULL,
    rule_name TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, version, rule_index)
);
