-- Safety module (DESIGN §2.8): reports of violence and abuse in the care
-- relationship, and requests for advice, each for one provider's
-- confidential adviser. A report made without an account has no
-- reporter_id and no client_id; the reporter follows it with a status
-- code, of which only its SHA-256 is kept (code_hash). Acute and at-home
-- situations are never stored: they only raise the anonymous count of
-- safety_routing.
CREATE TABLE safety_reports (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    reporter_group   TEXT NOT NULL,
    provider_id      INTEGER NOT NULL REFERENCES organisations(id),
    region_code      TEXT NOT NULL DEFAULT '',
    client_id        INTEGER REFERENCES clients(id),
    reporter_id      INTEGER REFERENCES users(id),
    what_happened    TEXT NOT NULL DEFAULT '',
    where_text       TEXT NOT NULL DEFAULT '',
    who_involved     TEXT NOT NULL DEFAULT '',
    ongoing          TEXT NOT NULL DEFAULT '',
    safe_now         TEXT NOT NULL DEFAULT '',
    contact          TEXT NOT NULL DEFAULT '',
    code_hash        TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    first_contact_at TIMESTAMP,
    closed_at        TIMESTAMP,
    igj_reported_at  TIMESTAMP,
    igj_reported_by  INTEGER REFERENCES users(id),
    decision         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX safety_reports_provider ON safety_reports (provider_id, reporter_group, status);
CREATE INDEX safety_reports_reporter ON safety_reports (reporter_id);
CREATE INDEX safety_reports_client ON safety_reports (client_id);
CREATE INDEX safety_reports_created ON safety_reports (created_at);

-- The meldcode steps the confidential adviser recorded, each with its
-- time and outcome; a step may be recorded again (the latest counts).
CREATE TABLE safety_steps (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES safety_reports(id),
    step         INTEGER NOT NULL,
    choice       TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX safety_steps_report ON safety_steps (report_id, step);

-- Messages between the confidential adviser and the reporter, read on
-- the status page.
CREATE TABLE safety_messages (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES safety_reports(id),
    from_reporter BOOLEAN NOT NULL,
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    author_id     INTEGER REFERENCES users(id)
);
CREATE INDEX safety_messages_report ON safety_messages (report_id);

-- Anonymous counts of the routing advice given without storing anything:
-- per month (jjjj-mm) and situation (gevaar, thuis).
CREATE TABLE safety_routing (
    month      TEXT NOT NULL,
    situation  TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (month, situation)
);
