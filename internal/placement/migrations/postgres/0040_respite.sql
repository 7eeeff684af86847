-- Naasten (issue 14): providers publish part-time stay and respite places
-- as places of their own kind of stay. stay is '' for a place to live
-- (the matching's places), or deeltijd, logeren, weekend or vakantie for
-- respite, which the matching never offers; available_from/until bound
-- when the place takes guests (NULL = open-ended) and availability says
-- it in words ("elk tweede weekend").
ALTER TABLE placement_places ADD COLUMN stay TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_places ADD COLUMN available_from TIMESTAMPTZ;
ALTER TABLE placement_places ADD COLUMN available_until TIMESTAMPTZ;
ALTER TABLE placement_places ADD COLUMN availability TEXT NOT NULL DEFAULT '';
CREATE INDEX placement_places_stay ON placement_places(stay, region);
