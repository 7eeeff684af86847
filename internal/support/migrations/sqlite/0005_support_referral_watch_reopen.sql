-- Issue 15. told_phase is the register phase the supporter was last told
-- of for a referral ('' = not looked at yet): the watch job compares it
-- with the register and sends the supporter a message when it changed.
ALTER TABLE support_referrals ADD COLUMN told_phase TEXT NOT NULL DEFAULT '';

-- An ending undone: the end that was recorded (day, reason, note, who)
-- and why the support was reopened, by whom and when. The ending's row
-- is removed so the file runs again; this keeps its history.
CREATE TABLE support_reopenings (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL REFERENCES support_families(id),
    ended_on     TIMESTAMP NOT NULL,
    end_reason   TEXT NOT NULL,
    end_note     TEXT NOT NULL DEFAULT '',
    ended_by     INTEGER REFERENCES users(id),
    reason       TEXT NOT NULL,
    reopened_by  INTEGER REFERENCES users(id),
    reopened_at  TIMESTAMP NOT NULL
);
CREATE INDEX support_reopenings_family ON support_reopenings(family_id);
