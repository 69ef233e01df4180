-- How each person is told (SQLite). Keep in step with ../postgres/0024_notice_channels.sql.
-- A kind's channels are the person's choice (notice_choices), else the organisation's default
-- (notice_defaults), else the catalogue's (shared::notifications::Kind). 0/1 flags; `digest`
-- holds the kind's messages for the daily digest instead of sending each.
CREATE TABLE notice_choices (
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    email INTEGER NOT NULL CHECK (email IN (0, 1)),
    messenger INTEGER NOT NULL CHECK (messenger IN (0, 1)),
    digest INTEGER NOT NULL CHECK (digest IN (0, 1)),
    PRIMARY KEY (person_id, kind)
);
CREATE TABLE notice_defaults (
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    email INTEGER NOT NULL CHECK (email IN (0, 1)),
    messenger INTEGER NOT NULL CHECK (messenger IN (0, 1)),
    digest INTEGER NOT NULL CHECK (digest IN (0, 1)),
    PRIMARY KEY (org_id, kind)
);
-- Quiet hours and the digest's time, in minutes of the person's local day; when the last
-- digest went out (each local day has one, and the next tells what came since).
CREATE TABLE notice_settings (
    person_id INTEGER PRIMARY KEY REFERENCES people(id),
    quiet_from INTEGER CHECK (quiet_from >= 0 AND quiet_from < 1440),
    quiet_to INTEGER CHECK (quiet_to >= 0 AND quiet_to < 1440),
    digest_at INTEGER CHECK (digest_at >= 0 AND digest_at < 1440),
    digest_sent_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL))
);
-- "Remind me": a person's own reminder about something (its kind and id, its name as it was,
-- the page it is on), at an instant, with a note; `fired_at` once it has gone off.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    subject TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    label TEXT NOT NULL,
    link TEXT NOT NULL,
    note TEXT NOT NULL,
    remind_at INTEGER NOT NULL,
    fired_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX reminders_due ON reminders(fired_at, remind_at);
CREATE INDEX reminders_person ON reminders(person_id, fired_at);
-- A messenger message's provider template (code and variables, JSON), for gateways that only
-- send pre-approved templates; the body stays the SMS fallback.
ALTER TABLE outbox ADD COLUMN template TEXT;
-- The version of an organisation's notification defaults (edited apart from its settings).
ALTER TABLE organisations ADD COLUMN notice_defaults_version INTEGER NOT NULL DEFAULT 1;
-- A request's overdue step, told once per level: 1 its approvers reminded at the due time, 2
-- escalated when it has waited as long again. `version` is the request's: each move starts anew.
CREATE TABLE request_escalations (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    version INTEGER NOT NULL,
    level INTEGER NOT NULL CHECK (level IN (1, 2)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, version, level)
);
