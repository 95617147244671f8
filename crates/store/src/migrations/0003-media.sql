-- Store schema version 3: media library: content-addressed files, captions, credits, uses per piece.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE media (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    kind TEXT NOT NULL CHECK (kind IN ('image', 'attachment')),
    mime TEXT NOT NULL,
    ext TEXT NOT NULL,
    original_name TEXT NOT NULL,
    bytes INTEGER NOT NULL CHECK (bytes > 0),
    width INTEGER,
    height INTEGER,
    web_ext TEXT,
    thumb_ext TEXT,
    caption TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    alt TEXT NOT NULL DEFAULT '',
    imported_by TEXT NOT NULL REFERENCES people(id),
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (kind = 'attachment' OR (width > 0 AND height > 0 AND web_ext IS NOT NULL AND thumb_ext IS NOT NULL))
) STRICT;
CREATE INDEX media_imported_at ON media(imported_at);

CREATE TABLE media_uses (
    media_id TEXT NOT NULL REFERENCES media(id),
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    added_by TEXT NOT NULL REFERENCES people(id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (media_id, assignment_id)
) STRICT;
CREATE INDEX media_uses_assignment ON media_uses(assignment_id);
