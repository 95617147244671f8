//! Versioned schema migrations, kept in `PRAGMA user_version`.
//!
//! Each migration runs in its own transaction together with the version bump and
//! an audit event. Migrations are append-only: never edit a released one, add the
//! next. `tests/integration/migrations.rs` opens a database at every earlier
//! version (built with [`migrate_to`]) and checks it upgrades with data intact.

use rusqlite::Connection;

use crate::Result;

/// A migration step.
pub enum Step {
    /// Plain SQL.
    Sql(&'static str),
    /// SQL then a Rust backfill.
    SqlThen(&'static str, fn(&Connection) -> Result<()>),
}

/// All migrations; index + 1 is the version each one produces.
pub const MIGRATIONS: &[(&str, Step)] = &[
    ("base schema: people, contracts, assignments, revisions, comments, audit", Step::Sql(V1)),
    ("full-text search over folded Vietnamese text", Step::SqlThen(V2, super::search::backfill)),
    ("media library: content-addressed files, captions, credits, uses per piece", Step::Sql(V3)),
    ("publishing: portal accounts, durable outbox, remote posts and media, proofs of publication", Step::Sql(V4)),
    ("counting overrides: a head's written decision that a piece counts or not", Step::Sql(V5)),
    ("contract ledger: parties, notes, policies covered, amendments, acceptances with frozen lists", Step::Sql(V6)),
    (
        "engagement: snapshots over time, newest figures and totals per piece, imports, comments, poll state",
        Step::Sql(V7),
    ),
    (
        "team mode: changes captured for the hub, sync state, refusals, the parent of each revision",
        Step::SqlThen(super::sync::V8, super::sync::v8_backfill),
    ),
    (
        "team mode in the window: notifications of what reached this person through sync",
        Step::Sql(super::notifications::V9),
    ),
    (
        "reliability: contracts recorded without their value, profile passphrases (solo mode)",
        Step::SqlThen(V10, v10_backfill),
    ),
    (
        "the whole desk: priority and stage of a piece, reporters' answers, people deactivated, agencies' focal points, policies' stages, citizen feedback from every channel",
        Step::SqlThen(V11, v11_backfill),
    ),
    (
        "team mode as a trust boundary: pulled rows that do not apply are set aside, not a stop; a piece's change names what each changed field held before",
        Step::SqlThen(super::sync::V12, super::sync::v12_backfill),
    ),
];

/// Newest schema version this binary knows.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Migrates to [`LATEST`].
pub fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// Migrates up to `target` (used by tests to build old databases).
pub fn migrate_to(conn: &Connection, target: i64) -> Result<()> {
    loop {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let step = (|| -> Result<bool> {
            let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if current >= target {
                return Ok(false);
            }
            let (what, step) = &MIGRATIONS[current as usize];
            match step {
                Step::Sql(sql) => conn.execute_batch(sql)?,
                Step::SqlThen(sql, backfill) => {
                    conn.execute_batch(sql)?;
                    backfill(conn)?;
                }
            }
            let next = current + 1;
            conn.execute_batch(&format!("PRAGMA user_version = {next}"))?;
            let now = toasoan_domain::time::to_db(chrono::Utc::now());
            conn.execute(
                "INSERT INTO audit_log(id, at, actor, action, entity_kind, entity_id, detail)
                 VALUES (?1, ?2, 'system', ?5, 'schema', ?3, ?4)",
                rusqlite::params![
                    toasoan_domain::ids::new_id(),
                    now,
                    next.to_string(),
                    serde_json::json!({ "from": current, "to": next, "what": what }).to_string(),
                    toasoan_domain::AuditAction::SchemaMigrate.code(),
                ],
            )?;
            Ok(true)
        })();
        match step {
            Ok(true) => conn.execute_batch("COMMIT")?,
            Ok(false) => {
                conn.execute_batch("COMMIT")?;
                return Ok(());
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
}

const V1: &str = r#"
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
"#;

const V2: &str = r#"
CREATE VIRTUAL TABLE search_index USING fts5(
    headline, sapo, body, brief, policy,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
"#;

const V3: &str = r#"
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
"#;

const V4: &str = r#"
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
"#;

const V5: &str = r#"
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
"#;

const V6: &str = r#"
-- The ledger's per-piece facts, kept on the assignment by triggers: the newest
-- revision's word count and whether it is within its line's length tier, the
-- first publication, the newest counting override. The contract report reads
-- them from one covering index, grouped, instead of three lookups per piece.
-- The tier test here must equal `ContractLine::in_tier` (checked by
-- tests/integration/ledger.rs, `the_stored_tier_flag_matches_the_rule`).
ALTER TABLE assignments ADD COLUMN words INTEGER;
ALTER TABLE assignments ADD COLUMN in_tier INTEGER;
ALTER TABLE assignments ADD COLUMN first_published_at TEXT;
ALTER TABLE assignments ADD COLUMN counts_override INTEGER;
UPDATE assignments SET
    words = (SELECT v.word_count FROM revisions v WHERE v.assignment_id = assignments.id ORDER BY v.seq DESC LIMIT 1),
    first_published_at = (SELECT min(p.published_at) FROM publications p WHERE p.assignment_id = assignments.id),
    counts_override = (SELECT o.counts FROM counting_overrides o WHERE o.assignment_id = assignments.id
                       ORDER BY o.decided_at DESC, o.id DESC LIMIT 1);
UPDATE assignments SET in_tier = (
    SELECT (l.min_words IS NULL OR coalesce(assignments.words, 0) >= l.min_words)
       AND (l.max_words IS NULL OR coalesce(assignments.words, 0) <= l.max_words)
    FROM contract_lines l WHERE l.id = assignments.line_id);
CREATE TRIGGER assignments_ledger AFTER INSERT ON assignments
BEGIN
    UPDATE assignments SET in_tier = (
        SELECT (l.min_words IS NULL OR 0 >= l.min_words) AND (l.max_words IS NULL OR 0 <= l.max_words)
        FROM contract_lines l WHERE l.id = NEW.line_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER revisions_ledger AFTER INSERT ON revisions
BEGIN
    UPDATE assignments SET words = NEW.word_count, in_tier = (
        SELECT (l.min_words IS NULL OR NEW.word_count >= l.min_words)
           AND (l.max_words IS NULL OR NEW.word_count <= l.max_words)
        FROM contract_lines l WHERE l.id = assignments.line_id)
    WHERE id = NEW.assignment_id;
END;
CREATE TRIGGER publications_ledger AFTER INSERT ON publications
BEGIN
    UPDATE assignments SET first_published_at = NEW.published_at
    WHERE id = NEW.assignment_id AND (first_published_at IS NULL OR first_published_at > NEW.published_at);
END;
CREATE TRIGGER counting_overrides_ledger AFTER INSERT ON counting_overrides
BEGIN UPDATE assignments SET counts_override = NEW.counts WHERE id = NEW.assignment_id; END;
CREATE INDEX assignments_due ON assignments(line_id, state, due_on);
CREATE INDEX assignments_ledger ON assignments(line_id, state, counts_override, in_tier, first_published_at);

ALTER TABLE contracts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN agency_signatory TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN newsroom_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN newsroom_signatory TEXT NOT NULL DEFAULT '';

CREATE TABLE contract_policies (
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    policy_id TEXT NOT NULL REFERENCES policies(id),
    PRIMARY KEY (contract_id, policy_id)
) STRICT;

CREATE TABLE contract_amendments (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    number TEXT NOT NULL CHECK (length(trim(number)) > 0),
    signed_on TEXT,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    total_value_before INTEGER NOT NULL,
    total_value_after INTEGER NOT NULL CHECK (total_value_after >= 0),
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    UNIQUE (contract_id, number)
) STRICT;
CREATE TABLE amendment_lines (
    amendment_id TEXT NOT NULL REFERENCES contract_amendments(id),
    line_id TEXT NOT NULL REFERENCES contract_lines(id),
    quantity_before INTEGER,
    quantity_after INTEGER NOT NULL CHECK (quantity_after > 0),
    unit_price_before INTEGER,
    unit_price_after INTEGER NOT NULL CHECK (unit_price_after >= 0),
    PRIMARY KEY (amendment_id, line_id)
) STRICT;
CREATE TRIGGER contract_amendments_append_only_u BEFORE UPDATE ON contract_amendments
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;
CREATE TRIGGER contract_amendments_append_only_d BEFORE DELETE ON contract_amendments
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;
CREATE TRIGGER amendment_lines_append_only_u BEFORE UPDATE ON amendment_lines
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;
CREATE TRIGGER amendment_lines_append_only_d BEFORE DELETE ON amendment_lines
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;

CREATE TABLE acceptances (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    seq INTEGER NOT NULL CHECK (seq > 0),
    period_from TEXT NOT NULL,
    period_until TEXT NOT NULL,
    total_amount INTEGER NOT NULL CHECK (total_amount >= 0),
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    CHECK (period_until >= period_from),
    UNIQUE (contract_id, seq),
    UNIQUE (contract_id, period_until)
) STRICT;
CREATE TABLE acceptance_items (
    acceptance_id TEXT NOT NULL REFERENCES acceptances(id),
    position INTEGER NOT NULL CHECK (position > 0),
    assignment_id TEXT NOT NULL UNIQUE REFERENCES assignments(id),
    line_id TEXT NOT NULL REFERENCES contract_lines(id),
    headline TEXT NOT NULL,
    author TEXT NOT NULL,
    genre TEXT NOT NULL,
    channel TEXT NOT NULL,
    outlet TEXT,
    published_at TEXT NOT NULL,
    url TEXT NOT NULL,
    remote_id TEXT,
    sent_sha256 TEXT,
    content_hash TEXT,
    words INTEGER NOT NULL,
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    views INTEGER,
    comments INTEGER,
    PRIMARY KEY (acceptance_id, position)
) STRICT;
CREATE TRIGGER acceptances_append_only_u BEFORE UPDATE ON acceptances
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
CREATE TRIGGER acceptances_append_only_d BEFORE DELETE ON acceptances
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
CREATE TRIGGER acceptance_items_append_only_u BEFORE UPDATE ON acceptance_items
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
CREATE TRIGGER acceptance_items_append_only_d BEFORE DELETE ON acceptance_items
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
"#;

const V7: &str = r#"
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
"#;

/// Schema v10 (issue «Nothing lost, nothing leaked», items 11 and 12): a
/// contract recorded without its value says so (`value_unknown = 1`; NULL,
/// what a row from an older workbench carries, is a known value), existing
/// 0 ₫ contracts are taken as unknown; a profile's optional passphrase, as
/// an argon2id hash, local to this workbench (never replicated).
const V10: &str = r#"
ALTER TABLE contracts ADD COLUMN value_unknown INTEGER CHECK (value_unknown IS NULL OR value_unknown = 1);
UPDATE contracts SET value_unknown = 1 WHERE total_value = 0;
CREATE TABLE profile_passphrases (
    person_id TEXT PRIMARY KEY REFERENCES people(id),
    phc TEXT NOT NULL CHECK (phc LIKE '$argon2id$%'),
    set_at TEXT NOT NULL
) STRICT;
"#;

/// The contracts' capture triggers, rebuilt with the new column.
fn v10_backfill(conn: &Connection) -> Result<()> {
    if let Some(t) = super::sync::replicated("contracts") {
        conn.execute_batch(&super::sync::capture_sql(conn, t)?)?;
    }
    Ok(())
}

/// Schema v11 (issue «The whole desk in the window»). New columns are
/// nullable, so a row pulled from a workbench of an older version (its JSON
/// lacks them) still applies: `priority` NULL is thường, `stage` NULL is
/// "not said", `deactivated_at` NULL is active.
const V11: &str = r#"
ALTER TABLE people ADD COLUMN deactivated_at TEXT;
ALTER TABLE assignments ADD COLUMN priority TEXT CHECK (priority IS NULL OR priority IN ('thuong', 'gap'));
ALTER TABLE assignments ADD COLUMN stage TEXT
    CHECK (stage IS NULL OR stage IN ('lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi'));
-- When the piece was last given to its reporter (their answers count from then).
ALTER TABLE assignments ADD COLUMN assigned_at TEXT;
CREATE INDEX assignments_deadline ON assignments(due_on);
-- The period report walks the published pieces in the order it groups
-- them (no sort, no table lookup: the covering index carries the day and
-- the piece's number), and joins each to its audience totals by number
-- (an integer seek into a covering index, not a text key).
CREATE INDEX assignments_published ON assignments(policy_id, stage, line_id, state, in_tier, counts_override,
    first_published_at) WHERE first_published_at IS NOT NULL;
ALTER TABLE engagement_totals ADD COLUMN num INTEGER;
UPDATE engagement_totals SET num = (SELECT a.num FROM assignments a WHERE a.id = engagement_totals.assignment_id);
CREATE INDEX engagement_totals_num ON engagement_totals(num, views, visits, comments, shares, reactions);

-- A reporter's answer to an assignment; append-only, the newest counts.
CREATE TABLE assignment_responses (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    response TEXT NOT NULL CHECK (response IN ('accept', 'decline')),
    reason TEXT,
    at TEXT NOT NULL,
    CHECK (response = 'accept' OR length(trim(reason)) > 0)
) STRICT;
CREATE INDEX assignment_responses_piece ON assignment_responses(assignment_id, at);
CREATE TRIGGER assignment_responses_append_only_u BEFORE UPDATE ON assignment_responses
BEGIN SELECT RAISE(ABORT, 'assignment responses are append-only'); END;
CREATE TRIGGER assignment_responses_append_only_d BEFORE DELETE ON assignment_responses
WHEN (SELECT applying FROM sync_control) = 0
BEGIN SELECT RAISE(ABORT, 'assignment_responses are append-only'); END;

-- Whom to ask at an agency (focal points for policy communication).
CREATE TABLE agency_contacts (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dau-moi', 'phat-ngon', 'lanh-dao')),
    phone TEXT,
    email TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT
) STRICT;
CREATE INDEX agency_contacts_agency ON agency_contacts(agency_id);

-- A policy through its stages (Decision 407/QĐ-TTg: from consultation on
-- the draft to enforcement), each with its day and document; append-only.
CREATE TABLE policy_stages (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies(id),
    stage TEXT NOT NULL CHECK (stage IN ('lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi')),
    on_date TEXT NOT NULL,
    document_id TEXT REFERENCES media(id),
    note TEXT,
    recorded_by TEXT NOT NULL REFERENCES people(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX policy_stages_policy ON policy_stages(policy_id, on_date);
CREATE TRIGGER policy_stages_append_only_u BEFORE UPDATE ON policy_stages
BEGIN SELECT RAISE(ABORT, 'policy stages are append-only'); END;
CREATE TRIGGER policy_stages_append_only_d BEFORE DELETE ON policy_stages
WHEN (SELECT applying FROM sync_control) = 0
BEGIN SELECT RAISE(ABORT, 'policy_stages are append-only'); END;

-- Citizens' feedback from every channel, with what became of it.
CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies(id),
    assignment_id TEXT REFERENCES assignments(id),
    channel TEXT NOT NULL CHECK (channel IN ('duong-day-nong', 'hoi-nghi', 'zalo', 'facebook', 'cong-thong-tin')),
    text TEXT NOT NULL,
    received_on TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('moi', 'da-chuyen', 'da-tra-loi')),
    forwarded_to TEXT,
    forwarded_on TEXT,
    answer TEXT,
    answered_on TEXT,
    recorded_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (state <> 'da-tra-loi' OR length(trim(answer)) > 0)
) STRICT;
CREATE INDEX feedback_policy ON feedback(policy_id, received_on);
CREATE INDEX feedback_state ON feedback(state, received_on);
"#;

/// Capture triggers for the new tables and for the tables that gained a
/// column (a workbench joined to a hub sends them like the others).
fn v11_backfill(conn: &Connection) -> Result<()> {
    for name in ["people", "assignments", "assignment_responses", "agency_contacts", "policy_stages", "feedback"] {
        let t = super::sync::replicated(name).expect("v11 tables replicate");
        conn.execute_batch(&super::sync::capture_sql(conn, t)?)?;
    }
    Ok(())
}
