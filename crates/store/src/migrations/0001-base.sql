-- Store schema version 1: base schema: people, contracts, assignments, revisions, comments, audit.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    real_name TEXT NOT NULL,
    pen_name TEXT,
    role TEXT NOT NULL CHECK (role IN ('reporter', 'editor', 'head')),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE policies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    issuer TEXT,
    stage TEXT NOT NULL CHECK (stage IN ('lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi')),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    number TEXT NOT NULL,
    signed_on TEXT,
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    total_value INTEGER NOT NULL CHECK (total_value >= 0),
    created_at TEXT NOT NULL,
    CHECK (end_on >= start_on),
    UNIQUE (agency_id, number)
) STRICT;

CREATE TABLE contract_lines (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    genre TEXT NOT NULL,
    channel TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    min_words INTEGER,
    max_words INTEGER,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX contract_lines_contract ON contract_lines(contract_id);

CREATE TABLE assignments (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    line_id TEXT NOT NULL REFERENCES contract_lines(id),
    policy_id TEXT NOT NULL REFERENCES policies(id),
    title TEXT NOT NULL,
    brief TEXT NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES people(id),
    editor_id TEXT REFERENCES people(id),
    due_on TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX assignments_reporter ON assignments(reporter_id, state);
CREATE INDEX assignments_line ON assignments(line_id);
CREATE INDEX assignments_state ON assignments(state);

CREATE TABLE revisions (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    seq INTEGER NOT NULL,
    headline TEXT NOT NULL,
    sapo TEXT NOT NULL,
    body TEXT NOT NULL,
    byline TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    author_id TEXT NOT NULL REFERENCES people(id),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (assignment_id, seq)
) STRICT;
CREATE TRIGGER revisions_append_only_u BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_append_only_d BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

CREATE TABLE working_copies (
    assignment_id TEXT PRIMARY KEY REFERENCES assignments(id),
    headline TEXT NOT NULL,
    sapo TEXT NOT NULL,
    body TEXT NOT NULL,
    byline TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES people(id),
    burst_started_at TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;

CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    resolved_at TEXT,
    resolved_by TEXT REFERENCES people(id),
    deleted_at TEXT
) STRICT;
CREATE INDEX comments_assignment ON comments(assignment_id);

CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    revision_id TEXT NOT NULL REFERENCES revisions(id),
    content_hash TEXT NOT NULL,
    approved_by TEXT NOT NULL REFERENCES people(id),
    approved_at TEXT NOT NULL
) STRICT;
CREATE INDEX approvals_assignment ON approvals(assignment_id);
CREATE TRIGGER approvals_append_only_u BEFORE UPDATE ON approvals
BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
CREATE TRIGGER approvals_append_only_d BEFORE DELETE ON approvals
BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;

CREATE TABLE publications (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    channel TEXT NOT NULL,
    url TEXT NOT NULL,
    published_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES people(id)
) STRICT;
CREATE INDEX publications_assignment ON publications(assignment_id);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity_id);
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
