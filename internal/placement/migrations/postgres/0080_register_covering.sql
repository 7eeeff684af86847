-- The register's page reads ten columns of a hundred cases: this index
-- carries them, so a page of the register can be an index-only scan
-- instead of a hundred table fetches (issue 18; see the SQLite migration).
DROP INDEX placement_cases_region_registered;
CREATE INDEX placement_cases_register ON placement_cases(region, registered_at, id) INCLUDE (client_id, profile, meerzorg, waiting, phase, deadline, escalated_at);
