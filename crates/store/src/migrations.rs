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

const V1: &str = include_str!("migrations/0001-base.sql");

const V2: &str = include_str!("migrations/0002-search.sql");

const V3: &str = include_str!("migrations/0003-media.sql");

const V4: &str = include_str!("migrations/0004-publishing.sql");

const V5: &str = include_str!("migrations/0005-counting-overrides.sql");

const V6: &str = include_str!("migrations/0006-contract-ledger.sql");

const V7: &str = include_str!("migrations/0007-engagement.sql");

/// Schema v10 (issue «Nothing lost, nothing leaked», items 11 and 12): a
/// contract recorded without its value says so (`value_unknown = 1`; NULL,
/// what a row from an older workbench carries, is a known value), existing
/// 0 ₫ contracts are taken as unknown; a profile's optional passphrase, as
/// an argon2id hash, local to this workbench (never replicated).
const V10: &str = include_str!("migrations/0010-reliability.sql");

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
const V11: &str = include_str!("migrations/0011-whole-desk.sql");

/// Capture triggers for the new tables and for the tables that gained a
/// column (a workbench joined to a hub sends them like the others).
fn v11_backfill(conn: &Connection) -> Result<()> {
    for name in ["people", "assignments", "assignment_responses", "agency_contacts", "policy_stages", "feedback"] {
        let t = super::sync::replicated(name).expect("v11 tables replicate");
        conn.execute_batch(&super::sync::capture_sql(conn, t)?)?;
    }
    Ok(())
}
