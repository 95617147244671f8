//! `newsroom audit`: the append-only audit trail.
use clap::Args;
use serde_json::json;
use toasoan_core::domain::Person;
use toasoan_core::time::vn_datetime_display;
use toasoan_core::{Desk, Result};

use crate::output::emit;

/// `audit` flags.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Chỉ các sự kiện về đối tượng này (id).
    #[arg(long)]
    entity: Option<String>,
}

/// Runs `audit`.
pub fn run(desk: &Desk, me: &Person, a: AuditArgs, json: bool) -> Result<()> {
    let entity = a.entity;
    let events = desk.audit_log(me, entity.as_deref())?;
    emit(json, &json!({ "events": events }), || {
        for e in &events {
            crate::out!(
                "{:>5} {} {:<8} {:<28} {} {}",
                e.seq,
                vn_datetime_display(e.at),
                e.actor,
                e.action,
                e.entity_id,
                e.detail
            );
        }
    });
    Ok(())
}
