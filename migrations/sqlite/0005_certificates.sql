-- Certificates issued from approved requests (SQLite). Keep in step with ../postgres/0005_certificates.sql.
-- `number` is printed on the document and checked on the public verification page.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    request_id INTEGER REFERENCES requests(id),
    kind TEXT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    pdf BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    issued_at INTEGER NOT NULL
);
CREATE INDEX certificates_person ON certificates(person_id, id);
