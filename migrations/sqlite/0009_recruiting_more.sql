-- Recruiting, second part: team-chat webhooks per organisation, invitations, rejections and
-- scorecards (SQLite). Keep in step with ../postgres/0009_recruiting_more.sql.

-- The organisation's team-chat webhook, for jobs without their own.
ALTER TABLE organisations ADD COLUMN chat_webhook_url TEXT;

-- Coffee chats and interviews: proposed times and a place, answered by the candidate from a
-- link that needs no account (only the token's hash is kept).
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    kind TEXT NOT NULL CHECK (kind IN ('coffee_chat', 'interview')),
    place TEXT NOT NULL,
    slots TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'declined', 'cancelled')),
    chosen_slot TEXT,
    counter_proposal TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX invitations_candidate ON invitations(candidate_id, id);

-- Why a candidate was rejected (a reason key; NULL while not rejected).
ALTER TABLE candidates ADD COLUMN rejection_reason TEXT;
CREATE INDEX candidates_org_status ON candidates(org_id, status, id);

-- One scorecard per evaluator and candidate: criteria rated 1–5 (JSON) and an overall 0–100.
CREATE TABLE scorecards (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    evaluator_id INTEGER NOT NULL REFERENCES people(id),
    ratings TEXT NOT NULL,
    overall INTEGER NOT NULL CHECK (overall BETWEEN 0 AND 100),
    note TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    UNIQUE (candidate_id, evaluator_id)
);

-- A candidate's résumé is an upload kept as an attachment of the candidate; the latest one is
-- shown.
ALTER TABLE files ADD COLUMN candidate_id INTEGER REFERENCES candidates(id);

-- A job's own candidate fields (JSON list of key, label, kind, choices) and each candidate's
-- values of them (JSON object by key).
ALTER TABLE jobs ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';

-- A stage removed from its board by the job's settings; kept, since timelines name it.
ALTER TABLE job_stages ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
