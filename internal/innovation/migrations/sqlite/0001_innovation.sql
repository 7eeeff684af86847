-- Innovation module (DESIGN §2.4): the catalogue of care technologies, the
-- projects of providers through the phases with their gate decisions, and
-- the theme networks. Technology projects and the social-innovation
-- trajectories of "Begeleiding à la carte" (kind 'sociaal') share the route.
CREATE TABLE innovation_technologies (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    theme           TEXT NOT NULL,
    care_questions  TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    pros            TEXT NOT NULL DEFAULT '',
    cons            TEXT NOT NULL DEFAULT '',
    purchase_cents  BIGINT NOT NULL DEFAULT 0,
    yearly_cents    BIGINT NOT NULL DEFAULT 0,
    evidence        TEXT NOT NULL DEFAULT '',
    supplier        TEXT NOT NULL DEFAULT '',
    check_privacy   TEXT NOT NULL DEFAULT 'onbekend',
    check_security  TEXT NOT NULL DEFAULT 'onbekend',
    check_interop   TEXT NOT NULL DEFAULT 'onbekend',
    check_access    TEXT NOT NULL DEFAULT 'onbekend',
    sleep_monitoring BOOLEAN NOT NULL DEFAULT FALSE,
    created_by      INTEGER REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE innovation_projects (
    id                 INTEGER PRIMARY KEY,
    organisation_id    INTEGER NOT NULL REFERENCES organisations(id),
    kind               TEXT NOT NULL,
    title              TEXT NOT NULL,
    theme              TEXT NOT NULL,
    client_group       TEXT NOT NULL,
    question           TEXT NOT NULL,
    diff_client        TEXT NOT NULL,
    diff_professional  TEXT NOT NULL,
    involved           TEXT NOT NULL DEFAULT '',
    phase              TEXT NOT NULL,
    scan_org           TEXT NOT NULL DEFAULT '',
    scan_it            TEXT NOT NULL DEFAULT '',
    scan_finance       TEXT NOT NULL DEFAULT '',
    scan_staff         TEXT NOT NULL DEFAULT '',
    scan_note          TEXT NOT NULL DEFAULT '',
    scan_at            TIMESTAMP,
    technology_id      INTEGER REFERENCES innovation_technologies(id),
    approach           TEXT NOT NULL DEFAULT '',
    choice_reason      TEXT NOT NULL DEFAULT '',
    stop_category      TEXT NOT NULL DEFAULT '',
    stop_reason        TEXT NOT NULL DEFAULT '',
    expected_clients   INTEGER NOT NULL DEFAULT 0,
    created_by         INTEGER REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX innovation_projects_org ON innovation_projects(organisation_id);

-- Partner organisations of a project (a renewal trajectory is often
-- carried by more than one provider).
CREATE TABLE innovation_partners (
    project_id       INTEGER NOT NULL REFERENCES innovation_projects(id),
    organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (project_id, organisation_id)
);

-- Every go/no-go decision at a gate: who decided, when and why.
CREATE TABLE innovation_gates (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES innovation_projects(id),
    from_phase  TEXT NOT NULL,
    to_phase    TEXT NOT NULL,
    decision    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    decided_by  INTEGER REFERENCES users(id),
    decided_at  TIMESTAMP NOT NULL
);
CREATE INDEX innovation_gates_project ON innovation_gates(project_id);

-- The client council's advice at a gate and the project's answer.
CREATE TABLE innovation_advice (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES innovation_projects(id),
    phase        TEXT NOT NULL,
    advice       TEXT NOT NULL,
    given_by     INTEGER REFERENCES users(id),
    given_at     TIMESTAMP NOT NULL,
    answer       TEXT NOT NULL DEFAULT '',
    answered_by  INTEGER REFERENCES users(id),
    answered_at  TIMESTAMP
);
CREATE INDEX innovation_advice_project ON innovation_advice(project_id);

-- Candidates of a project's exploring phase, compared side by side.
CREATE TABLE innovation_candidates (
    project_id     INTEGER NOT NULL REFERENCES innovation_projects(id),
    technology_id  INTEGER NOT NULL REFERENCES innovation_technologies(id),
    PRIMARY KEY (project_id, technology_id)
);

-- The weighted decision matrix: criteria with weights (summing to 100)
-- and a score per candidate.
CREATE TABLE innovation_criteria (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES innovation_projects(id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    weight      INTEGER NOT NULL
);
CREATE TABLE innovation_scores (
    criterion_id   INTEGER NOT NULL REFERENCES innovation_criteria(id),
    technology_id  INTEGER NOT NULL REFERENCES innovation_technologies(id),
    score          INTEGER NOT NULL,
    PRIMARY KEY (criterion_id, technology_id)
);

-- The implementation plan: tasks per step of the ZonMw model plus
-- supplier collaboration and embedding in the care process.
CREATE TABLE innovation_tasks (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES innovation_projects(id),
    step        TEXT NOT NULL,
    title       TEXT NOT NULL,
    owner       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    risk        TEXT NOT NULL DEFAULT '',
    done_at     TIMESTAMP,
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX innovation_tasks_project ON innovation_tasks(project_id);

-- Effects: one measure for a group at baseline and at follow-up.
CREATE TABLE innovation_measures (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES innovation_projects(id),
    grp          TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    baseline     REAL NOT NULL,
    followup     REAL,
    measured_on  TEXT NOT NULL,
    followup_on  TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX innovation_measures_project ON innovation_measures(project_id);

-- Scale-up: how many clients use the project's technology or approach at
-- a location, recorded over time (the latest line per location counts).
CREATE TABLE innovation_scale (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES innovation_projects(id),
    location_id  INTEGER NOT NULL REFERENCES locations(id),
    clients      INTEGER NOT NULL,
    recorded_on  TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX innovation_scale_project ON innovation_scale(project_id, location_id);

-- Clients who take part in a project (chosen with the client picker).
CREATE TABLE innovation_participants (
    project_id  INTEGER NOT NULL REFERENCES innovation_projects(id),
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    added_by    INTEGER REFERENCES users(id),
    added_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, client_id)
);
CREATE INDEX innovation_participants_client ON innovation_participants(client_id);

-- Theme networks: members (also from outside: care purchasers,
-- universities), meetings and shared knowledge.
CREATE TABLE innovation_members (
    id            INTEGER PRIMARY KEY,
    theme         TEXT NOT NULL,
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    kind          TEXT NOT NULL,
    joined_at     TIMESTAMP NOT NULL,
    added_by      INTEGER REFERENCES users(id)
);
CREATE INDEX innovation_members_theme ON innovation_members(theme);
CREATE TABLE innovation_meetings (
    id          INTEGER PRIMARY KEY,
    theme       TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    added_by    INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE TABLE innovation_links (
    id               INTEGER PRIMARY KEY,
    theme            TEXT NOT NULL,
    title            TEXT NOT NULL,
    url              TEXT NOT NULL,
    organisation_id  INTEGER REFERENCES organisations(id),
    project_id       INTEGER REFERENCES innovation_projects(id),
    added_by         INTEGER REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL
);
