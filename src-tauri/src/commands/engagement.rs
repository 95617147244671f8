//! Audience figures: per piece, per contract, per policy; recording, polling, importing exports.

use super::*;

/// A piece's audience figures: totals, per source, over time, frozen at acceptance.
#[tauri::command]
#[specta::specta]
pub async fn engagement(state: State<'_, AppState>, id: String) -> IpcResult<PieceEngagement> {
    state.with_user(move |d, me| d.engagement(me, &id)).await
}

/// Records a figure typed in by an editor (now).
#[tauri::command]
#[specta::specta]
pub async fn record_engagement(
    state: State<'_, AppState>,
    id: String,
    source: EngagementSource,
    metric: Metric,
    value: i64,
) -> IpcResult<PieceEngagement> {
    state
        .with_user(move |d, me| {
            d.record_engagement(me, &id, source, Reading { metric, value }, None)?;
            d.engagement(me, &id)
        })
        .await
}

/// Asks the engagement worker to read this piece's figures now (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn poll_engagement_now(state: State<'_, AppState>, id: String) -> IpcResult<()> {
    state
        .with_user(move |_, me| {
            toasoan_core::workflow::authorize(me, toasoan_core::workflow::Action::RecordEngagement, None)
        })
        .await?;
    crate::engagement::poll_now(Some(id));
    Ok(())
}

/// A contract's audience totals and its most-viewed pieces.
#[tauri::command]
#[specta::specta]
pub async fn contract_engagement(state: State<'_, AppState>, id: String) -> IpcResult<Rollup> {
    state.with_user(move |d, me| d.contract_engagement(me, &id, 5)).await
}

/// Reads a Facebook, YouTube or Zalo export and shows what importing it would do.
#[tauri::command]
#[specta::specta]
pub async fn preview_engagement_import(
    state: State<'_, AppState>,
    source: EngagementSource,
    data_base64: String,
    as_of: Option<NaiveDate>,
) -> IpcResult<ImportPreview> {
    let bytes = crate::media_protocol::decode_base64("CSV", &data_base64, MAX_IMPORT_BYTES as u64)?;
    state.with_user(move |d, me| d.preview_import(me, source, &bytes, as_of)).await
}

/// Imports the export whole or not at all.
#[tauri::command]
#[specta::specta]
pub async fn import_engagement(
    state: State<'_, AppState>,
    source: EngagementSource,
    name: String,
    data_base64: String,
    as_of: Option<NaiveDate>,
    skip_rejected: bool,
) -> IpcResult<EngagementImport> {
    let bytes = crate::media_protocol::decode_base64(&name, &data_base64, MAX_IMPORT_BYTES as u64)?;
    state.with_user(move |d, me| d.import_engagement(me, source, &name, &bytes, as_of, skip_rejected)).await
}

/// A policy's audience totals and its most-viewed pieces.
#[tauri::command]
#[specta::specta]
pub async fn policy_engagement(state: State<'_, AppState>, id: String) -> IpcResult<Rollup> {
    state.with_user(move |d, me| d.policy_engagement(me, &id, 3)).await
}
