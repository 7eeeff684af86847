-- The register lists a region's cases in order of registration, one page
-- at a time: with this index the database walks them in that order and
-- stops after the page instead of sorting the whole region per view.
CREATE INDEX placement_cases_region_registered ON placement_cases(region, registered_at, id);
