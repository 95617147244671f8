//! `newsroom policy add|list|stage|show`: the policies pieces explain, through their stages.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::NewPolicy;
use toasoan_core::Result;
use toasoan_domain::{Policy, PolicyPage, PolicyStage, PolicyStageEntry};

use toasoan_domain::text::format::{date_vi, parse_date};

use crate::cli::Ctx;
use crate::input::parse;
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
    /// Ghi giai đoạn mới của chính sách (lấy ý kiến dự thảo → thông qua → ban hành → thực thi)
    /// với ngày, văn bản (tệp PDF, lưu vào thư viện) và ghi chú (biên tập viên, lãnh đạo).
    Stage {
        policy_id: String,
        #[arg(long)]
        stage: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: String,
        #[arg(long, value_name = "FILE")]
        document: Option<std::path::PathBuf>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Trang chính sách: các giai đoạn, bài theo giai đoạn, ý kiến người dân.
    Show { policy_id: String },
}

impl PolicyCmd {
    /// Runs a `policy` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            PolicyCmd::Add { name, doc_number, issuer, stage } => {
                let p =
                    desk.add_policy(me, NewPolicy { name, doc_number, issuer, stage: parse::<PolicyStage>(&stage)? })?;
                emit(json, &p, || crate::out!("Đã thêm chính sách «{}» ({}), id {}", p.name, p.doc_number, p.id));
            }
            PolicyCmd::Stage { policy_id, stage, on, document, note } => {
                let stage = parse::<PolicyStage>(&stage)?;
                let on = parse_date("on", &on)?;
                let prepared = document
                    .as_deref()
                    .map(|p| toasoan_media::prepare_file(p, &toasoan_media::Limits::default()))
                    .transpose()?;
                let s = desk.record_policy_stage(me, &policy_id, stage, on, prepared.as_ref(), note.as_deref())?;
                emit(json, &s, || stage_recorded(&s));
            }
            PolicyCmd::Show { policy_id } => {
                let page = desk.policy_page(me, &policy_id)?;
                emit(json, &page, || policy_page(&page));
            }
            PolicyCmd::List => {
                let list = desk.policies()?;
                emit(json, &json!({ "policies": list }), || policy_table(&list));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The stage just recorded: which, on what day, with which document.
fn stage_recorded(s: &PolicyStageEntry) {
    let doc = s.document_name.as_deref().map(|d| format!(", văn bản {d}")).unwrap_or_default();
    crate::out!("Đã ghi giai đoạn «{}» ngày {}{doc}", s.stage.label_vi(), date_vi(s.on))
}

/// The policies, one line each: id, name, document number, current stage.
fn policy_table(list: &[Policy]) {
    for p in list {
        crate::out!("{}  {} ({}) — {}", p.id, p.name, p.doc_number, p.stage.label_vi());
    }
}

/// A policy's page: its stages with documents and notes, the pieces of each stage, the feedback count.
fn policy_page(page: &PolicyPage) {
    let p = &page.policy;
    crate::out!("{} ({}) — hiện ở giai đoạn {}", p.name, p.doc_number, p.stage.label_vi());
    crate::out!("Các giai đoạn:");
    for s in &page.timeline {
        let doc = s.document_name.as_deref().map(|d| format!(" [{d}]")).unwrap_or_default();
        let note = s.note.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
        crate::out!("  {} {}{doc}{note}", date_vi(s.on), s.stage.label_vi());
    }
    for st in &page.stages {
        crate::out!("Bài về giai đoạn {}:", st.stage.label_vi());
        for a in &st.pieces {
            crate::out!("  #{} {} ({})", a.num, a.title, a.state.label_vi());
        }
    }
    crate::out!("Ý kiến người dân: {}", page.feedback.len());
}
