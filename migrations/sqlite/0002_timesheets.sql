-- Timesheets and the general approval machinery (SQLite). Keep in step with ../postgres/0002_timesheets.sql.

-- How a client is billed: period length, submission deadline (days after the period ends),
-- and rate multipliers in permille (1500 = ×1.5).
ALTER TABLE client_companies ADD COLUMN period_kind TEXT NOT NULL DEFAULT 'month' CHECK (period_kind IN ('month', 'half_month'));
ALTER TABLE client_companies ADD COLUMN submit_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE client_companies ADD COLUMN overtime_pm INTEGER NOT NULL DEFAULT 1500;
ALTER TABLE client_companies ADD COLUMN night_pm INTEGER NOT NULL DEFAULT 1500;
ALTER TABLE client_companies ADD COLUMN holiday_pm INTEGER NOT NULL DEFAULT 2000;
ALTER TABLE client_companies ADD COLUMN downtime_pm INTEGER NOT NULL DEFAULT 0;
-- The client manager who approves this site's timesheets (NULL: any manager of the company).
ALTER TABLE client_departments ADD COLUMN manager_id INTEGER REFERENCES people(id);
-- Comma-separated entry codes the placement allows; empty allows all.
ALTER TABLE placements ADD COLUMN allowed_codes TEXT NOT NULL DEFAULT '';

CREATE TABLE holidays (
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    country TEXT NOT NULL,
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (org_id, country, day)
);

-- One placement's period. The per-code totals are kept current as entries change, so summaries
-- add up one row per timesheet instead of every day's entry.
CREATE TABLE timesheets (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    placement_id INTEGER NOT NULL REFERENCES placements(id),
    contractor_id INTEGER NOT NULL REFERENCES people(id),
    legal_entity_id INTEGER NOT NULL REFERENCES legal_entities(id),
    client_company_id INTEGER NOT NULL REFERENCES client_companies(id),
    client_department_id INTEGER NOT NULL REFERENCES client_departments(id),
    foreman_id INTEGER REFERENCES people(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    step INTEGER NOT NULL DEFAULT 0,
    rate_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    work_min INTEGER NOT NULL DEFAULT 0,
    overtime_min INTEGER NOT NULL DEFAULT 0,
    night_min INTEGER NOT NULL DEFAULT 0,
    holiday_min INTEGER NOT NULL DEFAULT 0,
    sick_min INTEGER NOT NULL DEFAULT 0,
    vacation_min INTEGER NOT NULL DEFAULT 0,
    unpaid_min INTEGER NOT NULL DEFAULT 0,
    downtime_min INTEGER NOT NULL DEFAULT 0,
    submitted_at INTEGER,
    approved_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (placement_id, period_start)
);
CREATE INDEX timesheets_org_period ON timesheets(org_id, period_start, status);
CREATE INDEX timesheets_waiting ON timesheets(org_id, status, step, client_company_id);
CREATE INDEX timesheets_contractor ON timesheets(contractor_id, period_start);

CREATE TABLE timesheet_entries (
    timesheet_id INTEGER NOT NULL REFERENCES timesheets(id),
    day TEXT NOT NULL,
    code TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
    note TEXT NOT NULL DEFAULT '',
    entered_by INTEGER REFERENCES people(id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (timesheet_id, day)
);

-- Reminders already sent, one per placement and period.
CREATE TABLE timesheet_reminders (
    placement_id INTEGER NOT NULL REFERENCES placements(id),
    period_start TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (placement_id, period_start)
);

-- Every approval transition of any subject (timesheets now, cabinet requests later). Append-only.
CREATE TABLE approval_transitions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    step INTEGER NOT NULL,
    actor_id INTEGER REFERENCES people(id),
    via TEXT NOT NULL CHECK (via IN ('account', 'link')),
    comment TEXT NOT NULL DEFAULT '',
    day TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX approval_transitions_subject ON approval_transitions(subject_type, subject_id, id);
CREATE TRIGGER approval_transitions_no_update BEFORE UPDATE ON approval_transitions
BEGIN SELECT RAISE(ABORT, 'approval_transitions is append-only'); END;
CREATE TRIGGER approval_transitions_no_delete BEFORE DELETE ON approval_transitions
BEGIN SELECT RAISE(ABORT, 'approval_transitions is append-only'); END;

-- Single-use links that let one person act on one step of one subject without signing in.
CREATE TABLE approval_links (
    token_hash TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    step INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX approval_links_subject ON approval_links(subject_type, subject_id);

-- In-app notifications.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    link TEXT,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_person ON notifications(person_id, read_at);
