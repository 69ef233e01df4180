-- People from payroll systems (SQLite). Keep in step with ../postgres/0017_import.sql.
--
-- A payroll system knows a person by their personnel number within a legal entity; an import
-- matches on it. Patronymics (Russia) and dismissal dates come with the person: a dismissal
-- date deactivates the person on that day (a scheduled job), not when the file is read.
ALTER TABLE people ADD COLUMN personnel_no TEXT;
ALTER TABLE people ADD COLUMN patronymic TEXT;
ALTER TABLE people ADD COLUMN dismissal_date TEXT;
CREATE UNIQUE INDEX people_personnel_no ON people(org_id, legal_entity_id, personnel_no);
CREATE INDEX people_dismissal ON people(dismissal_date) WHERE dismissal_date IS NOT NULL;

-- One import of a file: its dry run, then (maybe) its application. The file itself is kept
-- sealed (it carries resident numbers and bank accounts) until it has been applied.
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    -- NULL: the command line or a watched folder.
    started_by INTEGER REFERENCES people(id),
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    content_sealed TEXT,
    -- JSON: shared::import::report::Options, the columns as read, Counts, the ReportRow list.
    options TEXT NOT NULL,
    columns TEXT NOT NULL,
    counts TEXT NOT NULL,
    report TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('dry_run', 'applying', 'applied', 'failed')),
    rows_total INTEGER NOT NULL,
    rows_done INTEGER NOT NULL DEFAULT 0,
    -- Written with every batch while applying: a run whose heartbeat stopped was interrupted.
    heartbeat_at INTEGER,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX import_runs_org ON import_runs(org_id, created_at);

-- The organisation's own codes for each kind of time in hours exported to a payroll system
-- (JSON: [[staffport code, the system's code], …]); without a row, the system's usual codes.
CREATE TABLE payroll_codes (
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    system TEXT NOT NULL CHECK (system IN ('1c_zup', 'douzone')),
    codes TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, system)
);
