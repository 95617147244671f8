//! `newsroom media …`: the media library from the command line.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{GcReport, MediaPatch, MediaQuery};
use toasoan_core::{Error, Result};
use toasoan_domain::text::format::{date_vi, parse_date};
use toasoan_domain::time::vn_datetime_display;
use toasoan_domain::MediaItem;
use toasoan_media::Limits;

use crate::cli::Ctx;
use crate::output::{emit, exit_code};

#[derive(Subcommand, Debug)]
pub enum MediaCmd {
    /// Nhập ảnh (JPEG, PNG, WebP) và tệp đính kèm (PDF, âm thanh, video) vào thư viện.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Gắn vào bài (việc được giao) này.
        #[arg(long)]
        assignment: Option<String>,
        /// Giới hạn dung lượng mỗi tệp, MB.
        #[arg(long, default_value_t = 100)]
        max_size_mb: u64,
        /// Số tệp xử lý song song (mặc định: số nhân CPU).
        #[arg(long)]
        workers: Option<usize>,
    },
    /// Dọn tệp ảnh mồ côi (không ảnh nào trong thư viện trỏ tới, do máy tắt giữa chừng khi nhập) và tệp tạm, cũ hơn 1 giờ.
    Gc {
        /// Chỉ liệt kê, không xóa.
        #[arg(long)]
        dry_run: bool,
    },
    /// Danh sách thư viện, mới nhất trước.
    List {
        #[arg(long)]
        assignment: Option<String>,
        #[arg(long)]
        policy: Option<String>,
        /// Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd).
        #[arg(long)]
        from: Option<String>,
        /// Đến ngày.
        #[arg(long)]
        to: Option<String>,
        /// Từ khóa (không cần dấu) trong tên tệp, chú thích, tác giả.
        #[arg(long)]
        text: Option<String>,
    },
    /// Chi tiết một ảnh/tệp.
    Show { id: String },
    /// Sửa chú thích, tác giả, mô tả ảnh.
    Edit {
        id: String,
        #[arg(long)]
        caption: Option<String>,
        #[arg(long)]
        credit: Option<String>,
        #[arg(long)]
        alt: Option<String>,
    },
    /// Dùng lại một ảnh trong bài khác.
    Attach {
        id: String,
        #[arg(long)]
        assignment: String,
    },
}

impl MediaCmd {
    /// Runs a `media` subcommand.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let cmd = self;
        match cmd {
            MediaCmd::Import { files, assignment, max_size_mb, workers } => {
                if max_size_mb == 0 {
                    return Err(Error::invalid("max-size-mb", "phải lớn hơn 0"));
                }
                let limits = Limits { max_bytes: max_size_mb.saturating_mul(1024 * 1024), ..Limits::default() };
                let workers = workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
                let results = desk.import_files(me, &files, assignment.as_deref(), &limits, workers, &mut |p| {
                    let what = p.error.as_deref().unwrap_or("đã nhập");
                    eprintln!("[{}/{}] {}: {what}", p.done, p.total, p.file);
                });
                let mut imported = Vec::new();
                let mut failed = Vec::new();
                for (path, r) in files.iter().zip(results) {
                    let file = path.display().to_string();
                    match r {
                        Ok(o) => imported.push(json!({ "file": file, "created": o.created, "item": o.item })),
                        Err(e) => {
                            let status = exit_code(&e);
                            crate::output::partial_failure(status);
                            failed
                                .push(json!({ "file": file, "error": { "code": e.code(), "message": e.to_string() } }));
                        }
                    }
                }
                emit(json, &json!({ "imported": imported, "failed": failed }), || import_summary(&imported, &failed));
            }
            MediaCmd::Gc { dry_run } => {
                let r = desk.media_gc(me, dry_run)?;
                emit(json, &r, || gc_summary(&r));
            }
            MediaCmd::List { assignment, policy, from, to, text } => {
                let q = MediaQuery {
                    assignment_id: assignment,
                    policy_id: policy,
                    from: from.as_deref().map(|d| parse_date("from", d)).transpose()?,
                    to: to.as_deref().map(|d| parse_date("to", d)).transpose()?,
                    text,
                };
                let items = desk.media_list(me, &q)?;
                emit(json, &json!({ "media": items }), || media_table(&items));
            }
            MediaCmd::Show { id } => {
                let m = desk.media_item(me, &id)?;
                let root = desk.media_files()?.root().to_path_buf();
                let abs = |p: &Option<String>| p.as_ref().map(|p| root.join(p).display().to_string());
                let paths = json!({
                    "original": root.join(&m.original_path).display().to_string(),
                    "web": abs(&m.web_path),
                    "thumb": abs(&m.thumb_path),
                });
                emit(json, &json!({ "item": m, "files": paths }), || media_card(&m, &paths));
            }
            MediaCmd::Edit { id, caption, credit, alt } => {
                let m = desk.edit_media(me, &id, MediaPatch { caption, credit, alt })?;
                emit(json, &m, || crate::out!("Đã lưu: {}", caption_line(&m)));
            }
            MediaCmd::Attach { id, assignment } => {
                let m = desk.attach_media(me, &id, &assignment)?;
                emit(json, &m, || crate::out!("Đã gắn {} vào {} bài.", m.original_name, m.uses.len()));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// Each file imported (id, file, whether it was already there), then how many were imported and refused.
fn import_summary(imported: &[serde_json::Value], failed: &[serde_json::Value]) {
    for i in imported {
        let again = if i["created"] == false { " (đã có trong thư viện)" } else { "" };
        crate::out!("{}  {}{again}", i["item"]["id"].as_str().unwrap_or(""), i["file"].as_str().unwrap_or(""));
    }
    crate::out!("Đã nhập {} tệp, {} tệp bị từ chối.", imported.len(), failed.len());
}

/// The orphan files removed (or that a run without --dry-run would remove), and their size.
fn gc_summary(r: &GcReport) {
    let verb = if r.removed { "Đã xóa" } else { "Sẽ xóa (chạy lại không có --dry-run)" };
    crate::out!("{verb} {} tệp mồ côi, {}", r.orphans.len(), toasoan_domain::limits::human_bytes(r.bytes));
    for o in &r.orphans {
        crate::out!("  {o}");
    }
}

/// The library, one line each: id, size, day imported, file name, caption.
fn media_table(items: &[MediaItem]) {
    if items.is_empty() {
        crate::out!("Thư viện chưa có ảnh/tệp nào khớp.");
    }
    for m in items {
        crate::out!(
            "{}  {:<10} {:<11} {}  {}",
            m.id,
            size(m),
            date_vi(toasoan_domain::time::vn_date(m.imported_at)),
            m.original_name,
            caption_line(m)
        );
    }
}

/// One photo or file in full: size, caption, alt, who imported it, hash, files, uses, how to insert it.
fn media_card(m: &MediaItem, paths: &serde_json::Value) {
    crate::out!("{} — {} ({}, {} byte)", m.id, m.original_name, m.mime, m.bytes);
    crate::out!("Kích thước: {}", size(m));
    crate::out!("Chú thích: {}", caption_line(m));
    crate::out!("Mô tả ảnh (alt): {}", if m.alt.is_empty() { "(chưa có)" } else { &m.alt });
    crate::out!("Nhập bởi {} lúc {}", m.imported_by, vn_datetime_display(m.imported_at));
    crate::out!("SHA-256: {}", m.sha256);
    crate::out!("Bản gốc: {}", paths["original"].as_str().unwrap_or(""));
    if let Some(w) = paths["web"].as_str() {
        crate::out!("Bản web: {w}");
    }
    for u in &m.uses {
        crate::out!("Dùng trong #{} {} ({})", u.assignment_num, u.title, u.policy_name);
    }
    crate::out!("Chèn vào bài: ![{}](media:{})", m.alt, m.id);
}

/// A photo's pixel size (`2400×1200`), or `tệp` for another file.
fn size(m: &MediaItem) -> String {
    match (m.width, m.height) {
        (Some(w), Some(h)) => format!("{w}×{h}"),
        _ => "tệp".to_string(),
    }
}

/// The caption and credit as printed under the photo, or that there is none yet.
fn caption_line(m: &MediaItem) -> String {
    match m.figure_caption() {
        c if c.is_empty() => "(chưa có chú thích, tác giả)".to_string(),
        c => c,
    }
}
