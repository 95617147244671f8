//! `newsroom feedback add|list|forward|answer`: citizens' feedback from
//! every channel and what became of it.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{FeedbackQuery, NewFeedback};
use toasoan_core::Result;
use toasoan_domain::text::format::{date_vi, parse_date};
use toasoan_domain::{Feedback, FeedbackChannel, FeedbackState};

use crate::cli::Ctx;
use crate::input::parse;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum FeedbackCmd {
    /// Ghi ý kiến người dân nhận qua đường dây nóng, hội nghị, Zalo OA, Facebook, cổng thông tin
    /// (biên tập viên, lãnh đạo).
    Add {
        #[arg(long, value_name = "ID")]
        policy: String,
        #[arg(long, value_name = "duong-day-nong|hoi-nghi|zalo|facebook|cong-thong-tin")]
        channel: String,
        #[arg(long)]
        text: String,
        #[arg(long, value_name = "ID")]
        assignment: Option<String>,
        /// Ngày nhận (mặc định hôm nay).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
    },
    /// Danh sách, mới nhất trước (phóng viên: ý kiến dưới bài của mình).
    List {
        #[arg(long, value_name = "ID")]
        policy: Option<String>,
        #[arg(long, value_name = "moi|da-chuyen|da-tra-loi")]
        state: Option<String>,
    },
    /// Ghi đã chuyển ý kiến cho cơ quan (hoặc một người ở đó).
    Forward {
        id: String,
        #[arg(long)]
        to: String,
    },
    /// Ghi câu trả lời cho người dân.
    Answer {
        id: String,
        #[arg(long)]
        text: String,
    },
}

impl FeedbackCmd {
    /// Runs a `feedback` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            FeedbackCmd::Add { policy, channel, text, assignment, on } => {
                let f = desk.add_feedback(
                    me,
                    NewFeedback {
                        policy_id: policy,
                        channel: parse::<FeedbackChannel>(&channel)?,
                        text,
                        assignment_id: assignment,
                        received_on: on.as_deref().map(|d| parse_date("on", d)).transpose()?,
                    },
                )?;
                emit(json, &f, || feedback_recorded(&f));
            }
            FeedbackCmd::List { policy, state } => {
                let q = FeedbackQuery {
                    policy_id: policy,
                    state: state.as_deref().map(parse::<FeedbackState>).transpose()?,
                };
                let list = desk.feedback_list(me, &q)?;
                emit(json, &json!({ "feedback": list }), || feedback_table(&list));
            }
            FeedbackCmd::Forward { id, to } => {
                let f = desk.forward_feedback(me, &id, &to)?;
                emit(json, &f, || {
                    crate::out!("Đã chuyển ý kiến cho {}", f.forwarded_to.as_deref().unwrap_or_default())
                });
            }
            FeedbackCmd::Answer { id, text } => {
                let f = desk.answer_feedback(me, &id, &text)?;
                emit(json, &f, || {
                    crate::out!("Đã ghi câu trả lời ngày {}", f.answered_on.map(date_vi).unwrap_or_default())
                });
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The feedback just recorded: channel, day received, id.
fn feedback_recorded(f: &Feedback) {
    crate::out!("Đã ghi ý kiến qua {} ngày {}, id {}", f.channel.label_vi(), date_vi(f.received_on), f.id);
}

/// Citizens' feedback, one line each (day, channel, state, policy, text), with the answer under it.
fn feedback_table(list: &[Feedback]) {
    for f in list {
        crate::out!(
            "{}  {} {:<16} {:<18} {} — {}",
            f.id,
            date_vi(f.received_on),
            f.channel.label_vi(),
            f.state.label_vi(),
            f.policy_name,
            f.text
        );
        if let Some(a) = &f.answer {
            crate::out!("    Trả lời: {a}");
        }
    }
}
