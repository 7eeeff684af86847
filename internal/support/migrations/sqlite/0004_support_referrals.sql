-- A family's referral to the care office's register when it needs a
-- place (the placement module): the register's reference the supporter
-- and the family see, what was asked, and whether the client already had
-- a search underway (then the register kept its own case).
CREATE TABLE support_referrals (
    id             INTEGER PRIMARY KEY,
    family_id      INTEGER NOT NULL REFERENCES support_families(id),
    ref            TEXT NOT NULL,
    profile        TEXT NOT NULL,
    urgent         BOOLEAN NOT NULL DEFAULT FALSE,
    dossierhouder  TEXT NOT NULL,
    reason         TEXT NOT NULL,
    existing       BOOLEAN NOT NULL DEFAULT FALSE,
    referred_by    INTEGER REFERENCES users(id),
    referred_at    TIMESTAMP NOT NULL
);
CREATE INDEX support_referrals_family ON support_referrals(family_id);
