//! `newsroom publish|sync|outbox|publication`: publishing from the
//! command line (and cron).

use std::time::Duration;

use clap::{Args as ClapArgs, Subcommand};
use serde_json::json;
use toasoan_core::desk::{self, ConflictChoice, SyncSummary, WorkerOptions};
use toasoan_core::publish::Backoff;
use toasoan_core::Result;
use toasoan_domain::time::vn_datetime_display;
use toasoan_domain::{Publication, PublishJob};

use crate::cli::Ctx;
use crate::output::{emit, partial_failure};

#[derive(ClapArgs, Debug)]
pub struct SyncArgs {
    /// Chờ tối đa bao nhiêu giây cho các lệnh đang đợi gửi lại.
    #[arg(long, default_value_t = 600)]
    max_wait: u64,
    /// Số lệnh gửi song song.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// Thời gian chờ mỗi yêu cầu HTTP, giây.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Thời gian chờ trước lần gửi lại đầu tiên, mili giây (tăng gấp đôi mỗi lần).
    #[arg(long, default_value_t = 5000)]
    retry_base_ms: u64,
    /// Chờ bao lâu (mili giây) trước khi hỏi cổng về một yêu cầu tạo bị gián đoạn.
    #[arg(long, default_value_t = 30000)]
    grace_ms: u64,
    /// Giữ chỗ một lệnh đang gửi bao lâu (giây) trước khi tiến trình khác được nhận lại;
    /// ở chế độ nhóm cũng là thời hạn giữ bài trên máy chủ chung.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    lease_secs: u64,
}

#[derive(Subcommand, Debug)]
pub enum OutboxCmd {
    /// Các lệnh đăng, mới nhất trước.
    List {
        #[arg(long)]
        assignment: Option<String>,
    },
    /// Chi tiết một lệnh (kèm hai phiên bản khi xung đột).
    Show { id: String },
    /// Gửi lại ngay một lệnh lỗi hoặc đang chờ.
    Retry { id: String },
    /// Hủy một lệnh chưa gửi xong.
    Cancel { id: String },
    /// Giải quyết xung đột: ghi đè bản trên cổng, hoặc giữ bản trên cổng.
    Resolve {
        id: String,
        #[arg(long, conflicts_with = "keep_portal", required_unless_present = "keep_portal")]
        overwrite: bool,
        #[arg(long)]
        keep_portal: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PublicationCmd {
    /// Bằng chứng đăng bài (một bài, một hợp đồng, hoặc tất cả).
    List {
        #[arg(long)]
        assignment: Option<String>,
        #[arg(long)]
        contract: Option<String>,
    },
}

/// `publish ID --portal NAME`
#[derive(clap::Args, Debug)]
pub struct PublishArgs {
    id: String,
    #[arg(long)]
    portal: String,
}

impl PublishArgs {
    /// Runs the command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let job = desk.queue_publish(me, &self.id, &self.portal)?;
        emit(json, &json!({ "job": job }), || job_queued(&job));
        Ok(())
    }
}

impl SyncArgs {
    /// `sync`: works the outbox until it is empty or `--max-wait` is up.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        // The worker opens its own desk on the folder.
        let (dir, json) = (cx.dir, cx.json);
        let a = self;
        let mut options = WorkerOptions::default();
        options.wordpress.timeout = Duration::from_secs(a.timeout.max(1));
        options.wordpress.connect_timeout = Duration::from_secs(a.timeout.clamp(1, 10));
        options.wordpress.grace = Duration::from_millis(a.grace_ms);
        options.lease = Duration::from_secs(a.lease_secs);
        options.backoff = Backoff { base: Duration::from_millis(a.retry_base_ms.max(1)), ..Backoff::default() };
        let s = desk::sync(dir, &options, a.workers, Duration::from_secs(a.max_wait), &job_progress)?;
        if !s.failed.is_empty() || !s.conflicts.is_empty() {
            partial_failure(9);
        } else if !s.waiting.is_empty() {
            partial_failure(8);
        }
        emit(json, &s, || sync_summary(&s));
        Ok(())
    }
}

impl OutboxCmd {
    /// `outbox …`
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let cmd = self;
        let one = |j: PublishJob| emit(json, &json!({ "job": j }), || job_card(&j));
        match cmd {
            OutboxCmd::List { assignment } => {
                let jobs = desk.publish_jobs(me, assignment.as_deref())?;
                emit(json, &json!({ "jobs": jobs }), || job_lines(&jobs));
            }
            OutboxCmd::Show { id } => one(desk.publish_job(me, &id)?),
            OutboxCmd::Retry { id } => one(desk.retry_job(me, &id)?),
            OutboxCmd::Cancel { id } => one(desk.cancel_job(me, &id)?),
            OutboxCmd::Resolve { id, overwrite, keep_portal: _ } => {
                let choice = if overwrite { ConflictChoice::Overwrite } else { ConflictChoice::KeepPortal };
                one(desk.resolve_conflict(me, &id, choice)?)
            }
        }
        Ok(())
    }
}

impl PublicationCmd {
    /// `publication list`
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let cmd = self;
        match cmd {
            PublicationCmd::List { assignment, contract } => {
                let ps = desk.publications(me, assignment.as_deref(), contract.as_deref())?;
                emit(json, &json!({ "publications": ps }), || publication_table(&ps));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The job just queued: piece number, portal, job id, and how to send it.
fn job_queued(job: &PublishJob) {
    crate::out!(
        "Đã xếp bài #{} vào hàng đợi đăng lên «{}» (lệnh {}). Chạy `newsroom sync` để gửi.",
        job.assignment_num,
        job.portal,
        job.id
    );
}

/// A job's progress during `sync`, one line on stderr: piece, portal, state, error.
fn job_progress(j: &PublishJob) {
    eprintln!(
        "#{} → {}: {}{}",
        j.assignment_num,
        j.portal,
        j.state.label_vi(),
        j.last_error.as_deref().map(|e| format!(" — {e}")).unwrap_or_default()
    );
}

/// A `sync` run: how many were published, failed, in conflict, waiting, then each job not published.
fn sync_summary(s: &SyncSummary) {
    crate::out!(
        "Đã đăng {}, lỗi {}, xung đột {}, còn chờ {}.",
        s.done.len(),
        s.failed.len(),
        s.conflicts.len(),
        s.waiting.len()
    );
    job_lines(s.failed.iter().chain(&s.conflicts).chain(&s.waiting));
}

/// One job, and when it is in conflict the portal's version, the newsroom's and how to choose.
fn job_card(j: &PublishJob) {
    crate::out!("{}", job_line(j));
    if let Some(c) = &j.conflict {
        crate::out!(
            "--- bản trên cổng (id {}) ---\n{}\n{}\n{}",
            c.remote_id,
            c.theirs.title,
            c.theirs.excerpt,
            c.theirs.content
        );
        crate::out!("--- bản của tòa soạn ---\n{}\n{}\n{}", c.ours.title, c.ours.excerpt, c.ours.content);
        crate::out!("Chọn: newsroom outbox resolve {} --overwrite | --keep-portal", j.id);
    }
}

/// Jobs, one [`job_line`] each.
fn job_lines<'a>(jobs: impl IntoIterator<Item = &'a PublishJob>) {
    for j in jobs {
        crate::out!("{}", job_line(j));
    }
}

/// Proofs of publication, one line each (piece, time, portal, address), with the hash sent and the page kept.
fn publication_table(ps: &[Publication]) {
    for p in ps {
        crate::out!(
            "#{} {}  {}  {}  {}",
            p.assignment_num,
            p.title,
            vn_datetime_display(p.published_at),
            p.portal.as_deref().unwrap_or("(ghi nhận thủ công)"),
            p.url
        );
        if let Some(h) = &p.sent_sha256 {
            crate::out!("    mã băm nội dung gửi: {h}");
        }
        if let Some(path) = &p.page_path {
            crate::out!("    bản lưu trang đã đăng: {path}");
        }
    }
}

/// A job in one line (id, piece, portal, state, attempts), with its last error and next try under it.
fn job_line(j: &PublishJob) -> String {
    let mut line = format!(
        "{}  #{} {}  → {}  [{}] lần thử {}",
        j.id,
        j.assignment_num,
        j.title,
        j.portal,
        j.state.label_vi(),
        j.attempts
    );
    if let Some(e) = &j.last_error {
        line.push_str(&format!("\n    lỗi gần nhất: {e}"));
    }
    if j.state == toasoan_domain::JobState::Queued && j.attempts > 0 {
        line.push_str(&format!("\n    gửi lại lúc {}", vn_datetime_display(j.next_attempt_at)));
    }
    line
}
