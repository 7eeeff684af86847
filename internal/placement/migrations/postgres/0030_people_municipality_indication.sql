-- Issue 11, people and places: the family's home by its municipality (CBS
-- code, e.g. GM0344; the centre the matching uses is derived from it, so
-- nobody types coordinates) and the CIZ indication number of the Wlz
-- decision, digits only ('' = not known).
ALTER TABLE placement_cases ADD COLUMN family_municipality TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_cases ADD COLUMN ciz_indication TEXT NOT NULL DEFAULT '';
