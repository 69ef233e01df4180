-- Notifications are stored as a kind and its parameters (JSON), put into words when read in
-- the reader's language (SQLite). Keep in step with ../postgres/0011_notice_kinds.sql.
--
-- Rows written before hold a finished sentence in the language of that day: they become the
-- kind `legacy` with that sentence as their one parameter, shown as written.
CREATE TABLE notifications_by_kind (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    link TEXT,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
INSERT INTO notifications_by_kind (id, org_id, person_id, kind, params, link, created_at, read_at)
    SELECT id, org_id, person_id, 'legacy', json_object('text', body), link, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_by_kind RENAME TO notifications;
CREATE INDEX notifications_person ON notifications(person_id, read_at);
