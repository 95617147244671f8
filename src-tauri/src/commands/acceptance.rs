//! Acceptance rounds and the dossier.

use super::*;

/// What an acceptance up to `until` would list (heads); records nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_acceptance(
    state: State<'_, AppState>,
    contract: String,
    until: NaiveDate,
) -> IpcResult<AcceptancePreview> {
    state.with_user(move |d, me| d.preview_acceptance(me, &contract, until)).await
}

/// Accepts the contract's counted pieces up to `until` (heads).
#[tauri::command]
#[specta::specta]
pub async fn create_acceptance(
    state: State<'_, AppState>,
    contract: String,
    until: NaiveDate,
) -> IpcResult<AcceptanceOutcome> {
    state.with_user(move |d, me| d.create_acceptance(me, &contract, until)).await
}

/// Writes a dossier document under `<data folder>/exports/` and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn export_dossier(
    state: State<'_, AppState>,
    contract: String,
    acceptance: Option<String>,
    format: DossierFormat,
) -> IpcResult<String> {
    let dir = state.open_data_dir().unwrap_or_default().join("exports");
    state
        .with_user(move |d, me| d.export_dossier(me, &contract, acceptance.as_deref(), format, &dir))
        .await
        .map(|p| p.display().to_string())
}
