//! `newsroom submit|approve|request-changes|mark-published|accept|override|cancel`:
//! the workflow's verbs on one piece.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::Result;
use toasoan_domain::State;

use crate::cli::Ctx;
use crate::output::emit;

/// The verbs of the workflow, spelled at the top level of the CLI.
#[derive(Subcommand, Debug)]
pub enum ReviewCmd {
    /// Nộp bài.
    Submit { id: String },
    /// Duyệt bài (ghi nhận mã băm của đúng bản được duyệt).
    Approve { id: String },
    /// Trả bài, yêu cầu sửa.
    RequestChanges {
        id: String,
        #[arg(long)]
        comment: String,
    },
    /// Ghi nhận bài đã đăng (đăng thủ công).
    MarkPublished {
        id: String,
        #[arg(long)]
        url: String,
    },
    /// Bài chỉ được nghiệm thu trong một đợt nghiệm thu của hợp đồng (để có dòng
    /// trong bảng kê): lệnh này nêu hợp đồng và lệnh `acceptance create` cần chạy,
    /// không thay đổi gì (mã thoát 3).
    Accept { id: String },
    /// Lãnh đạo điều chỉnh: bài được tính (--count) hoặc không tính (--no-count) vào hợp đồng, kèm lý do.
    Override {
        id: String,
        #[arg(long, conflicts_with = "no_count", required_unless_present = "no_count")]
        count: bool,
        #[arg(long)]
        no_count: bool,
        #[arg(long)]
        reason: String,
    },
    /// Hủy việc được giao.
    Cancel {
        id: String,
        #[arg(long)]
        reason: String,
    },
}

impl ReviewCmd {
    /// Runs a workflow verb.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            ReviewCmd::Submit { id } => {
                let rev = desk.submit(me, &id)?;
                emit(
                    json,
                    &json!({ "assignment": id, "state": State::Submitted, "revision": rev.seq, "content_hash": rev.content_hash }),
                    || crate::out!("Đã nộp bài (bản {}), chờ biên tập duyệt.", rev.seq),
                );
            }
            ReviewCmd::Approve { id } => {
                let a = desk.approve(me, &id)?;
                emit(json, &a, || crate::out!("Đã duyệt bản {} (SHA-256 {}).", a.revision_seq, a.content_hash));
            }
            ReviewCmd::RequestChanges { id, comment } => {
                let cid = desk.request_changes(me, &id, &comment)?;
                emit(json, &json!({ "assignment": id, "state": State::ChangesRequested, "comment_id": cid }), || {
                    crate::out!("Đã trả bài kèm góp ý {cid}.")
                });
            }
            ReviewCmd::MarkPublished { id, url } => {
                let s = desk.mark_published(me, &id, &url, None)?;
                emit(json, &json!({ "assignment": id, "state": s, "url": url }), || {
                    crate::out!("Đã ghi nhận bài đăng tại {url}.")
                });
            }
            ReviewCmd::Override { id, count, no_count: _, reason } => {
                let oid = desk.override_counting(me, &id, count, &reason)?;
                emit(json, &json!({ "assignment": id, "override_id": oid, "counts": count, "reason": reason }), || {
                    override_recorded(count, &reason)
                });
            }
            ReviewCmd::Accept { id } => {
                let s = desk.accept(me, &id)?;
                emit(json, &json!({ "assignment": id, "state": s }), || crate::out!("Đã ghi nhận nghiệm thu."));
            }
            ReviewCmd::Cancel { id, reason } => {
                let s = desk.cancel(me, &id, &reason)?;
                emit(json, &json!({ "assignment": id, "state": s }), || crate::out!("Đã hủy việc."));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The head's override just recorded: whether the piece counts, and why.
fn override_recorded(counts: bool, reason: &str) {
    crate::out!(
        "Đã ghi điều chỉnh: bài {} vào hợp đồng. Lý do: {reason}",
        if counts { "được tính" } else { "không được tính" }
    );
}
