//! `newsroom assignment add|edit|accept|decline|plan|list|show`: work given
//! to reporters, their answers, the planning view.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{AssignmentEdit, EditedAssignment, NewAssignment, Planning, PlanningQuery, ResponseOutcome};
use toasoan_core::Result;
use toasoan_domain::text::format::{date_vi, parse_date};
use toasoan_domain::{Assignment, Genre, PolicyStage, Priority, ResponseKind, State};

use crate::cli::Ctx;
use crate::input::parse;
use crate::output::{emit, field_changes, notes};

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
        /// thuong (mặc định) hoặc gap: bài gấp nổi lên đầu mọi danh sách và hàng chờ duyệt.
        #[arg(long, value_name = "thuong|gap")]
        priority: Option<String>,
        /// Giai đoạn của chính sách bài viết về (mặc định: giai đoạn hiện tại của chính sách).
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
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
        #[arg(long, value_name = "thuong|gap")]
        priority: Option<String>,
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
    },
    /// Phóng viên nhận việc được giao.
    Accept { id: String },
    /// Phóng viên từ chối việc được giao (cần lý do; biên tập viên thấy và giao lại).
    Decline {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Kế hoạch: việc theo hạn nộp trong một khoảng ngày (tối đa 93 ngày), quá hạn và sắp đến
    /// hạn được đánh dấu, cùng số việc của từng phóng viên (biên tập viên, lãnh đạo).
    Plan {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_name = "LOGIN")]
        reporter: Option<String>,
        #[arg(long, value_name = "ID")]
        contract: Option<String>,
        #[arg(long, value_name = "ID")]
        policy: Option<String>,
        #[arg(long)]
        state: Vec<String>,
        #[arg(long)]
        genre: Option<String>,
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

impl AssignmentCmd {
    /// Runs an `assignment` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            AssignmentCmd::Add { line, policy, reporter, due, title, brief, editor, priority, stage } => {
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
                        priority: priority.as_deref().map(parse::<Priority>).transpose()?.unwrap_or_default(),
                        stage: stage.as_deref().map(parse::<PolicyStage>).transpose()?,
                    },
                )?;
                emit(json, &a, || assignment_given(&a));
            }
            AssignmentCmd::Edit { id, title, brief, due, reporter, editor, policy, priority, stage } => {
                let due_on = due.as_deref().map(|d| parse_date("due", d)).transpose()?;
                let out = desk.edit_assignment(
                    me,
                    &id,
                    AssignmentEdit {
                        title,
                        brief,
                        due_on,
                        reporter,
                        editor,
                        policy_id: policy,
                        priority: priority.as_deref().map(parse::<Priority>).transpose()?,
                        stage: stage.as_deref().map(parse::<PolicyStage>).transpose()?,
                    },
                )?;
                emit(json, &out, || assignment_edited(&out));
            }
            AssignmentCmd::Accept { id } => {
                let out = desk.respond(me, &id, ResponseKind::Accept, None)?;
                emit(json, &out, || crate::out!("Đã nhận việc #{} «{}»", out.assignment.num, out.assignment.title));
            }
            AssignmentCmd::Decline { id, reason } => {
                let out = desk.respond(me, &id, ResponseKind::Decline, Some(&reason))?;
                emit(json, &out, || assignment_declined(&out));
            }
            AssignmentCmd::Plan { from, to, reporter, contract, policy, state, genre } => {
                let q = PlanningQuery {
                    from: parse_date("from", &from)?,
                    to: parse_date("to", &to)?,
                    reporter,
                    contract_id: contract,
                    policy_id: policy,
                    states: state.iter().map(|s| parse::<State>(s)).collect::<Result<Vec<_>>>()?,
                    genre: genre.as_deref().map(parse::<Genre>).transpose()?,
                };
                let plan = desk.planning(me, &q)?;
                emit(json, &plan, || plan_table(&plan));
            }
            AssignmentCmd::List { mine, state } => {
                let states = state.iter().map(|s| parse::<State>(s)).collect::<Result<Vec<_>>>()?;
                let list = desk.assignments(me, mine, states)?;
                emit(json, &json!({ "assignments": list }), || assignment_table(&list));
            }
            AssignmentCmd::Show { id } => {
                let a = desk.assignment(me, &id)?;
                emit(json, &a, || assignment_card(&a));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The assignment just given: number, title, reporter, deadline, id.
fn assignment_given(a: &Assignment) {
    crate::out!("Đã giao việc #{} «{}» cho {}, hạn {}; id {}", a.num, a.title, a.reporter, date_vi(a.due_on), a.id);
}

/// An edited assignment: each field changed, then what the editor should know.
fn assignment_edited(out: &EditedAssignment) {
    let a = &out.assignment;
    crate::out!("Đã sửa việc #{} «{}»:", a.num, a.title);
    field_changes(&out.changed);
    notes(&out.warnings);
}

/// A declined assignment, with the reporter's reason.
fn assignment_declined(out: &ResponseOutcome) {
    crate::out!(
        "Đã từ chối việc #{} «{}»; biên tập viên sẽ giao lại. Lý do: {}",
        out.assignment.num,
        out.assignment.title,
        out.response.reason.as_deref().unwrap_or_default()
    );
}

/// The planning view: assignments by deadline (overdue, at risk marked), then each reporter's load.
fn plan_table(plan: &Planning) {
    crate::out!("Kế hoạch {} – {} (hôm nay {})", date_vi(plan.from), date_vi(plan.to), date_vi(plan.today));
    for e in &plan.entries {
        let a = &e.assignment;
        let mark = if e.overdue {
            " QUÁ HẠN"
        } else if e.at_risk {
            " sắp đến hạn"
        } else {
            ""
        };
        let urgent = urgent_tag(a);
        crate::out!(
            "{} #{:<4} {:<12} {:<10} {urgent}{}{mark}",
            date_vi(a.due_on),
            a.num,
            a.state.label_vi(),
            a.reporter,
            a.title
        );
    }
    crate::out!("Số việc của phóng viên:");
    for l in &plan.load {
        crate::out!(
            "  {:<24} {} việc, {} gấp, {} quá hạn, {} từ chối chờ giao lại",
            l.name,
            l.open,
            l.urgent,
            l.overdue,
            l.declined
        );
    }
}

/// Assignments, one line each: number, state, deadline, reporter, genre, title.
fn assignment_table(list: &[Assignment]) {
    for a in list {
        crate::out!(
            "#{:<4} {:<14} hạn {} {:<10} {:<12} {}{}",
            a.num,
            a.state.label_vi(),
            date_vi(a.due_on),
            a.reporter,
            a.genre.label_vi(),
            urgent_tag(a),
            a.title
        );
    }
}

/// One assignment in full: state, contract line, policy, people, priority, stage, answer, brief.
fn assignment_card(a: &Assignment) {
    crate::out!("#{} {} ({})", a.num, a.title, a.id);
    crate::out!("Trạng thái: {}; hạn: {}", a.state.label_vi(), date_vi(a.due_on));
    crate::out!("Hợp đồng {} — {} / {}", a.contract_number, a.genre.label_vi(), a.channel.label_vi());
    crate::out!("Chính sách: {} ({})", a.policy_name, a.policy_doc_number);
    crate::out!("Phóng viên: {} ({}); biên tập: {}", a.reporter_name, a.reporter, a.editor.as_deref().unwrap_or("—"));
    if a.priority == Priority::Gap {
        crate::out!("Mức độ: GẤP");
    }
    if let Some(s) = a.stage {
        crate::out!("Giai đoạn chính sách: {}", s.label_vi());
    }
    if let Some(r) = &a.response {
        let why = r.reason.as_deref().map(|x| format!(": {x}")).unwrap_or_default();
        crate::out!("Phóng viên {} ({}){why}", r.response.label_vi(), r.by);
    }
    if !a.brief.is_empty() {
        crate::out!("Yêu cầu: {}", a.brief);
    }
}

/// `[GẤP] ` before an urgent assignment's title, nothing otherwise.
fn urgent_tag(a: &Assignment) -> &'static str {
    if a.priority == Priority::Gap {
        "[GẤP] "
    } else {
        ""
    }
}
