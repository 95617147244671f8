//! `newsroom backup|restore|check`: one archive with the database (one
//! consistent instant, even while the app writes), the media and the proofs;
//! a restore that checks everything before it touches the target folder; a
//! check of a data folder.

use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use toasoan_core::desk::{restore, BackupReport, CheckReport, RestoreReport};
use toasoan_core::{Error, Result};
use toasoan_domain::limits::human_bytes;

use crate::cli::Ctx;
use crate::output::emit;

/// `newsroom backup --to FILE`, or `--into DIR [--keep N]` (rotating).
#[derive(ClapArgs, Debug)]
pub struct BackupArgs {
    /// Tệp sao lưu sẽ ghi (ví dụ /media/usb/toa-soan-2026-12-03.zip); nằm ngoài thư mục dữ liệu.
    #[arg(long, value_name = "FILE", required_unless_present = "into", conflicts_with = "into")]
    pub to: Option<PathBuf>,
    /// Sao lưu theo lịch (cron): ghi toa-soan-NGÀY-GIỜ.zip vào thư mục này rồi chỉ giữ --keep bản mới nhất.
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Số bản sao lưu giữ lại trong thư mục --into (1–365).
    #[arg(long, value_name = "N", default_value_t = 7, requires = "into")]
    pub keep: u32,
}

/// `newsroom restore FILE --data-dir DIR [--replace]`.
#[derive(ClapArgs, Debug)]
pub struct RestoreArgs {
    /// Tệp sao lưu.
    pub file: PathBuf,
    /// Thay dữ liệu đang có trong thư mục đích (dữ liệu cũ được đổi tên, giữ lại bên cạnh).
    #[arg(long)]
    pub replace: bool,
}

impl BackupArgs {
    /// Backs the data folder up.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, json) = (cx.desk, cx.json);
        let me = cx.named_actor()?;
        let me = me.as_ref();
        let a = self;
        let r = match (&a.to, &a.into) {
            (Some(to), _) => desk.backup(me, to)?,
            (None, Some(dir)) => desk.backup_rotating(me, dir, a.keep)?,
            (None, None) => return Err(Error::invalid("to", "cần --to TỆP hoặc --into THƯ_MỤC")),
        };
        emit(json, &r, || backup_summary(&r));
        Ok(())
    }
}

/// Restores an archive into `data_dir` (no desk is opened before).
impl RestoreArgs {
    /// Runs the command into `data_dir`: before any desk is opened there (the
    /// folder may have none yet), so without a [`Ctx`].
    pub fn run(self, data_dir: &Path, json: bool) -> Result<()> {
        let a = self;
        if !a.file.is_file() {
            return Err(Error::invalid("file", format!("không có tệp sao lưu {}", a.file.display())));
        }
        let r = restore(&a.file, data_dir, a.replace)?;
        emit(json, &r, || restore_summary(&r));
        Ok(())
    }
}

/// Checks the data folder; a problem found is exit status 7.
pub fn check(cx: &Ctx) -> Result<()> {
    let (desk, json) = (cx.desk, cx.json);
    let r = desk.check()?;
    emit(json, &r, || check_report(&r));
    if !r.ok {
        crate::output::partial_failure(7);
    }
    Ok(())
}

// Text renderers: what a person reads without --json.

/// The archive written: where, how many files, how big, what was missing.
fn backup_summary(r: &BackupReport) {
    crate::out!("Đã sao lưu vào {}: {} tệp, {}", r.path, r.files, human_bytes(r.bytes));
    for m in &r.missing {
        crate::out!("  thiếu (không có trong thư mục dữ liệu): {m}");
    }
}

/// The restore done: from when, where, where the old data was kept, then the check of it.
fn restore_summary(r: &RestoreReport) {
    crate::out!("Đã khôi phục bản sao lưu lúc {} vào {} ({} tệp)", r.created_at, r.data_dir, r.files);
    if let Some(p) = &r.previous_kept_at {
        crate::out!("Dữ liệu trước đó được giữ lại ở {p}");
    }
    check_report(&r.check);
}

/// A data folder's check: all sound, or each problem found.
fn check_report(r: &CheckReport) {
    if r.ok {
        crate::out!(
            "Kiểm tra: cơ sở dữ liệu nguyên vẹn; {} tệp ảnh, {} tệp bằng chứng đủ và đúng",
            r.media_files,
            r.proof_files
        );
    } else {
        crate::out!("Kiểm tra: {} vấn đề", r.problems.len());
        for p in &r.problems {
            crate::out!("  {p}");
        }
    }
}
