-- Company documents to read and sign (SQLite). Keep in step with ../postgres/0004_documents.sql.
-- `audience` is JSON: {"all": bool, "legal_entity_ids": [..], "department_ids": [..], "roles": [..]}.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('regulation', 'policy', 'order')),
    audience TEXT NOT NULL,
    current_version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES people(id),
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX documents_org ON documents(org_id, id);

-- Every published text; a signature binds to one version and its SHA-256.
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    number INTEGER NOT NULL,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    published_by INTEGER REFERENCES people(id),
    published_at INTEGER NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    document_version_id INTEGER NOT NULL REFERENCES document_versions(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    sha256 TEXT NOT NULL,
    client_addr TEXT,
    signed_at INTEGER NOT NULL,
    UNIQUE (document_version_id, person_id)
);
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
