//! `newsroom engagement poll|import|add|show|contract|policy|feedback`:
//! audience figures from the command line (and cron).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{EngagementImport, PieceEngagement, PollRun, PollSummary, Rollup};
use toasoan_core::engagement::poll::PollOptions;
use toasoan_core::{Error, Result};
use toasoan_domain::engagement::{MatomoSite, Reading, StoredComment, Totals};
use toasoan_domain::text::format::{grouped, parse_date};
use toasoan_domain::time::{from_db, vn_datetime_display};
use toasoan_domain::{EngagementSource, Metric};

use crate::cli::Ctx;
use crate::output::{emit, partial_failure};

#[derive(Subcommand, Debug)]
pub enum EngagementCmd {
    /// Thu số liệu các bài đã đăng đến hạn (API của cổng WordPress, bộ đếm
    /// trên trang); cho cron. In một đối tượng JSON; mã thoát 8 nếu không
    /// đọc được bài nào.
    Poll {
        /// Thu tất cả bài đã đăng, kể cả chưa đến hạn.
        #[arg(long)]
        all: bool,
        /// Chỉ bài này.
        #[arg(long)]
        assignment: Option<String>,
        /// Số yêu cầu mỗi phút tới mỗi máy chủ.
        #[arg(long, default_value_t = 60)]
        rate: u32,
        /// Giới hạn riêng của một máy chủ: HOST=SỐ_MỖI_PHÚT (lặp lại được),
        /// ví dụ --rate-for congtinh.binhson.gov.vn=10.
        #[arg(long = "rate-for", value_name = "HOST=N")]
        rate_for: Vec<String>,
        /// Số yêu cầu song song.
        #[arg(long, default_value_t = 8)]
        workers: usize,
        /// Thời gian chờ mỗi yêu cầu, giây.
        #[arg(long, default_value_t = 20)]
        timeout: u64,
        /// Số lần thử mỗi bài khi máy chủ báo bận.
        #[arg(long, default_value_t = 3)]
        attempts: u32,
        /// Thời gian chờ trước lần thử lại đầu tiên, mili giây.
        #[arg(long, default_value_t = 5000)]
        retry_base_ms: u64,
    },
    /// Nhập tệp CSV xuất từ Facebook, YouTube Studio hoặc Zalo OA: toàn bộ
    /// hoặc không gì cả; dòng lỗi chặn việc nhập trừ khi --skip-rejected.
    Import {
        file: PathBuf,
        /// facebook | youtube | zalo
        #[arg(long)]
        source: String,
        /// Số liệu tính đến hết ngày này (YYYY-MM-DD); mặc định: bây giờ.
        #[arg(long)]
        as_of: Option<String>,
        /// Chỉ xem trước, không ghi gì.
        #[arg(long)]
        preview: bool,
        /// Bỏ qua các dòng lỗi và nhập phần còn lại.
        #[arg(long)]
        skip_rejected: bool,
    },
    /// Nhập tay một số liệu cho bài đã đăng.
    Add {
        id: String,
        /// views | visits | comments | shares | reactions
        #[arg(long)]
        metric: String,
        #[arg(long, allow_hyphen_values = true)]
        value: i64,
        /// Nguồn (mặc định manual).
        #[arg(long, default_value = "manual")]
        source: String,
        /// Thời điểm (RFC 3339); mặc định: bây giờ.
        #[arg(long)]
        at: Option<String>,
    },
    /// Số liệu của một bài: tổng, theo nguồn, theo thời gian, số đóng băng khi nghiệm thu.
    Show { id: String },
    /// Tổng số liệu của một hợp đồng và các bài nhiều lượt xem nhất.
    Contract {
        id: String,
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Tổng số liệu của một chính sách và các bài nhiều lượt xem nhất.
    Policy {
        id: String,
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Ý kiến bạn đọc (bình luận trên cổng) về các bài của một chính sách;
    /// --xlsx ghi bản tổng hợp gửi cơ quan đặt hàng.
    Feedback {
        policy_id: String,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
    /// Trang Matomo đo lượt xem của cổng (Reporting API).
    #[command(subcommand)]
    Matomo(MatomoCmd),
}

#[derive(Subcommand, Debug)]
pub enum MatomoCmd {
    /// Thêm một trang Matomo: địa chỉ, idSite, tiền tố đường dẫn các bài nó
    /// đo, và tên biến môi trường giữ token_auth.
    Add {
        name: String,
        #[arg(long)]
        url: String,
        #[arg(long)]
        site_id: i64,
        #[arg(long)]
        prefix: String,
        #[arg(long)]
        token_env: String,
    },
    /// Danh sách trang Matomo.
    List,
}

impl EngagementCmd {
    /// `newsroom engagement …`.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            EngagementCmd::Poll { all, assignment, rate, rate_for, workers, timeout, attempts, retry_base_ms } => {
                let mut host_rates = std::collections::HashMap::new();
                for r in &rate_for {
                    let (host, n) = r
                        .split_once('=')
                        .ok_or_else(|| Error::invalid("rate_for", format!("«{r}» không đúng dạng HOST=SỐ_MỖI_PHÚT")))?;
                    let n: u32 = n.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        Error::invalid("rate_for", format!("«{n}» không phải số yêu cầu mỗi phút (số nguyên dương)"))
                    })?;
                    host_rates.insert(host.trim().to_string(), n);
                }
                let run = PollRun {
                    all,
                    assignment_id: assignment,
                    options: PollOptions {
                        workers,
                        rate_per_minute: rate,
                        host_rates,
                        attempts,
                        backoff: std::time::Duration::from_millis(retry_base_ms),
                    },
                    timeout: Some(std::time::Duration::from_secs(timeout)),
                };
                let s = desk.poll_engagement(me, &run)?;
                if s.failed > 0 && s.ok == 0 {
                    partial_failure(8);
                }
                emit(json, &s, || poll_summary(&s));
            }
            EngagementCmd::Import { file, source, as_of, preview, skip_rejected } => {
                let source: EngagementSource = source.parse()?;
                let bytes = crate::input::read_capped(&file, toasoan_domain::limits::MAX_IMPORT_BYTES)?;
                let as_of = as_of.map(|d| parse_date("as_of", &d)).transpose()?;
                let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let out = if preview {
                    EngagementImport {
                        import_id: None,
                        snapshots: 0,
                        preview: desk.preview_import(me, source, &bytes, as_of)?,
                    }
                } else {
                    desk.import_engagement(me, source, &name, &bytes, as_of, skip_rejected)?
                };
                let value = json!({
                    "import_id": out.import_id, "snapshots": out.snapshots, "matched": out.preview.matched,
                    "unmatched": out.preview.unmatched, "rejected": out.preview.rejected,
                    "unmatched_total": out.preview.unmatched_total, "rejected_total": out.preview.rejected_total,
                    "encoding": out.preview.encoding, "captured_at": out.preview.captured_at,
                    "imported_before": out.preview.imported_before,
                });
                emit(json, &value, || import_outcome(&out, preview));
            }
            EngagementCmd::Add { id, metric, value, source, at } => {
                let metric: Metric = metric.parse()?;
                let source: EngagementSource = source.parse()?;
                let at = at
                    .map(|s| {
                        DateTime::parse_from_rfc3339(&s)
                            .map(|t| t.with_timezone(&Utc))
                            .map_err(|_| Error::invalid("at", format!("«{s}» không phải thời điểm RFC 3339")))
                    })
                    .transpose()?;
                desk.record_engagement(me, &id, source, Reading { metric, value }, at)?;
                emit(json, &json!({ "assignment_id": id, "source": source, "metric": metric, "value": value }), || {
                    crate::out!("Đã ghi {} {} ({}).", grouped(value), metric.label_vi(), source.label_vi())
                });
            }
            EngagementCmd::Show { id } => {
                let e = desk.engagement(me, &id)?;
                emit(json, &e, || engagement_card(&e));
            }
            EngagementCmd::Contract { id, top } => {
                let r = desk.contract_engagement(me, &id, top)?;
                emit(json, &r, || rollup_table(&r));
            }
            EngagementCmd::Policy { id, top } => {
                let r = desk.policy_engagement(me, &id, top)?;
                emit(json, &r, || rollup_table(&r));
            }
            EngagementCmd::Matomo(MatomoCmd::Add { name, url, site_id, prefix, token_env }) => {
                let site = desk.add_matomo_site(me, &name, &url, site_id, &prefix, &token_env)?;
                emit(json, &site, || crate::out!("Đã thêm trang Matomo «{}» (idSite {}).", site.name, site.site_id));
            }
            EngagementCmd::Matomo(MatomoCmd::List) => {
                let sites = desk.matomo_sites()?;
                emit(json, &json!({ "sites": sites }), || matomo_table(&sites));
            }
            EngagementCmd::Feedback { policy_id, xlsx } => {
                let list = desk.citizen_feedback(me, &policy_id)?;
                if let Some(path) = &xlsx {
                    toasoan_documents::dossier::save(path, &desk.feedback_digest(me, &policy_id)?)?;
                }
                emit(json, &json!({ "comments": list, "xlsx": xlsx }), || reader_comments(&list, xlsx.as_deref()));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// A poll run: how many read, failed, not due, what it brought, then each failure.
fn poll_summary(s: &PollSummary) {
    crate::out!(
        "Đã thu {} lượt ({} được, {} lỗi, {} bài chưa đến hạn): {} số liệu mới, {} bình luận mới",
        s.polled,
        s.ok,
        s.failed,
        s.not_due,
        s.snapshots,
        s.comments
    );
    for (id, source, e) in &s.errors {
        crate::out!("  {id} [{}]: {e}", source.label_vi());
    }
}

/// An import's file, matches and refused rows, then what became of it (previewed, imported, seen before).
fn import_outcome(out: &EngagementImport, preview: bool) {
    import_preview(out);
    match (&out.import_id, &out.preview.imported_before, preview) {
        (_, _, true) => crate::out!("Xem trước: chưa ghi gì."),
        (Some(id), _, _) => crate::out!("Đã nhập {} số liệu (lần nhập {id}).", out.snapshots),
        (None, Some(at), _) => {
            crate::out!("Tệp này đã được nhập lúc {}: không thay đổi gì.", vn_datetime_display(from_db(at)))
        }
        _ => {}
    }
}

/// What an import file holds: encoding, columns, the rows matched to pieces and the rows refused.
fn import_preview(out: &EngagementImport) {
    let p = &out.preview;
    crate::out!("Tệp {} — cột: {}", p.encoding, p.columns.join(", "));
    crate::out!(
        "Khớp {} bài, {} dòng không thuộc bài nào, {} dòng lỗi",
        p.matched.len(),
        p.unmatched_total,
        p.rejected_total
    );
    for m in &p.matched {
        let figs: Vec<String> = m.figures.iter().map(|(k, v)| format!("{} {}", grouped(*v), k.label_vi())).collect();
        crate::out!("  dòng {:>4}  #{}  {}  ({})", m.line, m.num, m.title, figs.join(", "));
    }
    for r in &p.rejected {
        crate::out!("  dòng {:>4}  lỗi: {}", r.line, r.reason);
    }
    if p.rejected_total as usize > p.rejected.len() {
        crate::out!("  … và {} dòng lỗi khác", p.rejected_total as usize - p.rejected.len());
    }
}

/// A piece's figures: totals, frozen figure, latest per source, the series, failed polls.
fn engagement_card(e: &PieceEngagement) {
    crate::out!("Tổng: {}", totals_line(&e.totals));
    if let Some(f) = &e.frozen {
        let v = f.views.map(grouped).unwrap_or_else(|| "chưa có".into());
        crate::out!("Nghiệm thu đợt {} (đến {}): {v} lượt xem", f.seq, toasoan_domain::text::format::date_vi(f.until));
    }
    for (s, m, v) in &e.latest {
        crate::out!("  {:<22} {:<14} {}", s.label_vi(), m.label_vi(), grouped(*v));
    }
    crate::out!("Theo thời gian ({} lần ghi):", e.series.len());
    for s in &e.series {
        crate::out!(
            "  {}  {:<22} {:<14} {}",
            vn_datetime_display(from_db(&s.captured_at)),
            s.source.label_vi(),
            s.metric.label_vi(),
            grouped(s.value)
        );
    }
    for p in &e.polls {
        if let Some(err) = &p.last_error {
            crate::out!("  Lần thu gần nhất từ {} lỗi: {err}", p.source.label_vi());
        }
    }
}

/// A contract's or a policy's figures: totals, then the most read pieces.
fn rollup_table(r: &Rollup) {
    crate::out!("{} bài có số liệu — {}", r.pieces, totals_line(&r.totals));
    for (k, t) in r.top.iter().enumerate() {
        crate::out!("  {:>2}. #{} {} — {}", k + 1, t.num, t.title, totals_line(&t.totals));
    }
}

/// The Matomo sites, one line each: name, address, idSite, prefix, token variable.
fn matomo_table(sites: &[MatomoSite]) {
    for m in sites {
        crate::out!("{}  {} idSite={} đo {} (token: ${})", m.name, m.base_url, m.site_id, m.url_prefix, m.token_env);
    }
}

/// Readers' comments on a policy's pieces (after the digest written, if any).
fn reader_comments(list: &[StoredComment], xlsx: Option<&Path>) {
    if let Some(p) = xlsx {
        crate::out!("Đã ghi bản tổng hợp: {}", p.display());
    }
    crate::out!("{} ý kiến bạn đọc", list.len());
    for c in list {
        crate::out!("— {} ({}), về «{}»:", c.author, vn_datetime_display(from_db(&c.posted_at)), c.title);
        crate::out!("  {}", c.text);
    }
}

/// Totals in one line: views, comments, shares, reactions, visits.
fn totals_line(t: &Totals) -> String {
    format!(
        "{} lượt xem · {} bình luận · {} chia sẻ · {} lượt thích · {} lượt truy cập",
        grouped(t.views),
        grouped(t.comments),
        grouped(t.shares),
        grouped(t.reactions),
        grouped(t.visits)
    )
}
