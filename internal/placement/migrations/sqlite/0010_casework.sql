-- The case can be worked on (issue 11): every change of a field is history
-- (who, when, old → new, never rewritten), notes carry their author and
-- time, the regional table asks an expertise centre or the CCE for a
-- consult and records its answer, and a follow-up records how the client
-- is doing in words and what relatives and staff see.
CREATE TABLE placement_case_changes (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES placement_cases(id),
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT '',
    at         TIMESTAMP NOT NULL,
    by_user    INTEGER NOT NULL DEFAULT 0,
    by_name    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX placement_case_changes_case ON placement_case_changes(case_id, id);

CREATE TABLE placement_notes (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES placement_cases(id),
    body      TEXT NOT NULL,
    at        TIMESTAMP NOT NULL,
    by_user   INTEGER NOT NULL DEFAULT 0,
    by_name   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX placement_notes_case ON placement_notes(case_id, id);

CREATE TABLE placement_consults (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES placement_cases(id),
    consultant    TEXT NOT NULL,
    centre        TEXT NOT NULL DEFAULT '',
    question      TEXT NOT NULL,
    asked_at      TIMESTAMP NOT NULL,
    asked_by      INTEGER NOT NULL DEFAULT 0,
    asked_by_name TEXT NOT NULL DEFAULT '',
    answer        TEXT NOT NULL DEFAULT '',
    answered_at   TIMESTAMP,
    answered_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX placement_consults_case ON placement_consults(case_id, id);

ALTER TABLE placement_followups ADD COLUMN wellbeing TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_followups ADD COLUMN views_relatives TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_followups ADD COLUMN views_staff TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_followups ADD COLUMN by_name TEXT NOT NULL DEFAULT '';
