//! `newsroom assignment add|list|show`: work given to reporters.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::NewAssignment;
use toasoan_core::domain::{Person, State};
use toasoan_core::text::format::{date_vi, parse_date};
use toasoan_core::{Desk, Result};

use crate::cli::parse;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum AssignmentCmd {
    /// Giao việc.
    Add {
        #[arg(long)]
        line: String,
        #[arg(long)]
        policy: String,
        #[arg(long)]
        reporter: String,
        #[arg(long)]
        due: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        brief: String,
        #[arg(long)]
        editor: Option<String>,
    },
    /// Danh sách (phóng viên chỉ thấy việc của mình).
    List {
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        state: Vec<String>,
    },
    /// Chi tiết.
    Show { id: String },
}

/// Runs an `assignment` command.
pub fn run(desk: &Desk, me: &Person, c: AssignmentCmd, json: bool) -> Result<()> {
    match c {
        AssignmentCmd::Add { line, policy, reporter, due, title, brief, editor } => {
            let a = desk.add_assignment(
                me,
                NewAssignment {
                    line_id: line,
                    policy_id: policy,
                    reporter,
                    editor,
                    due_on: parse_date("due", &due)?,
                    title,
                    brief,
                },
            )?;
            emit(json, &a, || {
                crate::out!(
                    "Đã giao việc #{} «{}» cho {}, hạn {}; id {}",
                    a.num,
                    a.title,
                    a.reporter,
                    date_vi(a.due_on),
                    a.id
                )
            });
        }
        AssignmentCmd::List { mine, state } => {
            let states = state.iter().map(|s| parse::<State>(s)).collect::<Result<Vec<_>>>()?;
            let list = desk.assignments(me, mine, states)?;
            emit(json, &json!({ "assignments": list }), || {
                for a in &list {
                    crate::out!(
                        "#{:<4} {:<14} hạn {} {:<10} {:<12} {}",
                        a.num,
                        a.state.label_vi(),
                        date_vi(a.due_on),
                        a.reporter,
                        a.genre.label_vi(),
                        a.title
                    );
                }
            });
        }
        AssignmentCmd::Show { id } => {
            let a = desk.assignment(me, &id)?;
            emit(json, &a, || {
                crate::out!("#{} {} ({})", a.num, a.title, a.id);
                crate::out!("Trạng thái: {}; hạn: {}", a.state.label_vi(), date_vi(a.due_on));
                crate::out!("Hợp đồng {} — {} / {}", a.contract_number, a.genre.label_vi(), a.channel.label_vi());
                crate::out!("Chính sách: {} ({})", a.policy_name, a.policy_doc_number);
                crate::out!(
                    "Phóng viên: {} ({}); biên tập: {}",
                    a.reporter_name,
                    a.reporter,
                    a.editor.as_deref().unwrap_or("—")
                );
                if !a.brief.is_empty() {
                    crate::out!("Yêu cầu: {}", a.brief);
                }
            });
        }
    }
    Ok(())
}
