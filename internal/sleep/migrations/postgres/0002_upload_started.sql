-- When processing of an upload began, so an upload left "busy" by an
-- instance that stopped (or a file that crashed its reader) is marked
-- failed after a while instead of being processed again.
ALTER TABLE sleep_uploads ADD COLUMN started_at TIMESTAMPTZ;
