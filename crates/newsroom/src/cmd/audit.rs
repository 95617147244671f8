//! `newsroom audit`: the append-only audit trail.
use clap::Args;
use serde_json::json;
use toasoan_core::Result;
use toasoan_domain::time::vn_datetime_display;
use toasoan_domain::AuditEvent;

use crate::cli::Ctx;
use crate::output::emit;

/// `audit` flags.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Chỉ các sự kiện về đối tượng này (id).
    #[arg(long)]
    entity: Option<String>,
}

impl AuditArgs {
    /// Runs `audit`.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let a = self;
        let entity = a.entity;
        let events = desk.audit_log(me, entity.as_deref())?;
        emit(json, &json!({ "events": events }), || audit_table(&events));
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// Audit events, one line each: sequence, time, actor, action, entity, detail.
fn audit_table(events: &[AuditEvent]) {
    for e in events {
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
}
