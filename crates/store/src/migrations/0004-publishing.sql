-- Store schema version 4: publishing: portal accounts, durable outbox, remote posts and media, proofs of publication.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE portals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('wordpress', 'package')),
    base_url TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    password_env TEXT,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE publish_jobs (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    portal_id TEXT NOT NULL REFERENCES portals(id),
    revision_seq INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'failed', 'conflict', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_holder TEXT,
    lease_until TEXT,
    last_error_code TEXT,
    last_error TEXT,
    conflict TEXT,
    overwrite_remote_hash TEXT,
    publication_id TEXT,
    result TEXT,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX publish_jobs_due ON publish_jobs(state, next_attempt_at);
CREATE INDEX publish_jobs_assignment ON publish_jobs(assignment_id);
CREATE UNIQUE INDEX publish_jobs_one_active ON publish_jobs(assignment_id, portal_id)
    WHERE state IN ('queued', 'sending', 'conflict');

CREATE TABLE portal_posts (
    portal_id TEXT NOT NULL REFERENCES portals(id),
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    slug TEXT NOT NULL,
    remote_id TEXT,
    create_started_at TEXT,
    last_remote_hash TEXT,
    last_sent_hash TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (portal_id, assignment_id)
) STRICT;

CREATE TABLE portal_media (
    portal_id TEXT NOT NULL REFERENCES portals(id),
    sha256 TEXT NOT NULL,
    slug TEXT NOT NULL,
    remote_id TEXT,
    url TEXT,
    state TEXT NOT NULL CHECK (state IN ('sending', 'done')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (portal_id, sha256)
) STRICT;

CREATE TABLE portal_terms (
    portal_id TEXT NOT NULL REFERENCES portals(id),
    taxonomy TEXT NOT NULL,
    slug TEXT NOT NULL,
    remote_id INTEGER NOT NULL,
    PRIMARY KEY (portal_id, taxonomy, slug)
) STRICT;

ALTER TABLE publications ADD COLUMN portal_id TEXT REFERENCES portals(id);
ALTER TABLE publications ADD COLUMN job_id TEXT;
ALTER TABLE publications ADD COLUMN remote_id TEXT;
ALTER TABLE publications ADD COLUMN revision_seq INTEGER;
ALTER TABLE publications ADD COLUMN sent_sha256 TEXT;
ALTER TABLE publications ADD COLUMN sent_path TEXT;
ALTER TABLE publications ADD COLUMN page_path TEXT;
ALTER TABLE publications ADD COLUMN page_sha256 TEXT;
CREATE TRIGGER publications_append_only_u BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
CREATE TRIGGER publications_append_only_d BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
