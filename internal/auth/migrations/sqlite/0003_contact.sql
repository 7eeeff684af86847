-- An account's work phone number (issue 11): a provider deciding on a
-- proposal calls the care office's contact, a client calls their vaste
-- contactpersoon. Written as NormalizePhone gives it; '' for none.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
