//! `newsroom assignment add|edit|list|show`: work given to reporters.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{AssignmentEdit, NewAssignment};
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
    /// Sửa việc đã giao (biên tập viên, lãnh đạo): tít, yêu cầu, hạn nộp, phóng viên,
    /// biên tập viên (--editor "" để bỏ), chính sách. Hạn trước ngày giao hoặc sau ngày
    /// kết thúc hợp đồng được ghi kèm cảnh báo.
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        brief: Option<String>,
        #[arg(long)]
        due: Option<String>,
        #[arg(long, value_name = "LOGIN")]
        reporter: Option<String>,
        #[arg(long, value_name = "LOGIN")]
        editor: Option<String>,
        #[arg(long, value_name = "ID")]
        policy: Option<String>,
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
        AssignmentCmd::Edit { id, title, brief, due, reporter, editor, policy } => {
            let due_on = due.as_deref().map(|d| parse_date("due", d)).transpose()?;
            let out = desk.edit_assignment(
                me,
                &id,
                AssignmentEdit { title, brief, due_on, reporter, editor, policy_id: policy },
            )?;
            emit(json, &out, || {
                let a = &out.assignment;
                crate::out!("Đã sửa việc #{} «{}»:", a.num, a.title);
                for c in &out.changed {
                    crate::out!("  {}: «{}» → «{}»", c.field, c.before, c.after);
                }
                for w in &out.warnings {
                    crate::out!("Lưu ý: {w}");
                }
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
