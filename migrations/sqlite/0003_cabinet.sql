-- The employee cabinet: line managers, protected personal data, requests, leave (SQLite).
-- Keep in step with ../postgres/0003_cabinet.sql.
ALTER TABLE people ADD COLUMN manager_id INTEGER REFERENCES people(id);
-- NULL: the usual policy of the legal entity's country.
ALTER TABLE legal_entities ADD COLUMN leave_policy TEXT;

-- Resident, passport and tax numbers and bank details: one JSON object sealed with
-- XChaCha20-Poly1305 under a key that is never in the database (`key_id` names it).
CREATE TABLE person_secrets (
    person_id INTEGER PRIMARY KEY REFERENCES people(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    sealed TEXT NOT NULL,
    key_id TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- The request catalogue: form fields and approval chain as JSON, defined by administrators.
CREATE TABLE request_types (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    code TEXT NOT NULL,
    definition TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, code)
);

-- A request's answers are sealed like personal data: they can hold bank accounts and dates of birth.
CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    type_id INTEGER NOT NULL REFERENCES request_types(id),
    requester_id INTEGER NOT NULL REFERENCES people(id),
    sealed_data TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected')),
    step INTEGER NOT NULL DEFAULT 0,
    submitted_at INTEGER,
    approved_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX requests_requester ON requests(requester_id, id);
CREATE INDEX requests_waiting ON requests(org_id, status, step);

-- Leave taken or adjusted (grants are computed from the policy and the hire date).
CREATE TABLE leave_ledger (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    on_date TEXT NOT NULL,
    hundredths INTEGER NOT NULL,
    reason TEXT NOT NULL,
    request_id INTEGER REFERENCES requests(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX leave_ledger_person ON leave_ledger(person_id, on_date);

-- Who is away when, for the team calendar.
CREATE TABLE absences (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    request_id INTEGER REFERENCES requests(id),
    created_at INTEGER NOT NULL
);
-- A month's calendar reads absences ending on or after its first day: the recent and planned ones.
CREATE INDEX absences_org_ends ON absences(org_id, ends_on);
CREATE INDEX absences_person ON absences(person_id, starts_on);
CREATE INDEX people_manager ON people(manager_id);
