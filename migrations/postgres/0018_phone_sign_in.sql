-- People without an email address (PostgreSQL). Keep in step with ../sqlite/0018_phone_sign_in.sql.
--
-- Many contractors have a phone and no email: they are invited by SMS and sign in with their
-- phone number. A person (a membership) needs an email or a phone; a phone number that signs
-- in is unique in its organisation, and an account is found by its email or its phone.
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
-- International form (+821012345678), for accounts that sign in by phone.
ALTER TABLE accounts ADD COLUMN phone TEXT;
CREATE UNIQUE INDEX accounts_phone ON accounts(phone);
ALTER TABLE accounts ADD CONSTRAINT accounts_identity CHECK (email IS NOT NULL OR phone IS NOT NULL);
ALTER TABLE people ALTER COLUMN email DROP NOT NULL;
ALTER TABLE people ADD CONSTRAINT people_reachable CHECK (email IS NOT NULL OR phone IS NOT NULL);
CREATE UNIQUE INDEX people_org_phone ON people(org_id, phone) WHERE email IS NULL;

-- Whose message an outbox row is (invitations, reminders): what became of a person's
-- invitation is shown with them, a failed delivery included.
ALTER TABLE outbox ADD COLUMN person_id BIGINT REFERENCES people(id);
CREATE INDEX outbox_person ON outbox(person_id) WHERE person_id IS NOT NULL;
