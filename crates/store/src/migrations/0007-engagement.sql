-- Store schema version 7: engagement: snapshots over time, newest figures and totals per piece, imports, comments, poll state.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE engagement_snapshots (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    source TEXT NOT NULL CHECK (source IN ('wordpress', 'page', 'matomo', 'facebook', 'youtube', 'zalo', 'manual')),
    metric TEXT NOT NULL CHECK (metric IN ('views', 'visits', 'comments', 'shares', 'reactions')),
    value INTEGER NOT NULL CHECK (value >= 0),
    captured_at TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    UNIQUE (assignment_id, source, metric, captured_at)
) STRICT;
CREATE TRIGGER engagement_snapshots_append_only_u BEFORE UPDATE ON engagement_snapshots
BEGIN SELECT RAISE(ABORT, 'engagement snapshots are append-only'); END;
CREATE TRIGGER engagement_snapshots_append_only_d BEFORE DELETE ON engagement_snapshots
BEGIN SELECT RAISE(ABORT, 'engagement snapshots are append-only'); END;

CREATE TABLE engagement_latest (
    assignment_id TEXT NOT NULL,
    source TEXT NOT NULL,
    metric TEXT NOT NULL,
    value INTEGER NOT NULL,
    captured_at TEXT NOT NULL,
    PRIMARY KEY (assignment_id, source, metric)
) STRICT, WITHOUT ROWID;

CREATE TABLE engagement_totals (
    assignment_id TEXT PRIMARY KEY REFERENCES assignments(id),
    contract_id TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    views INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    comments INTEGER NOT NULL,
    shares INTEGER NOT NULL,
    reactions INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX engagement_totals_contract ON engagement_totals(contract_id, views, visits, comments, shares, reactions);
CREATE INDEX engagement_totals_policy ON engagement_totals(policy_id, views, visits, comments, shares, reactions);

CREATE TABLE engagement_imports (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    rows_imported INTEGER NOT NULL,
    imported_by TEXT NOT NULL REFERENCES people(id),
    imported_at TEXT NOT NULL,
    UNIQUE (source, sha256)
) STRICT;

CREATE TABLE engagement_links (
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (source, external_id)
) STRICT;

CREATE TABLE citizen_comments (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    source TEXT NOT NULL,
    remote_id TEXT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    collected_at TEXT NOT NULL,
    UNIQUE (assignment_id, source, remote_id)
) STRICT;

CREATE TABLE engagement_polls (
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    source TEXT NOT NULL,
    last_polled_at TEXT NOT NULL,
    next_due_at TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_error TEXT,
    PRIMARY KEY (assignment_id, source)
) STRICT;

CREATE TABLE matomo_sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    base_url TEXT NOT NULL,
    site_id INTEGER NOT NULL CHECK (site_id > 0),
    url_prefix TEXT NOT NULL,
    token_env TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL
) STRICT;

ALTER TABLE portals ADD COLUMN view_pattern TEXT;
