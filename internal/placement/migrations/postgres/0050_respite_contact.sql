-- Naasten (issue 14): a relative who found a respite place calls or
-- visits the provider, so the place carries the phone number and web
-- page to reach it by ('' = none given; places to live leave them empty).
ALTER TABLE placement_places ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_places ADD COLUMN website TEXT NOT NULL DEFAULT '';
