-- A person's own time zone (an IANA name), when it is not their organisation's (SQLite).
-- Keep in step with ../postgres/0023_person_time_zone.sql.
ALTER TABLE people ADD COLUMN time_zone TEXT;
