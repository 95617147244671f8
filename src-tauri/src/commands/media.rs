//! The media library: listing, importing (raw bytes), captions and credits, attaching.

use super::*;

/// The media library, newest first, filtered.
#[tauri::command]
#[specta::specta]
pub async fn media_list(state: State<'_, AppState>, query: MediaQuery) -> IpcResult<Vec<MediaItem>> {
    state.with_user(move |d, me| d.media_list(me, &query)).await
}

/// Imports one file picked, dropped or pasted in the UI. Its bytes are the
/// request body as they are (a 10 MB photo crosses as 10 MB, not as 13 MB of
/// base64 in JSON); its name and piece come in headers (see
/// `media_protocol::Upload`). Decoding and the derivatives run off the async
/// runtime, with no lock held, so other commands go on meanwhile.
#[tauri::command]
pub async fn import_media_bytes(state: State<'_, AppState>, request: Request<'_>) -> IpcResult<ImportOutcome> {
    let upload = crate::media_protocol::Upload::from_request(&request)?;
    let assignment_id = upload.assignment_id.clone();
    let prepared = tauri::async_runtime::spawn_blocking(move || upload.prepare())
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))??;
    state.with_user(move |d, me| d.add_media(me, &prepared, assignment_id.as_deref())).await
}

/// Changes caption, credit and alt text.
#[tauri::command]
#[specta::specta]
pub async fn edit_media(state: State<'_, AppState>, id: String, patch: MediaPatch) -> IpcResult<MediaItem> {
    state.with_user(move |d, me| d.edit_media(me, &id, patch)).await
}

/// Uses a library item in a piece.
#[tauri::command]
#[specta::specta]
pub async fn attach_media(state: State<'_, AppState>, id: String, assignment_id: String) -> IpcResult<MediaItem> {
    state.with_user(move |d, me| d.attach_media(me, &id, &assignment_id)).await
}
