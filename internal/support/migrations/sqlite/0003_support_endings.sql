-- The end of a family's support: the day it ended, why (a reason code
-- from the module's list, with a note), and who ended it (the supporter or
-- the family) and when that was recorded. One row per family file; the
-- file keeps its ended_on for the lists and the figures.
CREATE TABLE support_endings (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL UNIQUE REFERENCES support_families(id),
    ended_on     TIMESTAMP NOT NULL,
    reason       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    ended_by     INTEGER REFERENCES users(id),
    recorded_at  TIMESTAMP NOT NULL
);
