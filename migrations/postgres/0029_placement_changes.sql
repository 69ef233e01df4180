-- When a placement last changed, for the REST API's incremental sync (`updated_since`).
-- Keep in step with ../sqlite/0029_placement_changes.sql.
ALTER TABLE placements ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE placements SET updated_at = created_at;
CREATE INDEX placements_org_updated ON placements(org_id, updated_at);
