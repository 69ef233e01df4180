-- Recruiting: jobs with their stages and hiring team, candidates on the board, and what
-- happened to each (SQLite). Keep in step with ../postgres/0008_recruiting.sql.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES people(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'on_hold', 'closed')),
    -- A Slack-compatible incoming webhook for new candidates (NULL: the organisation's, if any).
    webhook_url TEXT,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX jobs_org ON jobs(org_id, id);

-- Stages in order; `name` is the stage's name in en/ko/ru (JSON).
CREATE TABLE job_stages (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('active', 'hired', 'rejected'))
);
CREATE INDEX job_stages_job ON job_stages(job_id, position);

-- The hiring team: besides recruiters, who may work on the job's board.
CREATE TABLE job_team (
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (job_id, person_id)
);
CREATE INDEX job_team_person ON job_team(person_id);

-- Contacts (phone, email, birth date, address) are sealed; the masked forms are kept beside
-- them so a board of thousands renders without opening any. `search` is the lower-cased name,
-- tags and source.
CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    stage_id INTEGER NOT NULL REFERENCES job_stages(id),
    position REAL NOT NULL,
    full_name TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL,
    sealed_contacts TEXT NOT NULL,
    phone_masked TEXT NOT NULL DEFAULT '',
    email_masked TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_hold', 'closed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX candidates_board ON candidates(job_id, stage_id, position);

-- The candidate's timeline: created, moved (from/to stage), commented.
CREATE TABLE candidate_events (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    kind TEXT NOT NULL,
    from_stage_id INTEGER REFERENCES job_stages(id),
    to_stage_id INTEGER REFERENCES job_stages(id),
    actor_id INTEGER REFERENCES people(id),
    body TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX candidate_events_candidate ON candidate_events(candidate_id, id);
