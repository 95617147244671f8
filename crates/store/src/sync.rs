//! The workbench's side of team mode: which tables replicate, the capture of
//! their changes (triggers writing `sync_outbox` in the transaction that
//! makes the change), the push cursor, the applying of pulled rows, and the
//! sync state (hub address, login, snapshot, refusals).
//!
//! Invariant: capture is on only on a workbench joined to a hub
//! (`sync_control.capture`), and off while pulled rows are applied, so a row
//! that came from the hub is never sent back as a change of this workbench.
//! Apply is idempotent: the same page again changes nothing.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::Db;
use crate::Result;
use toasoan_domain::SyncRefusal;

/// A table that replicates: its key columns and the columns that stay local
/// (display numbers, facts derived by this workbench's triggers, paths of
/// files on this machine).
#[derive(Debug, Clone, Copy)]
pub struct Replicated {
    /// Table name (the hub's `tbl`).
    pub table: &'static str,
    /// Key columns; a composite key is joined with `|` into the hub's id.
    pub key: &'static [&'static str],
    /// Columns that never leave this workbench.
    pub local: &'static [&'static str],
    /// Rows are never changed once written (applied with `INSERT OR IGNORE`).
    pub append_only: bool,
}

const fn table(
    table: &'static str,
    key: &'static [&'static str],
    local: &'static [&'static str],
    append_only: bool,
) -> Replicated {
    Replicated { table, key, local, append_only }
}

/// The replicated tables, parents first (the order rows are applied in).
/// Schema v8 captures exactly these; a later migration that adds a column to
/// one of them recreates its capture triggers ([`capture_sql`]).
pub const REPLICATED: &[Replicated] = &[
    table("people", &["id"], &[], false),
    table("agencies", &["id"], &[], false),
    table("policies", &["id"], &[], false),
    table("agency_contacts", &["id"], &[], false),
    table("contracts", &["id"], &[], false),
    table("contract_lines", &["id"], &[], false),
    table("contract_policies", &["contract_id", "policy_id"], &[], false),
    table("contract_amendments", &["id"], &[], true),
    table("amendment_lines", &["amendment_id", "line_id"], &[], true),
    table("assignments", &["id"], &["num", "words", "in_tier", "first_published_at", "counts_override"], false),
    table("revisions", &["id"], &[], true),
    table("approvals", &["id"], &[], true),
    table("comments", &["id"], &[], false),
    // A publication names this workbench's portal account (each workbench
    // has its own): the id stays here, the URL and remote id travel.
    table("publications", &["id"], &["sent_path", "page_path", "portal_id"], true),
    table("counting_overrides", &["id"], &[], true),
    table("acceptances", &["id"], &[], true),
    table("acceptance_items", &["acceptance_id", "position"], &[], true),
    table("media", &["id"], &[], false),
    table("media_uses", &["media_id", "assignment_id"], &[], false),
    table("policy_stages", &["id"], &[], true),
    table("assignment_responses", &["id"], &[], true),
    table("feedback", &["id"], &[], false),
    table("engagement_snapshots", &["id"], &[], true),
    table("citizen_comments", &["id"], &[], true),
    table("audit_log", &["id"], &["seq"], true),
];

/// Schema v12: pulled rows that could not be applied here (a value this
/// schema refuses, a parent that never came, a deletion of a row others
/// need), kept with the reason instead of stopping every pull; tried again
/// on each sync, removed once they apply.
pub(crate) fn v12_backfill(conn: &Connection) -> Result<()> {
    let t = replicated("assignments").expect("assignments replicate");
    conn.execute_batch(&capture_sql(conn, t)?)?;
    Ok(())
}

pub(crate) const V12: &str = include_str!("migrations/0012-trust-boundary.sql");

/// The replicated table named `name`.
pub fn replicated(name: &str) -> Option<&'static Replicated> {
    REPLICATED.iter().find(|t| t.table == name)
}

/// Schema v8: the sync tables, the parent of each revision (two revisions
/// on one parent are two branches), and append-only deletes allowed only
/// while a piece that left this person's scope is removed.
pub(crate) const V8: &str = include_str!("migrations/0008-team-mode.sql");

/// Schema v8's generated part: capture triggers for every replicated table,
/// and the append-only delete triggers relaxed while applying.
pub(crate) fn v8_backfill(conn: &Connection) -> Result<()> {
    // Tables of later versions do not exist yet: their migration captures them.
    for t in REPLICATED {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [t.table],
            |r| r.get(0),
        )?;
        if exists {
            conn.execute_batch(&capture_sql(conn, t)?)?;
        }
    }
    let deletes: Vec<(String, String)> = conn
        .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only_d'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, tbl) in deletes {
        conn.execute_batch(&format!(
            "DROP TRIGGER {name};
             CREATE TRIGGER {name} BEFORE DELETE ON {tbl} WHEN (SELECT applying FROM sync_control) = 0
             BEGIN SELECT RAISE(ABORT, '{tbl} are append-only'); END;"
        ))?;
    }
    Ok(())
}

/// The replicated columns of `t`, in table order.
pub fn columns(conn: &Connection, t: &Replicated) -> Result<Vec<String>> {
    let cols = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.table))?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols.into_iter().filter(|c| !t.local.contains(&c.as_str())).collect())
}

fn key_expr(t: &Replicated, row: &str) -> String {
    t.key.iter().map(|k| format!("{row}.{k}")).collect::<Vec<_>>().join(" || '|' || ")
}

fn json_expr(cols: &[String], row: &str) -> String {
    let pairs: Vec<String> = cols.iter().map(|c| format!("'{c}', {row}.{c}")).collect();
    format!("json_object({})", pairs.join(", "))
}

/// The capture triggers of one table (dropped and made again).
pub fn capture_sql(conn: &Connection, t: &Replicated) -> Result<String> {
    let cols = columns(conn, t)?;
    let name = t.table;
    let on = "(SELECT capture FROM sync_control) = 1";
    // Events of the migrations themselves stay on this workbench.
    let audit = if name == "audit_log" { " AND NEW.actor <> 'system'" } else { "" };
    let changed: Vec<String> = cols.iter().map(|c| format!("OLD.{c} IS NOT NEW.{c}")).collect();
    // A change of a piece names what each field it changed held before
    // (`_from`), so the hub applies only those fields, and refuses the change
    // when one of them was changed meanwhile by someone else (compare-and-set
    // per field: a stale offline edit never undoes another's, and two edits
    // of two fields both stand).
    let updated = if name == "assignments" {
        let olds: Vec<String> = cols
            .iter()
            .filter(|c| !t.key.contains(&c.as_str()))
            .map(|c| format!("SELECT '{c}' AS k, OLD.{c} AS v WHERE OLD.{c} IS NOT NEW.{c}"))
            .collect();
        format!(
            "json_set({}, '$._from', json((SELECT json_group_object(k, v) FROM ({}))))",
            json_expr(&cols, "NEW"),
            olds.join(" UNION ALL ")
        )
    } else {
        json_expr(&cols, "NEW")
    };
    Ok(format!(
        "DROP TRIGGER IF EXISTS sync_{name}_i;
         DROP TRIGGER IF EXISTS sync_{name}_u;
         DROP TRIGGER IF EXISTS sync_{name}_d;
         CREATE TRIGGER sync_{name}_i AFTER INSERT ON {name} WHEN {on}{audit}
         BEGIN INSERT INTO sync_outbox (tbl, row_id, data) VALUES ('{name}', {kn}, {jn}); END;
         CREATE TRIGGER sync_{name}_u AFTER UPDATE ON {name} WHEN {on} AND ({changed})
         BEGIN INSERT INTO sync_outbox (tbl, row_id, data) VALUES ('{name}', {kn}, {updated}); END;
         CREATE TRIGGER sync_{name}_d AFTER DELETE ON {name} WHEN {on}
         BEGIN INSERT INTO sync_outbox (tbl, row_id, data) VALUES ('{name}', {ko}, NULL); END;",
        kn = key_expr(t, "NEW"),
        ko = key_expr(t, "OLD"),
        jn = json_expr(&cols, "NEW"),
        changed = changed.join(" OR "),
    ))
}

/// A captured change waiting to be pushed.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxOp {
    /// Sequence number (the push cursor).
    pub seq: i64,
    /// Table.
    pub tbl: String,
    /// Row id (composite keys joined with `|`).
    pub row_id: String,
    /// The row as written, `None` for a deletion.
    pub data: Option<Value>,
}

/// A pulled row set aside here (it did not apply), with why and when.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// Table.
    pub tbl: String,
    /// Row id.
    pub id: String,
    /// The row as received; `None` for a deletion.
    pub data: Option<Value>,
    /// Why it did not apply.
    pub reason: String,
    /// When it was set aside (UTC, stored form).
    pub set_at: String,
}

/// A row to apply, as the hub holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowIn<'a> {
    /// Table.
    pub tbl: &'a str,
    /// Row id.
    pub id: &'a str,
    /// Columns.
    pub data: &'a Value,
    /// A tombstone.
    pub deleted: bool,
}

impl Db<'_> {
    /// Turns capture on (joined to a hub) or off.
    pub fn set_capture(&self, on: bool) -> Result<()> {
        self.conn.execute("UPDATE sync_control SET capture = ?1", [on as i64])?;
        Ok(())
    }

    /// Whether changes are captured (this workbench is joined to a hub).
    pub fn capturing(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT capture FROM sync_control", [], |r| r.get::<_, i64>(0))? == 1)
    }

    /// The oldest `limit` changes waiting to be pushed.
    pub fn outbox_ops(&self, limit: usize) -> Result<Vec<OutboxOp>> {
        let mut st =
            self.conn.prepare_cached("SELECT seq, tbl, row_id, data FROM sync_outbox ORDER BY seq LIMIT ?1")?;
        let rows = st
            .query_map([limit as i64], |r| {
                let data: Option<String> = r.get(3)?;
                Ok(OutboxOp {
                    seq: r.get(0)?,
                    tbl: r.get(1)?,
                    row_id: r.get(2)?,
                    data: data.and_then(|d| serde_json::from_str(&d).ok()),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many changes wait to be pushed.
    pub fn outbox_len(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0))?)
    }

    /// Forgets the changes up to `seq`: the hub has settled them.
    pub fn ack_outbox(&self, seq: i64) -> Result<()> {
        self.conn.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [seq])?;
        Ok(())
    }

    /// Keeps a refused change where its author will see it (with its data:
    /// no text is lost).
    pub fn record_refusal(&self, op: &OutboxOp, reason: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_refusals (seq, tbl, row_id, data, reason, refused_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![op.seq, op.tbl, op.row_id, op.data.as_ref().map(Value::to_string), reason, now],
        )?;
        Ok(())
    }

    /// Refusals not yet seen, oldest first.
    pub fn refusals(&self) -> Result<Vec<SyncRefusal>> {
        let mut st = self.conn.prepare(
            "SELECT id, tbl, row_id, reason, data, refused_at FROM sync_refusals WHERE seen = 0 ORDER BY id",
        )?;
        let rows = st
            .query_map([], |r| {
                let table: String = r.get(1)?;
                let row_id: String = r.get(2)?;
                let data: Option<String> = r.get(4)?;
                // The piece it belongs to: the row itself, or the row's `assignment_id`.
                let assignment_id = if table == "assignments" {
                    Some(row_id.clone())
                } else {
                    data.as_deref()
                        .and_then(|d| serde_json::from_str::<Value>(d).ok())
                        .and_then(|v| v["assignment_id"].as_str().map(str::to_string))
                };
                Ok(SyncRefusal {
                    id: r.get(0)?,
                    assignment_id,
                    table,
                    row_id,
                    reason: r.get(3)?,
                    data,
                    refused_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many refusals are not yet seen.
    pub fn refusal_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM sync_refusals WHERE seen = 0", [], |r| r.get(0))?)
    }

    /// Marks a refusal seen (its author read it); false when there is none.
    pub fn dismiss_refusal(&self, id: i64) -> Result<bool> {
        Ok(self.conn.execute("UPDATE sync_refusals SET seen = 1 WHERE id = ?1 AND seen = 0", [id])? == 1)
    }

    /// A value of the sync state.
    pub fn sync_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Sets a value of the sync state.
    pub fn set_sync_value(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Every row of the replicated tables as JSON (a solo newsroom becoming
    /// the hub's first state): (table, id, data).
    pub fn export_rows(&self) -> Result<Vec<(String, String, Value)>> {
        let mut out = Vec::new();
        for t in REPLICATED {
            let cols = columns(self.conn, t)?;
            let sql = format!(
                "SELECT {}, {} FROM {}{}",
                key_expr(t, t.table),
                json_expr(&cols, t.table),
                t.table,
                if t.table == "audit_log" { " WHERE actor <> 'system' ORDER BY seq" } else { "" }
            );
            let mut st = self.conn.prepare(&sql)?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, data) = row?;
                out.push((t.table.to_string(), id, serde_json::from_str(&data).unwrap_or(Value::Null)));
            }
        }
        Ok(out)
    }

    /// Applies pulled rows with capture off (they came from the hub). A
    /// tombstone deletes; an append-only row is inserted once; others are
    /// inserted or replace the local row. A revision whose display number is
    /// taken by another revision of the piece gets the next free one.
    ///
    /// A pulled row is hostile input: each is applied under its own
    /// savepoint with foreign keys checked at once, and one that does not
    /// apply (`refuse` said why first, or this schema refuses it) is set
    /// aside with the reason (`sync_setaside`) while the others go on; a row
    /// set aside before is removed from there once a version of it applies.
    /// Returns (applied, set aside).
    pub fn apply_rows(
        &self,
        rows: &[RowIn<'_>],
        now: &str,
        refuse: &dyn Fn(&RowIn<'_>) -> Option<String>,
    ) -> Result<(usize, usize)> {
        self.conn.execute_batch("UPDATE sync_control SET applying = 1, capture = 0")?;
        self.conn.execute_batch("PRAGMA defer_foreign_keys = OFF")?;
        // The page whole first (the common case, as fast as it can be); if
        // one row does not apply, the page again, each row under its own
        // savepoint, that row set aside and the others applied.
        self.conn.execute_batch("SAVEPOINT pulled_page")?;
        let done = match self.apply_each(rows, now, refuse, false) {
            Err(ApplyFail::Row(_)) => {
                self.conn.execute_batch("ROLLBACK TO pulled_page")?;
                self.apply_each(rows, now, refuse, true)
            }
            other => other,
        };
        match done {
            Ok(counts) => {
                self.conn.execute_batch("RELEASE pulled_page")?;
                // What follows in the same transaction (a piece leaving this
                // person's scope) removes rows in any order.
                self.conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
                Ok(counts)
            }
            Err(e) => {
                self.conn.execute_batch("ROLLBACK TO pulled_page; RELEASE pulled_page")?;
                Err(match e {
                    ApplyFail::Store(e) => e,
                    ApplyFail::Row(why) => crate::StoreError(toasoan_domain::Error::Storage(why)),
                })
            }
        }
    }

    /// [`Db::apply_rows`]'s loop: with `careful`, each row under its own
    /// savepoint and set aside when it does not apply; without, the first
    /// row that does not apply stops the loop (`ApplyFail::Row`).
    fn apply_each(
        &self,
        rows: &[RowIn<'_>],
        now: &str,
        refuse: &dyn Fn(&RowIn<'_>) -> Option<String>,
        careful: bool,
    ) -> std::result::Result<(usize, usize), ApplyFail> {
        let store = ApplyFail::Store;
        let waiting: i64 =
            self.conn.query_row("SELECT count(*) FROM sync_setaside", [], |r| r.get(0)).map_err(|e| store(e.into()))?;
        let (mut applied, mut set_aside) = (0, 0);
        for r in rows {
            let Some(t) = replicated(r.tbl) else {
                self.set_aside_row(r, "bảng không đồng bộ", now).map_err(store)?;
                set_aside += 1;
                continue;
            };
            // A change still waiting here goes to the hub first; it decides.
            let pending: bool = self
                .conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE tbl = ?1 AND row_id = ?2)")
                .and_then(|mut st| st.query_row(params![r.tbl, r.id], |x| x.get(0)))
                .map_err(|e| store(e.into()))?;
            if pending {
                continue;
            }
            if let Some(why) = refuse(r) {
                self.set_aside_row(r, &why, now).map_err(store)?;
                set_aside += 1;
                continue;
            }
            if careful {
                self.conn.execute_batch("SAVEPOINT pulled_row").map_err(|e| store(e.into()))?;
            }
            match self.apply_row(t, r) {
                Ok(n) => {
                    if careful {
                        self.conn.execute_batch("RELEASE pulled_row").map_err(|e| store(e.into()))?;
                    }
                    if waiting > 0 {
                        self.conn
                            .execute("DELETE FROM sync_setaside WHERE tbl = ?1 AND row_id = ?2", params![r.tbl, r.id])
                            .map_err(|e| store(e.into()))?;
                    }
                    applied += n;
                }
                Err(ApplyFail::Row(why)) if careful => {
                    self.conn
                        .execute_batch("ROLLBACK TO pulled_row; RELEASE pulled_row")
                        .map_err(|e| store(e.into()))?;
                    self.set_aside_row(r, &why, now).map_err(store)?;
                    set_aside += 1;
                }
                Err(e) => {
                    if careful {
                        let _ = self.conn.execute_batch("ROLLBACK TO pulled_row; RELEASE pulled_row");
                    }
                    return Err(e);
                }
            }
        }
        Ok((applied, set_aside))
    }

    fn apply_row(&self, t: &Replicated, r: &RowIn<'_>) -> std::result::Result<usize, ApplyFail> {
        let cols = columns(self.conn, t).map_err(ApplyFail::Store)?;
        if r.deleted {
            let cond: Vec<String> = t.key.iter().map(|k| format!("{k} = ?")).collect();
            let parts: Vec<&str> = r.id.split('|').collect();
            if parts.len() != t.key.len() {
                return Err(ApplyFail::Row(format!("mã dòng «{}» không khớp khóa của bảng", r.id)));
            }
            self.conn.execute(
                &format!("DELETE FROM {} WHERE {}", t.table, cond.join(" AND ")),
                rusqlite::params_from_iter(parts.iter()),
            )?;
            return Ok(1);
        }
        if t.table == "revisions" {
            self.renumber_revision(r.data).map_err(ApplyFail::Store)?;
        }
        let names = cols.join(", ");
        let values: Vec<String> = cols.iter().map(|c| format!("json_extract(?1, '$.\"{c}\"')")).collect();
        let sql = if t.append_only {
            format!("INSERT OR IGNORE INTO {} ({names}) VALUES ({})", t.table, values.join(", "))
        } else {
            let sets: Vec<String> =
                cols.iter().filter(|c| !t.key.contains(&c.as_str())).map(|c| format!("{c} = excluded.{c}")).collect();
            format!(
                "INSERT INTO {} ({names}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
                t.table,
                values.join(", "),
                t.key.join(", "),
                sets.join(", ")
            )
        };
        Ok(self.conn.prepare_cached(&sql)?.execute([r.data.to_string()])?)
    }

    /// Keeps a pulled row that could not be applied here, with the reason.
    pub fn set_aside_row(&self, r: &RowIn<'_>, reason: &str, now: &str) -> Result<()> {
        let data = if r.deleted { None } else { Some(r.data.to_string()) };
        self.conn.execute(
            "INSERT INTO sync_setaside (tbl, row_id, data, reason, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (tbl, row_id) DO UPDATE SET data = excluded.data, reason = excluded.reason, set_at = excluded.set_at",
            params![r.tbl.chars().take(64).collect::<String>(), r.id.chars().take(200).collect::<String>(), data, reason, now],
        )?;
        Ok(())
    }

    /// The pulled rows set aside here, oldest first.
    pub fn set_aside_rows(&self, limit: usize) -> Result<Vec<SetAside>> {
        let mut st = self.conn.prepare(
            "SELECT tbl, row_id, data, reason, set_at FROM sync_setaside ORDER BY set_at, tbl, row_id LIMIT ?1",
        )?;
        let rows = st
            .query_map([limit as i64], |r| {
                let data: Option<String> = r.get(2)?;
                Ok(SetAside {
                    tbl: r.get(0)?,
                    id: r.get(1)?,
                    data: data.and_then(|d| serde_json::from_str(&d).ok()),
                    reason: r.get(3)?,
                    set_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many pulled rows are set aside here.
    pub fn set_aside_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM sync_setaside", [], |r| r.get(0))?)
    }

    /// Ends applying: capture back on.
    pub fn end_apply(&self) -> Result<()> {
        self.conn.execute_batch("UPDATE sync_control SET applying = 0, capture = 1")?;
        Ok(())
    }

    /// Gives an incoming revision the next display number of its piece when
    /// another revision already has its number (two branches).
    fn renumber_revision(&self, data: &Value) -> Result<()> {
        let (Some(id), Some(piece), Some(seq)) =
            (data["id"].as_str(), data["assignment_id"].as_str(), data["seq"].as_i64())
        else {
            return Ok(());
        };
        let taken: Option<String> = self
            .conn
            .query_row("SELECT id FROM revisions WHERE assignment_id = ?1 AND seq = ?2", params![piece, seq], |r| {
                r.get(0)
            })
            .optional()?;
        if taken.is_some_and(|t| t != id) {
            // Renumbering happens in SQL on insert: write the row here with the next number.
            let next: i64 = self.conn.query_row(
                "SELECT coalesce(max(seq), 0) + 1 FROM revisions WHERE assignment_id = ?1",
                [piece],
                |r| r.get(0),
            )?;
            let mut d = data.clone();
            d["seq"] = Value::from(next);
            let cols = columns(self.conn, replicated("revisions").expect("revisions replicate"))?;
            let values: Vec<String> = cols.iter().map(|c| format!("json_extract(?1, '$.\"{c}\"')")).collect();
            self.conn.execute(
                &format!("INSERT OR IGNORE INTO revisions ({}) VALUES ({})", cols.join(", "), values.join(", ")),
                [d.to_string()],
            )?;
        }
        Ok(())
    }

    /// Media files waiting to travel, `up` or `down`.
    pub fn pending_files(&self, direction: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached("SELECT path FROM sync_files WHERE direction = ?1 ORDER BY path")?;
        let rows = st.query_map([direction], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// A media file has travelled.
    pub fn file_done(&self, path: &str) -> Result<()> {
        self.conn.execute("DELETE FROM sync_files WHERE path = ?1", [path])?;
        Ok(())
    }

    /// Queues every media file of the store to be sent (a solo newsroom
    /// joining its hub).
    pub fn queue_all_files(&self) -> Result<()> {
        self.conn.execute_batch(
            "INSERT OR IGNORE INTO sync_files (path, direction)
             SELECT substr(sha256, 1, 2) || '/' || sha256 || '.' || ext, 'up' FROM media
             UNION ALL SELECT substr(sha256, 1, 2) || '/' || sha256 || '.web.' || web_ext, 'up' FROM media WHERE web_ext IS NOT NULL
             UNION ALL SELECT substr(sha256, 1, 2) || '/' || sha256 || '.thumb.' || thumb_ext, 'up' FROM media WHERE thumb_ext IS NOT NULL",
        )?;
        Ok(())
    }

    /// Pieces whose revisions branched and are not merged yet.
    pub fn branched_pieces(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached("SELECT assignment_id FROM sync_conflicts ORDER BY detected_at")?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// The ids of a piece's leaf revisions: those no revision continues or
    /// merges. More than one is a branch to merge.
    pub fn leaf_revisions(&self, assignment_id: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT v.id FROM revisions v WHERE v.assignment_id = ?1
               AND NOT EXISTS (SELECT 1 FROM revisions c WHERE c.parent_id = v.id AND c.assignment_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM revisions c WHERE c.merge_of = v.id AND c.assignment_id = ?1)
             ORDER BY v.seq",
        )?;
        let rows = st.query_map([assignment_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// The parent of a revision (the version it was written on).
    pub fn revision_parent(&self, revision_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT parent_id FROM revisions WHERE id = ?1", [revision_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Marks or clears the piece's conflict from its leaves; true when the
    /// piece has just branched (it was not marked before).
    pub fn refresh_conflict(&self, assignment_id: &str, now: &str) -> Result<bool> {
        let branched = self.leaf_revisions(assignment_id)?.len() > 1;
        if branched {
            let n = self.conn.execute(
                "INSERT OR IGNORE INTO sync_conflicts (assignment_id, detected_at) VALUES (?1, ?2)",
                [assignment_id, now],
            )?;
            Ok(n == 1)
        } else {
            self.conn.execute("DELETE FROM sync_conflicts WHERE assignment_id = ?1", [assignment_id])?;
            Ok(false)
        }
    }

    /// Appends a merge revision: written on `parent`, merging `merge_of`.
    pub fn insert_merge_revision(
        &self,
        assignment_id: &str,
        author_id: &str,
        rev: &toasoan_domain::Revision,
        parent: &str,
        merge_of: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO revisions(id, assignment_id, seq, headline, sapo, body, byline, content_hash, word_count,
                 author_id, reason, created_at, parent_id, merge_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                rev.id,
                assignment_id,
                rev.seq,
                rev.draft.headline,
                rev.draft.sapo,
                rev.draft.body,
                rev.draft.byline,
                rev.content_hash,
                rev.word_count as i64,
                author_id,
                rev.reason,
                toasoan_domain::time::to_db(rev.created_at),
                parent,
                merge_of
            ],
        )?;
        Ok(())
    }

    /// Removes one row of a replicated table that left this person's reach
    /// (capture off, as for a pulled row); an unknown table is ignored.
    pub fn remove_row(&self, tbl: &str, id: &str) -> Result<()> {
        let Some(t) = replicated(tbl) else { return Ok(()) };
        let parts: Vec<&str> = id.split('|').collect();
        if parts.len() != t.key.len() {
            return Ok(());
        }
        let cond: Vec<String> = t.key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 1)).collect();
        self.conn.execute_batch("UPDATE sync_control SET applying = 1, capture = 0")?;
        self.conn.execute(
            &format!("DELETE FROM {} WHERE {}", t.table, cond.join(" AND ")),
            rusqlite::params_from_iter(parts.iter()),
        )?;
        Ok(())
    }

    /// Removes a piece that left this person's scope, with everything that
    /// belongs to it (deletes of append-only rows are allowed while applying).
    pub fn remove_piece(&self, assignment_id: &str) -> Result<()> {
        self.conn.execute_batch("UPDATE sync_control SET applying = 1, capture = 0")?;
        // This workbench's own rows about the piece first (its working copy,
        // a branch it kept, a queued publish, its polls…): every table that
        // points at the piece and does not replicate, newest table first —
        // a table added later is covered without being named here.
        let locals: Vec<String> = self
            .conn
            .prepare(
                "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                  WHERE m.type = 'table' AND f.\"table\" = 'assignments' AND f.\"from\" = 'assignment_id'
                  ORDER BY m.rowid DESC",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for local in locals.iter().filter(|l| replicated(l).is_none()) {
            self.conn.execute(&format!("DELETE FROM {local} WHERE assignment_id = ?1"), [assignment_id])?;
        }
        for t in REPLICATED.iter().rev().filter(|t| t.table != "assignments") {
            let cols = columns(self.conn, t)?;
            if cols.iter().any(|c| c == "assignment_id") {
                self.conn.execute(&format!("DELETE FROM {} WHERE assignment_id = ?1", t.table), [assignment_id])?;
            }
        }
        // A table keyed by the piece without a declared foreign key.
        self.conn.execute("DELETE FROM engagement_latest WHERE assignment_id = ?1", [assignment_id])?;
        let num: Option<i64> = self
            .conn
            .query_row("SELECT num FROM assignments WHERE id = ?1", [assignment_id], |r| r.get(0))
            .optional()?;
        if let Some(num) = num {
            self.conn.execute("DELETE FROM search_index WHERE rowid = ?1", [num])?;
        }
        self.conn.execute("DELETE FROM assignments WHERE id = ?1", [assignment_id])?;
        self.delete_piece_notifications(assignment_id)?;
        Ok(())
    }
}

/// Why one pulled row did not apply: the row itself (a constraint, a
/// trigger's refusal, a value of the wrong kind: set aside), or the database
/// (disk full, I/O: the pull stops, to be tried again).
enum ApplyFail {
    Row(String),
    Store(crate::StoreError),
}

impl From<rusqlite::Error> for ApplyFail {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, ConstraintViolation | TypeMismatch | TooBig | Unknown) =>
            {
                ApplyFail::Row(e.to_string())
            }
            _ => ApplyFail::Store(e.into()),
        }
    }
}

/// The hub's catalogue of the replicated columns (`crates/hub/src/columns.sql`):
/// each column this workbench sends, its SQLite type and whether it is NOT
/// NULL. The hub checks every pushed row against it, so a row the hub
/// accepts applies on every workbench. Generated from the schema itself; the
/// test below fails when the committed file is stale (`TOASOAN_BLESS=1`
/// writes it anew).
pub fn hub_columns_sql(conn: &Connection) -> Result<String> {
    let mut out = String::from(
        "-- Generated from the workbench's schema (toasoan_store::sync::hub_columns_sql);\n\
         -- do not edit: `TOASOAN_BLESS=1 cargo test -p toasoan-store hub_columns` writes it.\n\
         -- (table, column, SQLite type, NOT NULL) of every column a workbench sends.\n\
         DELETE FROM toasoan.columns;\nINSERT INTO toasoan.columns (tbl, col, type, required) VALUES\n",
    );
    let mut lines = Vec::new();
    for t in REPLICATED {
        let mut st = conn.prepare(&format!("SELECT name, type, \"notnull\" FROM pragma_table_info('{}')", t.table))?;
        let cols = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        for c in cols {
            let (name, ty, notnull) = c?;
            if t.local.contains(&name.as_str()) {
                continue;
            }
            lines.push(format!("    ('{}', '{}', '{}', {})", t.table, name, ty.to_uppercase(), notnull != 0));
        }
    }
    out.push_str(&lines.join(",\n"));
    out.push_str(";\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The names in the `ARRAY[...]` that the hub's SQL function `name` returns.
    fn hub_array(rules: &str, name: &str) -> BTreeSet<String> {
        let head = format!("FUNCTION toasoan.{name}()");
        let at = rules.find(&head).unwrap_or_else(|| panic!("rules.sql has no {head}"));
        let body = &rules[at..];
        let list = &body[body.find("ARRAY[").expect("an ARRAY") + 6..];
        let list = &list[..list.find(']').expect("the ARRAY ends")];
        list.split(',').map(|t| t.trim().trim_matches('\'').to_string()).filter(|t| !t.is_empty()).collect()
    }

    /// Facts kept once, or tied: the tables that replicate and those that are
    /// append-only are declared here ([`super::REPLICATED`]) and again in the
    /// hub's SQL, which enforces them; the two must say the same. Tried by
    /// hand: dropping `citizen_comments` from the hub's list fails this.
    #[test]
    fn the_hub_replicates_the_same_tables_and_keeps_the_same_ones_append_only() {
        let rules =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hub/src/rules.sql"))
                .unwrap();
        let ours: BTreeSet<String> = super::REPLICATED.iter().map(|t| t.table.to_string()).collect();
        let append_only: BTreeSet<String> =
            super::REPLICATED.iter().filter(|t| t.append_only).map(|t| t.table.to_string()).collect();
        assert!(ours.len() > 20 && append_only.len() > 5, "the scan sees the tables");
        assert_eq!(hub_array(&rules, "replicated_tables"), ours, "replicated tables: hub (left) vs store (right)");
        assert_eq!(hub_array(&rules, "append_only_tables"), append_only, "append-only: hub (left) vs store (right)");
    }

    #[test]
    fn hub_columns_sql_is_generated_from_this_schema() {
        let store = crate::Store::open_in_memory().unwrap();
        let sql = store.read(|db| Ok(super::hub_columns_sql(db.conn)?)).unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hub/src/columns.sql");
        if std::env::var_os("TOASOAN_BLESS").is_some() {
            std::fs::write(&path, &sql).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == sql,
            "crates/hub/src/columns.sql is stale: run `TOASOAN_BLESS=1 cargo test -p toasoan-store hub_columns`"
        );
        assert!(sql.contains("('revisions', 'body', 'TEXT', true)"), "{sql}");
        assert!(!sql.contains("('assignments', 'num'"), "local columns stay local");
    }
}
