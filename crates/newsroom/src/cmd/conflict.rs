//! `newsroom conflict list|show|resolve`: two offline edits of one piece,
//! merged by a person.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{ConflictSummary, ConflictView, DraftPatch, Resolution};
use toasoan_core::{Error, Result};
use toasoan_domain::Draft;

use crate::cli::Ctx;
use crate::input;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum ConflictCmd {
    /// Các bài có hai nhánh sửa cần gộp.
    List,
    /// Hai bản, bản gốc chung và bản gộp ba chiều (đoạn xung đột được đánh dấu).
    Show { id: String },
    /// Giải quyết bằng một bản mới: bản của tôi, của người kia, bản gộp, hoặc bản đã sửa (--file).
    Resolve {
        id: String,
        /// mine | theirs | merged
        #[arg(long)]
        take: String,
        /// Chính văn đã sửa từ bản gộp (với --take merged).
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

impl ConflictCmd {
    /// Runs a `conflict` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            ConflictCmd::List => {
                let list = desk.conflicts(me)?;
                emit(json, &json!({ "conflicts": list }), || conflict_table(&list));
            }
            ConflictCmd::Show { id } => {
                let v = desk.conflict(me, &id)?;
                emit(json, &v, || conflict_view(&v));
            }
            ConflictCmd::Resolve { id, take, file } => {
                let how = match (take.as_str(), file) {
                    ("mine", None) => Resolution::Mine,
                    ("theirs", None) => Resolution::Theirs,
                    ("merged", None) => Resolution::Merged,
                    ("merged", Some(f)) => {
                        let view = desk.conflict(me, &id)?;
                        let body = input::read_body(&f, false)?.text;
                        let patch = DraftPatch { body: Some(body), ..Default::default() };
                        Resolution::Edited(Draft {
                            headline: view.headline.text,
                            sapo: view.sapo.text,
                            body: patch.body.unwrap_or_default(),
                            byline: view.theirs.draft.byline,
                        })
                    }
                    (_, Some(_)) => return Err(Error::invalid("file", "--file đi với --take merged")),
                    (other, None) => {
                        return Err(Error::invalid(
                            "take",
                            format!("«{other}» không hợp lệ; dùng mine, theirs hoặc merged"),
                        ))
                    }
                };
                let r = desk.resolve_conflict_with(me, &id, how)?;
                emit(json, &r, || crate::out!("Đã giải quyết bằng bản {} ({} chữ).", r.seq, r.word_count));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The pieces in conflict, one line each: number, title, id, the two authors.
fn conflict_table(list: &[ConflictSummary]) {
    for c in list {
        crate::out!("#{} {} — {} ({})", c.num, c.title, c.id, c.authors.join(" / "));
    }
}

/// A conflict: whose the two versions are, then the three-way merge with its conflicts marked.
fn conflict_view(v: &ConflictView) {
    crate::out!("Bản của tôi: bản {} ({})", v.mine.seq, v.mine.author);
    crate::out!("Bản kia: bản {} ({})", v.theirs.seq, v.theirs.author);
    crate::out!("# {}\n\n{}\n\n{}", v.headline.text, v.sapo.text, v.body.text);
}
