-- An organisation's time zone (an IANA name: what "today" and a daily time mean for it) and the
-- version of its settings (SQLite). Keep in step with ../postgres/0022_org_settings.sql.
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE organisations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
