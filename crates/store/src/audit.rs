//! The append-only audit log (triggers refuse UPDATE and DELETE).

use rusqlite::params;

use super::Db;
use crate::Result;
use toasoan_domain::time::from_db;
use toasoan_domain::AuditEvent;

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewAuditEvent<'a> {
    /// Acting login.
    pub actor: &'a str,
    /// What happened, e.g. `assignment.approve`.
    pub action: &'a str,
    /// Kind of entity.
    pub entity_kind: &'a str,
    /// Entity id.
    pub entity_id: &'a str,
    /// Details.
    pub detail: serde_json::Value,
}

impl Db<'_> {
    /// Appends an audit event.
    pub fn append_audit(&self, e: &NewAuditEvent<'_>, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit_log(id, at, actor, action, entity_kind, entity_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                toasoan_domain::ids::new_id(),
                now,
                e.actor,
                e.action,
                e.entity_kind,
                e.entity_id,
                e.detail.to_string()
            ])?;
        Ok(())
    }

    /// Audit events, oldest first; only those about `entity_id` if given.
    pub fn audit(&self, entity_id: Option<&str>) -> Result<Vec<AuditEvent>> {
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<AuditEvent> {
            let detail: String = r.get(6)?;
            Ok(AuditEvent {
                seq: r.get(0)?,
                at: from_db(&r.get::<_, String>(1)?),
                actor: r.get(2)?,
                action: r.get(3)?,
                entity_kind: r.get(4)?,
                entity_id: r.get(5)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        };
        let base = "SELECT seq, at, actor, action, entity_kind, entity_id, detail FROM audit_log";
        let rows = match entity_id {
            Some(id) => {
                let mut st = self.conn.prepare(&format!("{base} WHERE entity_id = ?1 ORDER BY seq"))?;
                let v = st.query_map([id], map)?.collect::<rusqlite::Result<Vec<_>>>()?;
                v
            }
            None => {
                let mut st = self.conn.prepare(&format!("{base} ORDER BY seq"))?;
                let v = st.query_map([], map)?.collect::<rusqlite::Result<Vec<_>>>()?;
                v
            }
        };
        Ok(rows)
    }
}
