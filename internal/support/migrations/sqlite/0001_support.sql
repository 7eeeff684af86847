-- Client support module (DESIGN §2.6). A family file: one client with
-- their relatives, in one of the five pilots, with one fixed supporter
-- (supporter_id). The file belongs to the family: who may read it is in
-- support_grants, which the family gives and withdraws.
CREATE TABLE support_families (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES clients(id),
    pilot         TEXT NOT NULL,
    region_code   TEXT NOT NULL DEFAULT '',
    supporter_id  INTEGER REFERENCES users(id),
    intensity     TEXT NOT NULL DEFAULT 'middel',
    intake_on     TIMESTAMP NOT NULL,
    ended_on      TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX support_families_client ON support_families(client_id);
CREATE INDEX support_families_supporter ON support_families(supporter_id);

-- Access to a family file, given by the family: the supporter (kind
-- ondersteuner, every section) or another professional (kind professional,
-- the sections listed, comma-separated). A withdrawn grant stays as history.
CREATE TABLE support_grants (
    id            INTEGER PRIMARY KEY,
    family_id     INTEGER NOT NULL REFERENCES support_families(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    kind          TEXT NOT NULL,
    sections      TEXT NOT NULL,
    granted_by    INTEGER REFERENCES users(id),
    granted_at    TIMESTAMP NOT NULL,
    withdrawn_at  TIMESTAMP,
    withdrawn_by  INTEGER REFERENCES users(id)
);
CREATE INDEX support_grants_family ON support_grants(family_id);
CREATE INDEX support_grants_user ON support_grants(user_id);

-- Goals per life domain with their progress (0-100 %).
CREATE TABLE support_goals (
    id          INTEGER PRIMARY KEY,
    family_id   INTEGER NOT NULL REFERENCES support_families(id),
    domain      TEXT NOT NULL,
    goal        TEXT NOT NULL,
    next_step   TEXT NOT NULL DEFAULT '',
    progress    INTEGER NOT NULL DEFAULT 0,
    updated_at  TIMESTAMP NOT NULL,
    updated_by  INTEGER REFERENCES users(id)
);
CREATE INDEX support_goals_family ON support_goals(family_id);

-- The family's network: people and organisations around them; closeness
-- 1 (close) to 3 (far) places them on the map.
CREATE TABLE support_network (
    id          INTEGER PRIMARY KEY,
    family_id   INTEGER NOT NULL REFERENCES support_families(id),
    name        TEXT NOT NULL,
    relation    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    closeness   INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX support_network_family ON support_network(family_id);

-- The action and bottleneck log: applications, appointments, escalations,
-- conversations, with their date, outcome and the supporter's minutes.
CREATE TABLE support_actions (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL REFERENCES support_families(id),
    kind         TEXT NOT NULL,
    happened_on  TIMESTAMP NOT NULL,
    subject      TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    minutes      INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX support_actions_family ON support_actions(family_id, happened_on);

-- Outcome measures at intake and follow-up: quality of life (1-10),
-- burden of arranging care (1-10, 10 = heaviest), hours a week for
-- family and rest.
CREATE TABLE support_measurements (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL REFERENCES support_families(id),
    moment       TEXT NOT NULL,
    measured_on  TIMESTAMP NOT NULL,
    quality      INTEGER NOT NULL,
    burden       INTEGER NOT NULL,
    rest_hours   INTEGER NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX support_measurements_family ON support_measurements(family_id);

-- The social business case (Copiloot): cost drivers per family per year
-- without and with a supporter (euros), and the share each party bears.
CREATE TABLE support_bc_drivers (
    code          TEXT PRIMARY KEY,
    position      INTEGER NOT NULL,
    cost_without  INTEGER NOT NULL,
    cost_with     INTEGER NOT NULL
);
CREATE TABLE support_bc_shares (
    driver_code  TEXT NOT NULL REFERENCES support_bc_drivers(code),
    party        TEXT NOT NULL,
    pct          INTEGER NOT NULL,
    PRIMARY KEY (driver_code, party)
);
CREATE TABLE support_bc_settings (
    id              INTEGER PRIMARY KEY,
    supporter_cost  INTEGER NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      INTEGER REFERENCES users(id)
);

-- The starting assumptions of the calculator (euros per family per year):
-- this product's own estimates in the spirit of the Copiloot study, not
-- its figures; the programme replaces them on the settings page.
INSERT INTO support_bc_drivers (code, position, cost_without, cost_with) VALUES
    ('verzuim', 1, 6000, 3500),
    ('overbelasting', 2, 3500, 2000),
    ('instanties', 3, 3000, 1500),
    ('crisis', 4, 4000, 2500),
    ('opname', 5, 5000, 3500);
INSERT INTO support_bc_shares (driver_code, party, pct) VALUES
    ('verzuim', 'maatschappij', 40), ('verzuim', 'zvw', 0), ('verzuim', 'wmo', 0), ('verzuim', 'wlz', 0), ('verzuim', 'uwv', 60),
    ('overbelasting', 'maatschappij', 20), ('overbelasting', 'zvw', 60), ('overbelasting', 'wmo', 20), ('overbelasting', 'wlz', 0), ('overbelasting', 'uwv', 0),
    ('instanties', 'maatschappij', 20), ('instanties', 'zvw', 0), ('instanties', 'wmo', 50), ('instanties', 'wlz', 30), ('instanties', 'uwv', 0),
    ('crisis', 'maatschappij', 0), ('crisis', 'zvw', 30), ('crisis', 'wmo', 30), ('crisis', 'wlz', 40), ('crisis', 'uwv', 0),
    ('opname', 'maatschappij', 0), ('opname', 'zvw', 40), ('opname', 'wmo', 0), ('opname', 'wlz', 60), ('opname', 'uwv', 0);
INSERT INTO support_bc_settings (id, supporter_cost, updated_at) VALUES (1, 4500, '2026-01-01 00:00:00');
