-- Store schema version 5: counting overrides: a head's written decision that a piece counts or not.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE counting_overrides (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    counts INTEGER NOT NULL CHECK (counts IN (0, 1)),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_by TEXT NOT NULL REFERENCES people(id),
    decided_at TEXT NOT NULL
) STRICT;
CREATE INDEX counting_overrides_assignment ON counting_overrides(assignment_id, decided_at);
CREATE TRIGGER counting_overrides_append_only_u BEFORE UPDATE ON counting_overrides
BEGIN SELECT RAISE(ABORT, 'counting overrides are append-only'); END;
CREATE TRIGGER counting_overrides_append_only_d BEFORE DELETE ON counting_overrides
BEGIN SELECT RAISE(ABORT, 'counting overrides are append-only'); END;
