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
            Ok(Some((at, _))) => toasoan_domain::time::from_db(&at) + EVERY <= chrono::Utc::now(),
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
    if !(1..=toasoan_core::desk::MAX_KEEP).contains(&keep) {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            format!("số bản sao lưu giữ lại phải từ 1 đến {}", toasoan_core::desk::MAX_KEEP),
        ));
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

/// One backup into `dir`, then the oldest archives beyond `keep` removed
/// (the core's rotation, which `newsroom backup --into DIR --keep N` uses too).
pub fn run(desk: &Desk, dir: &Path, keep: u32) -> toasoan_core::Result<toasoan_core::desk::BackupReport> {
    desk.backup_rotating(None, dir, keep)
}
