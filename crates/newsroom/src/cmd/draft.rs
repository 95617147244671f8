//! `newsroom draft save|show|history|diff|checklist|render`: a piece's text
//! and its revisions.
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{DraftPatch, SaveOutcome};
use toasoan_core::{Error, Result};
use toasoan_documents::checklist::Checklist;
use toasoan_documents::diff;
use toasoan_domain::time::vn_datetime_display;
use toasoan_domain::{Draft, Revision};

use crate::cli::Ctx;
use crate::input;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum DraftCmd {
    /// Lưu một bản (chính văn từ --file, hoặc từ stdin khi được chuyển vào, kèm các trường khác).
    Save {
        id: String,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        headline: Option<String>,
        #[arg(long)]
        sapo: Option<String>,
        #[arg(long)]
        byline: Option<String>,
        /// Chuyển văn bản gõ bằng phông TCVN3/VNI sang Unicode.
        #[arg(long)]
        convert_legacy: bool,
    },
    /// Nội dung hiện tại.
    Show { id: String },
    /// Lịch sử các bản lưu.
    History { id: String },
    /// So sánh hai bản lưu.
    Diff { id: String, a: i64, b: i64 },
    /// Danh mục kiểm tra trước khi đăng.
    Checklist { id: String },
    /// HTML đã làm sạch, đúng như sẽ đăng.
    Render { id: String },
}

impl DraftCmd {
    /// Runs a `draft` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            DraftCmd::Save { id, file, headline, sapo, byline, convert_legacy } => {
                use std::io::IsTerminal;
                let fields_given = headline.is_some() || sapo.is_some() || byline.is_some();
                let implicit_stdin = file.is_none();
                // A piped body is read with the other fields, never dropped.
                let source = file.or_else(|| (!std::io::stdin().is_terminal()).then(|| PathBuf::from("-")));
                let body = source.map(|p| input::read_body(&p, convert_legacy)).transpose()?;
                // Empty stdin (cron, /dev/null) never wipes a body.
                let body = body.filter(|b| !(implicit_stdin && b.text.trim().is_empty()));
                if body.is_none() && !fields_given {
                    return Err(Error::invalid(
                        "draft",
                        "không có gì để lưu: cho --file, --headline, --sapo hoặc nội dung qua stdin",
                    ));
                }
                let legacy = body.as_ref().and_then(|b| b.legacy.clone().map(|d| (d, b.converted)));
                let out =
                    desk.save_draft(me, &id, DraftPatch { headline, sapo, body: body.map(|b| b.text), byline })?;
                if let Some((d, converted)) = &legacy {
                    if !converted {
                        eprintln!(
                        "newsroom: lưu ý: chính văn có vẻ gõ bằng phông {}; đã lưu nguyên văn. Chạy lại với --convert-legacy để chuyển sang Unicode.",
                        d.encoding.label()
                    );
                    }
                }
                let legacy_json = legacy.as_ref().map(|(d, c)| json!({ "encoding": d.encoding, "converted": c }));
                emit(
                    json,
                    &json!({ "assignment": id, "revision": out.revision.seq, "created": out.created, "content_hash": out.revision.content_hash, "state": out.state, "words": out.revision.word_count, "legacy": legacy_json }),
                    || save_outcome(&out),
                );
            }
            DraftCmd::Show { id } => {
                let d = desk.draft(me, &id)?;
                emit(json, &d, || draft_text(&d));
            }
            DraftCmd::History { id } => {
                let revs = desk.history(me, &id)?;
                let meta: Vec<_> = revs
                .iter()
                .map(|r| json!({ "id": r.id, "seq": r.seq, "author": r.author, "reason": r.reason, "created_at": r.created_at, "content_hash": r.content_hash, "words": r.word_count, "headline": r.draft.headline }))
                .collect();
                emit(json, &json!({ "assignment": id, "revisions": meta }), || revision_table(&revs));
            }
            DraftCmd::Diff { id, a, b } => {
                let (ra, rb, d) = desk.diff(me, &id, a, b)?;
                emit(json, &json!({ "assignment": id, "a": a, "b": b, "fields": d }), || revision_diff(&ra, &rb, a, b));
            }
            DraftCmd::Checklist { id } => {
                let c = desk.checklist(me, &id)?;
                emit(json, &c, || checklist(&c));
            }
            DraftCmd::Render { id } => {
                let r = desk.render(me, &id)?;
                emit(json, &r, || crate::out!("{}", r.html));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The outcome of a save: the new revision and its word count, or that nothing changed.
fn save_outcome(out: &SaveOutcome) {
    if out.created {
        crate::out!("Đã lưu bản {} ({} chữ).", out.revision.seq, out.revision.word_count);
    } else {
        crate::out!("Không có thay đổi so với bản {}.", out.revision.seq);
    }
}

/// A piece's text as Markdown: headline, sapo in bold, body, byline.
fn draft_text(d: &Draft) {
    crate::out!("# {}\n", d.headline);
    if !d.sapo.is_empty() {
        crate::out!("**{}**\n", d.sapo);
    }
    crate::out!("{}\n", d.body);
    crate::out!("— {}", d.byline);
}

/// A piece's revisions, one line each: number, time, author, reason, words, hash.
fn revision_table(revs: &[Revision]) {
    for r in revs {
        crate::out!(
            "bản {:<3} {} {:<8} {:<9} {:>5} chữ  {}",
            r.seq,
            vn_datetime_display(r.created_at),
            r.author,
            r.reason,
            r.word_count,
            &r.content_hash[..12]
        );
    }
}

/// Revisions `a` and `b` of a piece as a unified diff, each labelled by its number.
fn revision_diff(ra: &Revision, rb: &Revision, a: i64, b: i64) {
    crate::output::write_out(format_args!(
        "{}",
        diff::unified(&ra.draft, &rb.draft, &format!("bản {a}"), &format!("bản {b}"))
    ))
}

/// The pre-publication checklist, one `[✓]` or `[✗]` line per item.
fn checklist(c: &Checklist) {
    for i in &c.items {
        crate::out!("[{}] {}", if i.ok { "✓" } else { "✗" }, i.message);
    }
}
