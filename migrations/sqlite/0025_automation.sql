-- A job's automation rules and their runs (SQLite). Keep in step with ../postgres/0025_automation.sql.
-- A rule (JSON: shared::recruiting::automation::Rule) keeps its id while edited in place.
CREATE TABLE automation_rules (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    position INTEGER NOT NULL,
    rule TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX automation_rules_job ON automation_rules(job_id, position);
-- One run per rule and event (the timeline line that started it): a retry or a second node
-- finds it run. The rule's name is kept as it was, for the log.
CREATE TABLE automation_runs (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    rule_id INTEGER NOT NULL,
    rule_name TEXT NOT NULL,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    event_id INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no', 'looped')),
    created_at INTEGER NOT NULL,
    UNIQUE (rule_id, event_id)
);
CREATE INDEX automation_runs_job ON automation_runs(job_id, id);
