//! The scheduled backup of the desktop app: once a day, when a backup folder
//! is set (a USB stick, another disk), the data folder is backed up there on
//! the worker's own connection — the app goes on writing meanwhile — and
//! only the newest `backup_keep` archives are kept. A folder that is not
//! plugged in is tried again at the next round; the last good backup stays
//! visible in the window, and a failure is shown with its reason.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use tauri::AppHandle;
use toasoan_core::Desk;

use crate::background::{self, Mailbox};
use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::state::AppState;

/// Requests to back up now.
static NOW: Mailbox<()> = Mailbox::new();

/// The last scheduled or asked-for backup's failure, shown in the window.
static LAST_ERROR: Mutex<Option<String>> = Mutex::new(None);

/// A day between scheduled backups.
const EVERY: chrono::Duration = chrono::Duration::hours(24);

/// The name prefix of the archives this worker writes (and prunes).
const PREFIX: &str = "toa-soan-";

/// Asks the worker to back up now.
pub fn now() {
    NOW.post(());
}

/// Why the last backup failed, if it did.
pub fn last_error() -> Option<String> {
    LAST_ERROR.lock().ok()?.clone()
}

/// Starts the worker thread (it looks every ten minutes).
pub fn start(app: AppHandle) {
    background::spawn("backup", app, &NOW, Duration::from_secs(600), move |desk, state, asked| {
        let Some((dir, keep)) = folder(state) else {
            return;
        };
        let due = match desk.last_backup() {
            Ok(Some((at, _))) => toasoan_core::time::from_db(&at) + EVERY <= chrono::Utc::now(),
            Ok(None) => true,
            Err(_) => false,
        };
        if !due && asked.is_empty() {
            return;
        }
        let result = run(desk, &dir, keep);
        if let Ok(mut e) = LAST_ERROR.lock() {
            *e = result.err().map(|e| e.to_string());
        }
    });
}

/// Sets the backup folder (none: no scheduled backup; otherwise a full
/// path) and how many archives are kept (1–365), then backs up at once.
pub fn configure(state: &AppState, dir: Option<String>, keep: u32) -> IpcResult<()> {
    if !(1..=365).contains(&keep) {
        return Err(IpcError::new(ErrorCode::InvalidInput, "số bản sao lưu giữ lại phải từ 1 đến 365"));
    }
    let dir = dir.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).map(PathBuf::from);
    if dir.as_ref().is_some_and(|d| !d.is_absolute()) {
        return Err(IpcError::new(ErrorCode::InvalidInput, "thư mục sao lưu cần là đường dẫn đầy đủ"));
    }
    state.update_settings(|s| {
        s.backup_dir = dir;
        s.backup_keep = keep;
    })?;
    now();
    Ok(())
}

fn folder(state: &AppState) -> Option<(PathBuf, u32)> {
    let s = state.settings();
    Some((s.backup_dir?, s.backup_keep.max(1)))
}

/// One backup into `dir`, then the oldest archives beyond `keep` removed.
pub fn run(desk: &Desk, dir: &Path, keep: u32) -> toasoan_core::Result<toasoan_core::desk::BackupReport> {
    if !dir.is_dir() {
        return Err(toasoan_core::Error::invalid(
            "backup_dir",
            format!("không thấy thư mục sao lưu {} (thẻ nhớ chưa cắm?)", dir.display()),
        ));
    }
    let stamp = toasoan_core::time::vn_naive(chrono::Utc::now()).format("%Y-%m-%d-%H%M%S");
    let report = desk.backup(None, &dir.join(format!("{PREFIX}{stamp}.zip")))?;
    prune(dir, keep as usize);
    Ok(report)
}

/// Removes all but the newest `keep` archives named by this worker.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut ours: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".zip"))
        })
        .collect();
    // The names carry the time, so their order is the archives' order.
    ours.sort();
    let extra = ours.len().saturating_sub(keep);
    for old in ours.into_iter().take(extra) {
        let _ = std::fs::remove_file(old);
    }
}
