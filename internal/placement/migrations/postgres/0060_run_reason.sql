-- The batch run's words as codes and numbers (issue 11): why a person got
-- a place, or why not and what would help, stored as JSON (RunReason) so
-- the run's page can say it in the reader's language. why and help keep
-- the Dutch text; a row from before this column has reason '' and is
-- shown with that Dutch text.
ALTER TABLE placement_run_people ADD COLUMN reason TEXT NOT NULL DEFAULT '';
