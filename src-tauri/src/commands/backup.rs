//! The backup folder, its schedule's status and a backup on request.

use super::*;

/// The scheduled backup's status.
#[tauri::command]
#[specta::specta]
pub async fn backup_status(state: State<'_, AppState>) -> IpcResult<BackupStatus> {
    let s = state.settings();
    let last = state.with_desk(move |d| d.last_backup()).await?;
    Ok(BackupStatus {
        dir: s.backup_dir.map(|d| d.display().to_string()),
        keep: s.backup_keep,
        last_at: last.as_ref().map(|l| l.0.clone()),
        last_path: last.map(|l| l.1),
        last_error: crate::backup::last_error(),
    })
}

/// Sets the backup folder (`None`: no scheduled backup) and how many
/// archives are kept (1–365).
#[tauri::command]
#[specta::specta]
pub async fn set_backup(state: State<'_, AppState>, dir: Option<String>, keep: u32) -> IpcResult<()> {
    crate::backup::configure(&state, dir, keep)
}

/// Backs up into the backup folder now (waits for it).
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> IpcResult<toasoan_core::desk::BackupReport> {
    let s = state.settings();
    let dir = s.backup_dir.ok_or_else(|| IpcError::new(ErrorCode::InvalidInput, "chưa chọn thư mục sao lưu"))?;
    let keep = s.backup_keep.max(1);
    state.with_desk(move |d| crate::backup::run(d, &dir, keep)).await
}
