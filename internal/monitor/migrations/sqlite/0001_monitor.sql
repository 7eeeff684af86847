-- Monitor module (DESIGN §2.7): the programme's hierarchy action line →
-- project → goal → indicator, periods, hand-entered measurements, the
-- status history, daily snapshots of the modules' figures and the
-- published progress reports. It holds no personal data: the only people
-- named are the programme staff who set a status or reviewed a text, by
-- their account.
CREATE TABLE monitor_action_lines (
    id                     INTEGER PRIMARY KEY,
    position               INTEGER NOT NULL,
    name                   TEXT NOT NULL UNIQUE,
    summary                TEXT NOT NULL DEFAULT '',
    easy_read              TEXT NOT NULL DEFAULT '',
    easy_read_reviewed_by  INTEGER REFERENCES users(id),
    easy_read_reviewed_at  TIMESTAMP
);

-- A project carries the letters' four points of attention: evaluation
-- (ja, gepland, nee) and when, continuation after the programme's money
-- ends (ja, nee, onbekend) and where it went, and how current its
-- knowledge products are. Dates are calendar days as 'YYYY-MM-DD' ('' for
-- none), the same text on both databases.
CREATE TABLE monitor_projects (
    id                 INTEGER PRIMARY KEY,
    action_line_id     INTEGER NOT NULL REFERENCES monitor_action_lines(id),
    name               TEXT NOT NULL UNIQUE,
    summary            TEXT NOT NULL DEFAULT '',
    evaluation         TEXT NOT NULL DEFAULT 'nee' CHECK (evaluation IN ('ja', 'gepland', 'nee')),
    evaluation_date    TEXT NOT NULL DEFAULT '',
    continues          TEXT NOT NULL DEFAULT 'onbekend' CHECK (continues IN ('ja', 'nee', 'onbekend')),
    continues_where    TEXT NOT NULL DEFAULT '',
    knowledge_products INTEGER NOT NULL DEFAULT 0,
    knowledge_updated  TEXT NOT NULL DEFAULT '',
    updated_at         TIMESTAMP,
    updated_by         INTEGER REFERENCES users(id)
);

CREATE TABLE monitor_goals (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES monitor_projects(id),
    name        TEXT NOT NULL,
    UNIQUE (project_id, name)
);

-- An indicator is computed from one module figure (figure_key) or entered
-- by hand; target is in units of 10^-decimals like module.Figure.Value.
CREATE TABLE monitor_indicators (
    id                     INTEGER PRIMARY KEY,
    goal_id                INTEGER NOT NULL REFERENCES monitor_goals(id),
    name                   TEXT NOT NULL,
    kind                   TEXT NOT NULL CHECK (kind IN ('berekend', 'handmatig')),
    figure_key             TEXT NOT NULL DEFAULT '',
    unit                   TEXT NOT NULL,
    decimals               INTEGER NOT NULL DEFAULT 0,
    persons                BOOLEAN NOT NULL DEFAULT FALSE,
    target                 INTEGER,
    easy_read              TEXT NOT NULL DEFAULT '',
    easy_read_reviewed_by  INTEGER REFERENCES users(id),
    easy_read_reviewed_at  TIMESTAMP,
    created_at             TIMESTAMP NOT NULL,
    created_by             INTEGER REFERENCES users(id),
    UNIQUE (goal_id, name)
);

-- Periods do not overlap (checked by the module in the writing
-- transaction); code is the period's stable name in report URLs.
CREATE TABLE monitor_periods (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    starts  TEXT NOT NULL,
    ends    TEXT NOT NULL,
    CHECK (starts <= ends)
);

-- A hand-entered measurement: one per indicator and period, with its
-- source and the day it was measured.
CREATE TABLE monitor_measurements (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES monitor_indicators(id),
    period_id     INTEGER NOT NULL REFERENCES monitor_periods(id),
    value         INTEGER NOT NULL,
    source        TEXT NOT NULL,
    measured_on   TEXT NOT NULL,
    entered_by    INTEGER REFERENCES users(id),
    entered_at    TIMESTAMP NOT NULL,
    UNIQUE (indicator_id, period_id)
);

-- The status history: every status set for an indicator in a period, who
-- set it and why; the latest is the current one.
CREATE TABLE monitor_statuses (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES monitor_indicators(id),
    period_id     INTEGER NOT NULL REFERENCES monitor_periods(id),
    status        TEXT NOT NULL CHECK (status IN ('gehaald', 'op_koers', 'aandacht', 'niet_gehaald')),
    reason        TEXT NOT NULL,
    set_by        INTEGER REFERENCES users(id),
    set_at        TIMESTAMP NOT NULL
);
CREATE INDEX monitor_statuses_indicator ON monitor_statuses(indicator_id, period_id);

-- A day's reading of every module figure (national line region '').
CREATE TABLE monitor_snapshots (
    taken_on    TEXT NOT NULL,
    figure_key  TEXT NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    module      TEXT NOT NULL,
    label       TEXT NOT NULL,
    unit        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    decimals    INTEGER NOT NULL DEFAULT 0,
    persons     BOOLEAN NOT NULL DEFAULT FALSE,
    taken_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (taken_on, figure_key, region)
);

-- Terms the easy-read report explains where they are used.
CREATE TABLE monitor_terms (
    term         TEXT PRIMARY KEY,
    explanation  TEXT NOT NULL
);

-- A published report: both versions frozen as JSON at publication, so the
-- public URL shows exactly what was published.
CREATE TABLE monitor_reports (
    period_id     INTEGER PRIMARY KEY REFERENCES monitor_periods(id),
    content       TEXT NOT NULL,
    published_at  TIMESTAMP NOT NULL,
    published_by  INTEGER REFERENCES users(id)
);
