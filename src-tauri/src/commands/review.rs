//! Review: submitting, returning (trả bài), approving, marking published, comments.

use super::*;

/// Sends the piece to the desk.
#[tauri::command]
#[specta::specta]
pub async fn submit(state: State<'_, AppState>, id: String) -> IpcResult<Revision> {
    state.with_user(move |d, me| d.submit(me, &id)).await
}

/// Returns the piece to its reporter with a comment.
#[tauri::command]
#[specta::specta]
pub async fn request_changes(state: State<'_, AppState>, id: String, comment: String) -> IpcResult<String> {
    state.with_user(move |d, me| d.request_changes(me, &id, &comment)).await
}

/// Approves the submitted revision.
#[tauri::command]
#[specta::specta]
pub async fn approve(state: State<'_, AppState>, id: String) -> IpcResult<String> {
    state.with_user(move |d, me| d.approve(me, &id).map(|a| a.id)).await
}

/// Records that an approved piece was published at `url` (the manual path until
/// portal publishing exists).
#[tauri::command]
#[specta::specta]
pub async fn mark_published(state: State<'_, AppState>, id: String, url: String) -> IpcResult<PieceState> {
    state.with_user(move |d, me| d.mark_published(me, &id, &url, None)).await
}

/// Comments on a piece, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn comments(state: State<'_, AppState>, id: String) -> IpcResult<Vec<Comment>> {
    state.with_user(move |d, me| d.comments(me, Some(&id), false)).await
}

/// Adds a comment.
#[tauri::command]
#[specta::specta]
pub async fn add_comment(state: State<'_, AppState>, id: String, text: String) -> IpcResult<Comment> {
    state.with_user(move |d, me| d.add_comment(me, &id, &text)).await
}

/// Edits one's own comment.
#[tauri::command]
#[specta::specta]
pub async fn edit_comment(state: State<'_, AppState>, comment_id: String, text: String) -> IpcResult<Comment> {
    state.with_user(move |d, me| d.edit_comment(me, &comment_id, &text)).await
}

/// Deletes one's own comment.
#[tauri::command]
#[specta::specta]
pub async fn delete_comment(state: State<'_, AppState>, comment_id: String) -> IpcResult<()> {
    state.with_user(move |d, me| d.delete_comment(me, &comment_id)).await
}

/// Marks a comment resolved.
#[tauri::command]
#[specta::specta]
pub async fn resolve_comment(state: State<'_, AppState>, comment_id: String) -> IpcResult<Comment> {
    state.with_user(move |d, me| d.resolve_comment(me, &comment_id)).await
}
