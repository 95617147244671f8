//! The period report and the audit trail.

use super::*;

/// The audit trail of one entity (a piece, a contract), oldest first.
#[tauri::command]
#[specta::specta]
pub async fn audit_trail(state: State<'_, AppState>, entity: String) -> IpcResult<Vec<AuditEvent>> {
    state.with_user(move |d, me| d.audit_log(me, Some(&entity))).await
}

/// The period report across contracts.
#[tauri::command]
#[specta::specta]
pub async fn period_report(state: State<'_, AppState>, from: NaiveDate, to: NaiveDate) -> IpcResult<PeriodReport> {
    state.with_user(move |d, me| d.period_report(me, from, to)).await
}

/// Writes the period report as XLSX or PDF under the data folder's exports.
#[tauri::command]
#[specta::specta]
pub async fn export_period(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    format: DossierFormat,
) -> IpcResult<String> {
    let dir = state.open_data_dir().unwrap_or_default().join("exports");
    state.with_user(move |d, me| d.export_period(me, from, to, format, &dir)).await.map(|p| p.display().to_string())
}
