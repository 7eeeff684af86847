-- How often reading an upload began, and when the instance reading it last
-- said it still lives: a claim whose heartbeat stopped belongs to a process
-- that died, so the upload goes back to the queue (the crash was not the
-- file's fault) until it has been tried a bounded number of times.
ALTER TABLE sleep_uploads ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sleep_uploads ADD COLUMN heartbeat_at TIMESTAMPTZ;
UPDATE sleep_uploads SET attempts = 1 WHERE status = 'bezig';
