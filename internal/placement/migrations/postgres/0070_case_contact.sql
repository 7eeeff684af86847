-- The vaste contactpersoon of a case (issue 11): a care-office account of
-- the case's region, chosen by name on the person page or in an import,
-- changed with history like the other case fields. NULL = none (the pages
-- then name the region's care office). Until now the contact was the
-- account that registered the case when that was a care-office account;
-- those cases keep that person. Like created_by, the column holds an
-- account id without a foreign key; the service checks the account
-- (RegionStaff) when it is chosen.
ALTER TABLE placement_cases ADD COLUMN contact_user_id INTEGER;
UPDATE placement_cases SET contact_user_id = created_by
  WHERE created_by IN (SELECT id FROM users WHERE role = 'zorgkantoor');
