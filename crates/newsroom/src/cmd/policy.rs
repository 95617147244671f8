//! `newsroom policy add|list`: the policies pieces explain.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::NewPolicy;
use toasoan_core::domain::{Person, PolicyStage};
use toasoan_core::{Desk, Result};

use crate::cli::parse;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum PolicyCmd {
    /// Thêm chính sách.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        doc_number: String,
        #[arg(long)]
        issuer: Option<String>,
        #[arg(long, default_value = "ban-hanh")]
        stage: String,
    },
    /// Danh sách.
    List,
}

/// Runs a `policy` command.
pub fn run(desk: &Desk, me: &Person, c: PolicyCmd, json: bool) -> Result<()> {
    match c {
        PolicyCmd::Add { name, doc_number, issuer, stage } => {
            let p =
                desk.add_policy(me, NewPolicy { name, doc_number, issuer, stage: parse::<PolicyStage>(&stage)? })?;
            emit(json, &p, || crate::out!("Đã thêm chính sách «{}» ({}), id {}", p.name, p.doc_number, p.id));
        }
        PolicyCmd::List => {
            let list = desk.policies()?;
            emit(json, &json!({ "policies": list }), || {
                list.iter()
                    .for_each(|p| crate::out!("{}  {} ({}) — {}", p.id, p.name, p.doc_number, p.stage.label_vi()))
            });
        }
    }
    Ok(())
}
