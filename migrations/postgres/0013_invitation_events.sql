-- Invitation events held a sentence of stored values ("coffee_chat · place · 2026-12-07T15:00,
-- …"); they now hold what was sent as JSON ({"kind", "place", "slots"}), put into words when
-- read (PostgreSQL). Places never hold " · " (the old sentence could not have been read back
-- otherwise). Keep in step with ../sqlite/0013_invitation_events.sql.
UPDATE candidate_events SET body = json_build_object(
    'kind', split_part(body, ' · ', 1),
    'place', split_part(body, ' · ', 2),
    'slots', to_json(string_to_array(split_part(body, ' · ', 3), ', '))
)::text
WHERE kind = 'invitation' AND body NOT LIKE '{%';
