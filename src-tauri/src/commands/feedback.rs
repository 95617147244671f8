//! Citizens' feedback and its digest.

use super::*;

/// Writes a policy's citizen-feedback digest (XLSX) under `<data folder>/exports/`.
#[tauri::command]
#[specta::specta]
pub async fn export_feedback(state: State<'_, AppState>, policy: String) -> IpcResult<String> {
    let dir = state.open_data_dir().unwrap_or_default().join("exports");
    state.with_user(move |d, me| d.export_feedback(me, &policy, &dir)).await.map(|p| p.display().to_string())
}

/// Citizens' feedback, newest first.
#[tauri::command]
#[specta::specta]
pub async fn feedback_list(state: State<'_, AppState>, query: FeedbackQuery) -> IpcResult<Vec<Feedback>> {
    state.with_user(move |d, me| d.feedback_list(me, &query)).await
}

/// Records a citizen's feedback (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn add_feedback(state: State<'_, AppState>, input: NewFeedback) -> IpcResult<Feedback> {
    state.with_user(move |d, me| d.add_feedback(me, input)).await
}

/// Marks feedback forwarded to the agency.
#[tauri::command]
#[specta::specta]
pub async fn forward_feedback(state: State<'_, AppState>, id: String, to: String) -> IpcResult<Feedback> {
    state.with_user(move |d, me| d.forward_feedback(me, &id, &to)).await
}

/// Records the answer given to the citizen.
#[tauri::command]
#[specta::specta]
pub async fn answer_feedback(state: State<'_, AppState>, id: String, answer: String) -> IpcResult<Feedback> {
    state.with_user(move |d, me| d.answer_feedback(me, &id, &answer)).await
}
