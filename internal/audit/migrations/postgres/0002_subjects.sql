-- A list page (a register, a caseload, a ward's nights) shows many people
-- at once. Each person shown is still recorded, but as a narrow row of
-- audit_subjects under one chained entry for the page view, instead of one
-- wide chained entry per person: that halves the audit work of a page of
-- 100 people (BENCHMARKS.md, "Audit"). The entry's
-- hash covers its subjects in order and subject_count says how many there
-- are, so a subject removed or changed breaks the chain like any field.

ALTER TABLE audit_entries ADD COLUMN subject_count BIGINT NOT NULL DEFAULT 0;

CREATE TABLE audit_subjects (
    entry_id    BIGINT NOT NULL,      -- audit_entries.id of the page view
    position    INTEGER NOT NULL,     -- order on the page, as hashed
    client_id   BIGINT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL, -- the entry's time, for the client's page
    object_id   TEXT NOT NULL,
    PRIMARY KEY (entry_id, position)
);

-- "Wie heeft mijn gegevens bekeken" reads a client's subjects by time.
CREATE INDEX audit_subjects_client ON audit_subjects (client_id, occurred_at);

CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

-- Every access per person, single entries and the people of list entries
-- alike, for reviews and investigations in SQL.
CREATE VIEW audit_accesses AS
    SELECT id, chain_id, seq, event_id, occurred_at, action, outcome, user_id, user_name, display_name, role,
           organisation, on_behalf_of, client_id, object_type, object_id, purpose, emergency, reason, source,
           session_id, token_id
    FROM audit_entries WHERE subject_count = 0
    UNION ALL
    SELECT e.id, e.chain_id, e.seq, e.event_id, e.occurred_at, e.action, e.outcome, e.user_id, e.user_name,
           e.display_name, e.role, e.organisation, e.on_behalf_of, s.client_id, e.object_type, s.object_id,
           e.purpose, e.emergency, e.reason, e.source, e.session_id, e.token_id
    FROM audit_subjects s JOIN audit_entries e ON e.id = s.entry_id;
