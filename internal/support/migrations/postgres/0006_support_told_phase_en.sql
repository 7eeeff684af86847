-- Issue 15. The phase last told in English too, so the supporter who
-- reads the inbox in English reads the old and the new phase in English
-- ('' for phases recorded before: the message then names the Dutch one).
ALTER TABLE support_referrals ADD COLUMN told_phase_en TEXT NOT NULL DEFAULT '';
