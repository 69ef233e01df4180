-- People without an email address (SQLite). Keep in step with ../postgres/0018_phone_sign_in.sql.
--
-- Many contractors have a phone and no email: they are invited by SMS and sign in with their
-- phone number. A person (a membership) needs an email or a phone; a phone number that signs
-- in is unique in its organisation, and an account is found by its email or its phone.
--
-- SQLite cannot drop NOT NULL in place, and a rebuild of `people` cannot run in a migration's
-- transaction (foreign keys cannot be switched off there, and renaming rewrites every table's
-- references). Dropping NOT NULL and adding a CHECK that every row meets leave the stored
-- rows as they are, so the tables' definitions are edited instead: SQLite's documented way
-- for such changes (https://sqlite.org/lang_altertable.html#otheralter). `RESET` makes this
-- connection read the edited definitions at once; the DDL after it changes the schema
-- version, so every other connection reads them too.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(replace(sql, '    email TEXT NOT NULL,', '    email TEXT,'),
    'CONSTRAINT people_org_email_key UNIQUE (org_id, email)',
    'CONSTRAINT people_org_email_key UNIQUE (org_id, email),' || char(10) || '    CHECK (email IS NOT NULL OR phone IS NOT NULL)')
WHERE type = 'table' AND name = 'people';
UPDATE sqlite_master SET sql = replace(sql, '    email TEXT NOT NULL UNIQUE,', '    email TEXT UNIQUE,')
WHERE type = 'table' AND name = 'accounts';
PRAGMA writable_schema = RESET;

-- International form (+821012345678), for accounts that sign in by phone.
ALTER TABLE accounts ADD COLUMN phone TEXT;
CREATE UNIQUE INDEX accounts_phone ON accounts(phone);
CREATE UNIQUE INDEX people_org_phone ON people(org_id, phone) WHERE email IS NULL;

-- Whose message an outbox row is (invitations, reminders): what became of a person's
-- invitation is shown with them, a failed delivery included.
ALTER TABLE outbox ADD COLUMN person_id INTEGER REFERENCES people(id);
CREATE INDEX outbox_person ON outbox(person_id) WHERE person_id IS NOT NULL;
