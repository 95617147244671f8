//! Exported files handed over: saved where the person chooses, opened, shown in their folder.

use super::*;

/// Saves a copy of an exported file through the system's save dialog;
/// `None` when the person cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_export(state: State<'_, AppState>, path: String) -> IpcResult<Option<String>> {
    let from = crate::exports::ours(&exports_dir(&state), &path)?;
    crate::exports::save_copy(from).await
}

/// Opens an exported file (or, with `folder`, shows it in its folder) with
/// the system's programs.
#[tauri::command]
#[specta::specta]
pub async fn open_export(state: State<'_, AppState>, path: String, folder: bool) -> IpcResult<()> {
    let p = crate::exports::ours(&exports_dir(&state), &path)?;
    crate::exports::open(&p, folder)
}

fn exports_dir(state: &AppState) -> std::path::PathBuf {
    state.open_data_dir().unwrap_or_default().join("exports")
}
