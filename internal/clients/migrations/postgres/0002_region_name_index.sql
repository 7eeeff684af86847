-- Issue 18: the care office's client list is a region's clients by name,
-- 50 a page. With an index on the region alone the database read and
-- sorted all of the region's clients (900 for Utrecht in the national
-- demo) for every page; in (region, name) order it reads the page's rows.
-- The new index serves every look-up by region the old one did.
CREATE INDEX clients_region_name ON clients (region, name_search, id);
DROP INDEX clients_region;
