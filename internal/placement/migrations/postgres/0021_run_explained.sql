-- A batch run explained in words: the people it placed, with why the
-- place is theirs, and the people it could not place, with why not and
-- what would change that, written when the run finishes so the page tells
-- what the run saw, not the register of later.
CREATE TABLE placement_run_people (
    run_id   BIGINT NOT NULL REFERENCES placement_runs(id),
    case_id  BIGINT NOT NULL REFERENCES placement_cases(id),
    region   TEXT NOT NULL,
    place_id BIGINT REFERENCES placement_places(id),
    why      TEXT NOT NULL DEFAULT '',
    help     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, case_id)
);
