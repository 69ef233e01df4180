-- Notifications are stored as a kind and its parameters (JSON), put into words when read in
-- the reader's language (PostgreSQL). Keep in step with ../sqlite/0011_notice_kinds.sql.
--
-- Rows written before hold a finished sentence in the language of that day: they become the
-- kind `legacy` with that sentence as their one parameter, shown as written.
ALTER TABLE notifications ADD COLUMN kind TEXT, ADD COLUMN params TEXT;
UPDATE notifications SET kind = 'legacy', params = json_build_object('text', body)::text;
ALTER TABLE notifications ALTER COLUMN kind SET NOT NULL, ALTER COLUMN params SET NOT NULL, DROP COLUMN body;
