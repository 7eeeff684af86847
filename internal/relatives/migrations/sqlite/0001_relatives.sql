-- Naasten (DESIGN §2.5). A relative's plan (zorgtestament / goed-leven-
-- plan): the relative's own document, or part of the record of the client
-- it is about (client_id set). Its five sections are plain text.
CREATE TABLE relatives_plans (
    id           INTEGER PRIMARY KEY,
    owner_id     INTEGER NOT NULL REFERENCES users(id),
    client_id    INTEGER REFERENCES clients(id),
    title        TEXT NOT NULL,
    network      TEXT NOT NULL DEFAULT '',
    routines     TEXT NOT NULL DEFAULT '',
    medical      TEXT NOT NULL DEFAULT '',
    plan_b       TEXT NOT NULL DEFAULT '',
    tasks        TEXT NOT NULL DEFAULT '',
    review_at    TIMESTAMP NOT NULL,
    reminded_at  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX relatives_plans_owner ON relatives_plans (owner_id);
CREATE INDEX relatives_plans_client ON relatives_plans (client_id);

-- Who a plan is shared with and which sections (comma-separated codes).
-- A share is ended by revoked_at; sharing again reopens the same row.
CREATE TABLE relatives_plan_shares (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES relatives_plans(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    sections    TEXT NOT NULL,
    granted_by  INTEGER NOT NULL REFERENCES users(id),
    granted_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP,
    UNIQUE (plan_id, user_id)
);
CREATE INDEX relatives_plan_shares_user ON relatives_plan_shares (user_id);

-- Experts-by-experience: their topics (comma-separated codes) and the
-- weekly slots in which they call back (weekday 1 = Monday, minutes from
-- midnight).
CREATE TABLE relatives_experts (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id),
    topics      TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at  TIMESTAMP NOT NULL
);
CREATE TABLE relatives_expert_slots (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    weekday     INTEGER NOT NULL,
    start_min   INTEGER NOT NULL,
    end_min     INTEGER NOT NULL
);
CREATE INDEX relatives_expert_slots_user ON relatives_expert_slots (user_id);

-- A relative's call-back request, routed to an expert; status open,
-- gebeld (called) or afgerond (closed without reaching).
CREATE TABLE relatives_callbacks (
    id            INTEGER PRIMARY KEY,
    requester_id  INTEGER NOT NULL REFERENCES users(id),
    topic         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    preferred     TEXT NOT NULL DEFAULT '',
    question      TEXT NOT NULL DEFAULT '',
    expert_id     INTEGER REFERENCES users(id),
    status        TEXT NOT NULL,
    outcome       TEXT NOT NULL DEFAULT '',
    requested_at  TIMESTAMP NOT NULL,
    handled_at    TIMESTAMP
);
CREATE INDEX relatives_callbacks_expert ON relatives_callbacks (expert_id, status);
CREATE INDEX relatives_callbacks_requester ON relatives_callbacks (requester_id);
CREATE INDEX relatives_callbacks_requested ON relatives_callbacks (requested_at);

-- The quality-of-life survey: a cycle every two years; responses carry no
-- account (anonymous); respondents only record that an account answered
-- a cycle, so each answers once, and are never joined to a response.
CREATE TABLE relatives_survey_cycles (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    opens_at   TIMESTAMP NOT NULL,
    closes_at  TIMESTAMP NOT NULL
);
CREATE TABLE relatives_survey_responses (
    id            INTEGER PRIMARY KEY,
    cycle_id      INTEGER NOT NULL REFERENCES relatives_survey_cycles(id),
    score         INTEGER NOT NULL,
    quality       TEXT NOT NULL,
    happy         BOOLEAN NOT NULL,
    satisfaction  TEXT NOT NULL,
    always_ready  BOOLEAN NOT NULL,
    remarks       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX relatives_survey_responses_cycle ON relatives_survey_responses (cycle_id);
CREATE TABLE relatives_survey_respondents (
    cycle_id  INTEGER NOT NULL REFERENCES relatives_survey_cycles(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (cycle_id, user_id)
);

-- Peer contact (lotgenotencontact): a relative opts in with their relation
-- and the life phase of the person they care for; others see only that
-- and the short introduction, never the name, until the relative accepts
-- a contact request.
CREATE TABLE relatives_peers (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id),
    relation     TEXT NOT NULL,
    life_phase   TEXT NOT NULL,
    intro        TEXT NOT NULL DEFAULT '',
    opted_in_at  TIMESTAMP NOT NULL
);
CREATE TABLE relatives_peer_requests (
    id           INTEGER PRIMARY KEY,
    from_id      INTEGER NOT NULL REFERENCES users(id),
    to_id        INTEGER NOT NULL REFERENCES users(id),
    message      TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    answered_at  TIMESTAMP,
    accepted     BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (from_id, to_id)
);
CREATE INDEX relatives_peer_requests_to ON relatives_peer_requests (to_id);
