-- The register's page reads ten columns of a hundred cases. Through the
-- index by (region, registered_at, id) each row was then fetched from the
-- table, about sixty table pages per view; every audit commit empties the
-- readers' page caches, so under load those pages were read again for
-- every view. This index holds the register's columns itself, so a page of
-- the register is read from a few index pages (issue 18).
DROP INDEX placement_cases_region_registered;
CREATE INDEX placement_cases_register ON placement_cases(region, registered_at, id, client_id, profile, meerzorg, waiting, phase, deadline, escalated_at);
