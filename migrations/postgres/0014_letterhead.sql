-- What a legal entity's certificates show besides its name and registration number: its
-- address, who signs, and the seal (a PNG, kept with the entity rather than as an upload).
-- Keep in step with ../sqlite/0014_letterhead.sql.
ALTER TABLE legal_entities ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE legal_entities ADD COLUMN signer_title TEXT NOT NULL DEFAULT '';
ALTER TABLE legal_entities ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE legal_entities ADD COLUMN seal_png BYTEA;
