-- The codes a care office's and a provider's own systems know an
-- organisation by: AGB (providers, 8 digits), UZOVI (care offices, 4 digits)
-- and the KvK number (8 digits). Empty when not known. An AGB code belongs
-- to one provider; a UZOVI code and a KvK number may be shared (one
-- Wlz-uitvoerder runs the care offices of several regions, one legal entity
-- may hold more than one organisation here).
ALTER TABLE organisations ADD COLUMN agb TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN uzovi TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN kvk TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX organisations_agb ON organisations(agb) WHERE agb <> '';
