-- Announcements and to-dos from HR to groups (SQLite). Keep in step with ../postgres/0006_announcements.sql.
CREATE TABLE announcements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL CHECK (kind IN ('announcement', 'todo')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    audience TEXT NOT NULL,
    due_on TEXT,
    created_by INTEGER REFERENCES people(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX announcements_org ON announcements(org_id, id);

CREATE TABLE todo_done (
    announcement_id INTEGER NOT NULL REFERENCES announcements(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    done_at INTEGER NOT NULL,
    PRIMARY KEY (announcement_id, person_id)
);
