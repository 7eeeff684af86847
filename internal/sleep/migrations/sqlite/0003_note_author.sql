-- The name of who wrote a note, as it was when they wrote it: the ward
-- page shows every note with its author, and the module reads no
-- platform table for it.
ALTER TABLE sleep_notes ADD COLUMN created_by_name TEXT NOT NULL DEFAULT '';
