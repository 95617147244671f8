-- Store schema version 8: team mode: changes captured for the hub, sync state, refusals, the parent of each revision.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE sync_control (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    capture INTEGER NOT NULL CHECK (capture IN (0, 1)),
    applying INTEGER NOT NULL CHECK (applying IN (0, 1))
) STRICT;
INSERT INTO sync_control (id, capture, applying) VALUES (1, 0, 0);

CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data TEXT
);
CREATE INDEX sync_outbox_row ON sync_outbox(tbl, row_id);

CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE sync_refusals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data TEXT,
    reason TEXT NOT NULL,
    refused_at TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE revisions ADD COLUMN parent_id TEXT;
ALTER TABLE revisions ADD COLUMN merge_of TEXT;
CREATE INDEX revisions_parent ON revisions(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX revisions_merge_of ON revisions(merge_of) WHERE merge_of IS NOT NULL;

-- Media files to send to the hub (`up`, for items imported here) or to
-- fetch from it (`down`, for items that arrived): original and derivatives.
CREATE TABLE sync_files (
    path TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('up', 'down'))
) STRICT;
CREATE TRIGGER sync_media_files AFTER INSERT ON media
WHEN (SELECT capture FROM sync_control) = 1 OR (SELECT applying FROM sync_control) = 1
BEGIN
    INSERT OR IGNORE INTO sync_files (path, direction)
    SELECT substr(NEW.sha256, 1, 2) || '/' || NEW.sha256 || v.suffix,
           CASE WHEN (SELECT applying FROM sync_control) = 1 THEN 'down' ELSE 'up' END
    FROM (SELECT '.' || NEW.ext AS suffix
          UNION ALL SELECT '.web.' || NEW.web_ext WHERE NEW.web_ext IS NOT NULL
          UNION ALL SELECT '.thumb.' || NEW.thumb_ext WHERE NEW.thumb_ext IS NOT NULL) v;
END;

-- Pieces whose revisions branched (two workbenches wrote on one version)
-- and were not merged yet: kept when revisions arrive, cleared by a merge.
CREATE TABLE sync_conflicts (
    assignment_id TEXT PRIMARY KEY REFERENCES assignments(id),
    detected_at TEXT NOT NULL
) STRICT;
