-- Invitation events held a sentence of stored values ("coffee_chat · place · 2026-12-07T15:00,
-- …"); they now hold what was sent as JSON ({"kind", "place", "slots"}), put into words when
-- read (SQLite). Places never hold " · " (the old sentence could not have been read back
-- otherwise). Keep in step with ../postgres/0013_invitation_events.sql.
UPDATE candidate_events SET body = json_object(
    'kind', substr(body, 1, instr(body, ' · ') - 1),
    'place', substr(substr(body, instr(body, ' · ') + 3), 1, instr(substr(body, instr(body, ' · ') + 3), ' · ') - 1),
    'slots', json('["' || replace(substr(substr(body, instr(body, ' · ') + 3), instr(substr(body, instr(body, ' · ') + 3), ' · ') + 3), ', ', '","') || '"]')
)
WHERE kind = 'invitation' AND body NOT LIKE '{%';
