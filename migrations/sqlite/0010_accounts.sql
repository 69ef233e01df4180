-- One sign-in identity per email address, with memberships in any number of organisations
-- (SQLite). Keep in step with ../postgres/0010_accounts.sql.
--
-- A person (a row of `people`) is a membership: their record in one organisation. The
-- password belongs to the account, so a contractor working for two providers signs in once,
-- chooses the organisation, and a reset reaches the one account. A membership is linked to its
-- account when its invitation is accepted.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    -- The organisation the person last worked in: where sign-in takes them.
    last_org_id INTEGER REFERENCES organisations(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

ALTER TABLE people ADD COLUMN account_id INTEGER REFERENCES accounts(id);
CREATE INDEX people_account ON people(account_id);

-- Every address with a password becomes an account. Where one address had passwords in
-- several organisations, the one set last is kept (its owner signs in with it, or resets it).
INSERT INTO accounts (email, password_hash, created_at, updated_at)
SELECT p.email, p.password_hash, p.created_at, p.updated_at FROM people p
WHERE p.password_hash IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM people q WHERE q.email = p.email AND q.password_hash IS NOT NULL
    AND (q.updated_at > p.updated_at OR (q.updated_at = p.updated_at AND q.id > p.id))
);
UPDATE people SET account_id = (SELECT a.id FROM accounts a WHERE a.email = people.email) WHERE password_hash IS NOT NULL;

ALTER TABLE people DROP COLUMN password_hash;
