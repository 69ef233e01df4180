-- Parallel approvers, uploaded files and profile photos (SQLite).
-- Keep in step with ../postgres/0007_cabinet_more.sql.

-- Which of the waiting step's parallel approvers have approved: bit i for slot i.
ALTER TABLE requests ADD COLUMN step_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE timesheets ADD COLUMN step_done INTEGER NOT NULL DEFAULT 0;

-- The definition a request was filed under: an administrator's later edit of its type (a step
-- added or removed) does not move requests already on their way.
ALTER TABLE requests ADD COLUMN definition TEXT;

-- Uploaded files (request attachments, profile photos). The bytes are sealed like personal data:
-- a scanned passport or a medical certificate is personal data.
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    owner_id INTEGER NOT NULL REFERENCES people(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('attachment', 'photo')),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    sealed TEXT NOT NULL,
    -- Set when a submitted request refers to the file: then the request's readers may open it.
    request_id INTEGER REFERENCES requests(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX files_owner ON files(owner_id, id);
CREATE INDEX files_request ON files(request_id);

ALTER TABLE people ADD COLUMN photo_file_id INTEGER REFERENCES files(id);
