-- Store schema version 12: team mode as a trust boundary: pulled rows that do not apply are set aside, not a stop; a piece's change names what each changed field held before.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE sync_setaside (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data TEXT,
    reason TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
) STRICT;
