-- The eligibility check of a family for its pilot, recorded with the
-- decision: which of the pilot's criteria were met (comma-separated
-- codes), admitted or not, and why.
CREATE TABLE support_eligibility (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL REFERENCES support_families(id),
    pilot        TEXT NOT NULL,
    criteria     TEXT NOT NULL,
    decision     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    decided_at   TIMESTAMP NOT NULL,
    decided_by   INTEGER REFERENCES users(id)
);
CREATE INDEX support_eligibility_family ON support_eligibility(family_id);
