-- Opening leave balances from a payroll import (PostgreSQL). Keep in step with ../sqlite/0021_leave_openings.sql.
-- What the payroll system said a person's balance was on a day. The ledger holds the line
-- (reason `opening`) that makes Staffport's balance match; this keeps what the file said, so
-- the same file again changes nothing.
CREATE TABLE leave_openings (
    person_id BIGINT PRIMARY KEY REFERENCES people(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    on_date TEXT NOT NULL,
    hundredths BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
