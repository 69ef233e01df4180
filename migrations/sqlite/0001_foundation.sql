-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql.
-- Timestamps are Unix seconds (UTC); calendar dates are ISO text (YYYY-MM-DD).
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    default_locale TEXT NOT NULL DEFAULT 'en',
    created_at INTEGER NOT NULL
);

CREATE TABLE legal_entities (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    registration_no TEXT,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, name)
);

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    legal_entity_id INTEGER NOT NULL REFERENCES legal_entities(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (legal_entity_id, name)
);
CREATE INDEX departments_org ON departments(org_id);

CREATE TABLE client_companies (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, name)
);

CREATE TABLE client_departments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    client_company_id INTEGER NOT NULL REFERENCES client_companies(id),
    name TEXT NOT NULL,
    site_address TEXT,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (client_company_id, name)
);
CREATE INDEX client_departments_org ON client_departments(org_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL,
    family_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    -- Unicode-lower-cased name and email, written by the application, for search.
    search_text TEXT NOT NULL,
    phone TEXT,
    position TEXT,
    locale TEXT,
    legal_entity_id INTEGER REFERENCES legal_entities(id),
    department_id INTEGER REFERENCES departments(id),
    client_company_id INTEGER REFERENCES client_companies(id),
    hire_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
    password_hash TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT people_org_email_key UNIQUE (org_id, email)
);
CREATE INDEX people_org_name ON people(org_id, family_name, given_name, id);
CREATE INDEX people_email ON people(email);

CREATE TABLE person_roles (
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'hr_manager', 'employee', 'contractor', 'client_manager', 'foreman', 'recruiter')),
    PRIMARY KEY (person_id, role)
);
CREATE INDEX person_roles_org_role ON person_roles(org_id, role);

CREATE TABLE placements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    contractor_id INTEGER NOT NULL REFERENCES people(id),
    legal_entity_id INTEGER NOT NULL REFERENCES legal_entities(id),
    client_company_id INTEGER NOT NULL REFERENCES client_companies(id),
    client_department_id INTEGER NOT NULL REFERENCES client_departments(id),
    foreman_id INTEGER REFERENCES people(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    rate_minor INTEGER NOT NULL CHECK (rate_minor >= 0),
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX placements_org_client ON placements(org_id, client_company_id);
CREATE INDEX placements_contractor ON placements(contractor_id);
CREATE INDEX placements_foreman ON placements(foreman_id);

-- Server-side sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

-- Single-use links: invitations and password resets. Only the token's hash is stored.
CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX auth_tokens_person ON auth_tokens(person_id);

-- Outgoing messages, sent by a background worker so a slow mail server never blocks a request.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- Append-only: the triggers below refuse every update and delete.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    actor_id INTEGER REFERENCES people(id),
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}',
    client_addr TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_org_time ON audit_log(org_id, created_at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
