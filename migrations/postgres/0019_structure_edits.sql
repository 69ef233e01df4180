-- Units are archived, never deleted (PostgreSQL). Keep in step with ../sqlite/0019_structure_edits.sql.
-- An archived unit keeps its people, placements and history, and is no longer offered for new ones.
ALTER TABLE legal_entities ADD COLUMN archived_at BIGINT;
ALTER TABLE departments ADD COLUMN archived_at BIGINT;
ALTER TABLE client_companies ADD COLUMN archived_at BIGINT;
ALTER TABLE client_departments ADD COLUMN archived_at BIGINT;
