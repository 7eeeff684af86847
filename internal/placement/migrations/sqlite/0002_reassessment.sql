-- A decline can send a case back to the register until its indication is
-- reassessed (herindicatie): reassess_since marks the wait, and the batch
-- and proposals leave the case alone until a reassessment is recorded.
-- waiting_before keeps the waiting status a decline replaced, so that the
-- regional table can restore it when it upholds the client's objection;
-- objectable_reason names the decline whose consequence the client may
-- object to (DeclineReason; '' = none).
ALTER TABLE placement_cases ADD COLUMN reassess_since TIMESTAMP;
ALTER TABLE placement_cases ADD COLUMN waiting_before TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_cases ADD COLUMN objectable_reason TEXT NOT NULL DEFAULT '';

-- Every reassessment is history: the profile before and after, who, when, why.
CREATE TABLE placement_reassessments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES placement_cases(id),
    old_profile  TEXT NOT NULL,
    new_profile  TEXT NOT NULL,
    meerzorg     BOOLEAN NOT NULL DEFAULT FALSE,
    wzd          TEXT NOT NULL DEFAULT 'geen',
    note         TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMP NOT NULL,
    by_user      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX placement_reassessments_case ON placement_reassessments(case_id, id);
