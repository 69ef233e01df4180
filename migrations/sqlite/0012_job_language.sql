-- The language a job writes to its candidates in (invitations, rejections): the language of
-- its posting. NULL: the organisation's default language (SQLite). Keep in step with
-- ../postgres/0012_job_language.sql.
ALTER TABLE jobs ADD COLUMN language TEXT CHECK (language IN ('en', 'ko', 'ru'));
