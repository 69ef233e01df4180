-- Where imports come from (SQLite). Keep in step with ../postgres/0020_import_sources.sql.
--
-- A source is a payroll system's export as an organisation reads it: preset, options and the
-- columns mapped by hand (JSON: shared::import::report::Options), and optionally a folder
-- (under the server's STAFFPORT_IMPORT_ROOT) that system drops its nightly export in, read
-- once a day after `daily_at` (HH:MM, UTC until organisations have time zones).
CREATE TABLE import_sources (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    options TEXT NOT NULL,
    on_errors TEXT NOT NULL CHECK (on_errors IN ('skip', 'refuse')),
    folder TEXT,
    daily_at TEXT,
    -- The day (YYYY-MM-DD) the folder was last read: once a day.
    last_read_on TEXT,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, name)
);
ALTER TABLE import_runs ADD COLUMN source_id INTEGER REFERENCES import_sources(id);
