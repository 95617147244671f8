//! Pieces: the lists, one piece, its draft, autosave, preview, history and diff, search, assigning and cancelling, the reporter's answer, counting overrides.

use super::*;

/// Assignments the user may see: `mine` = only their own; `states` empty = all.
#[tauri::command]
#[specta::specta]
pub async fn assignments(
    state: State<'_, AppState>,
    mine: bool,
    states: Vec<PieceState>,
) -> IpcResult<Vec<Assignment>> {
    state.with_user(move |d, me| d.assignments(me, mine, states)).await
}

/// One assignment.
#[tauri::command]
#[specta::specta]
pub async fn assignment(state: State<'_, AppState>, id: String) -> IpcResult<Assignment> {
    state.with_user(move |d, me| d.assignment(me, &id)).await
}

/// What the signed-in person may do with the piece now (the buttons to show).
#[tauri::command]
#[specta::specta]
pub async fn piece_actions(state: State<'_, AppState>, id: String) -> IpcResult<Vec<PieceAction>> {
    state.with_user(move |d, me| d.piece_actions(me, &id)).await
}

/// The current text (working copy if any, else the newest revision).
#[tauri::command]
#[specta::specta]
pub async fn draft(state: State<'_, AppState>, id: String) -> IpcResult<Draft> {
    state.with_user(move |d, me| d.draft(me, &id)).await
}

/// Makes typed text durable at once.
#[tauri::command]
#[specta::specta]
pub async fn autosave(state: State<'_, AppState>, id: String, draft: Draft) -> IpcResult<AutosaveOutcome> {
    state.with_user(move |d, me| d.autosave(me, &id, draft)).await
}

/// Saves a revision explicitly (Ctrl+S).
#[tauri::command]
#[specta::specta]
pub async fn save_draft(state: State<'_, AppState>, id: String, draft: Draft) -> IpcResult<SaveOutcome> {
    let patch = DraftPatch {
        headline: Some(draft.headline),
        sapo: Some(draft.sapo),
        body: Some(draft.body),
        byline: Some(draft.byline),
    };
    state.with_user(move |d, me| d.save_draft(me, &id, patch)).await
}

/// Renders and checks text being typed, without saving it.
#[tauri::command]
#[specta::specta]
pub async fn preview(state: State<'_, AppState>, id: String, draft: Draft) -> IpcResult<Preview> {
    state
        .with_user(move |d, me| {
            let (checklist, rendered) = d.preview_draft(me, &id, &draft, MEDIA_URL)?;
            Ok(Preview { checklist, rendered })
        })
        .await
}

/// Revisions, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn history(state: State<'_, AppState>, id: String) -> IpcResult<Vec<Revision>> {
    state.with_user(move |d, me| d.history(me, &id)).await
}

/// What changed between revisions `a` and `b`.
#[tauri::command]
#[specta::specta]
pub async fn diff(state: State<'_, AppState>, id: String, a: i64, b: i64) -> IpcResult<DiffView> {
    state.with_user(move |d, me| d.diff(me, &id, a, b).map(|(old, new, fields)| DiffView { old, new, fields })).await
}

/// Changes an assignment's terms (editors, heads): title, brief, deadline,
/// reporter, editor, policy; warnings name a deadline outside the contract.
#[tauri::command]
#[specta::specta]
pub async fn edit_assignment(
    state: State<'_, AppState>,
    id: String,
    edit: AssignmentEdit,
) -> IpcResult<EditedAssignment> {
    state.with_user(move |d, me| d.edit_assignment(me, &id, edit)).await
}

/// Diacritic-insensitive search.
#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String) -> IpcResult<Vec<SearchHit>> {
    state.with_user(move |d, me| d.search(me, &query, 50)).await
}

/// If pasted text looks like TCVN3 or VNI, its Unicode conversion (never applied
/// silently: the UI offers it).
#[tauri::command]
#[specta::specta]
pub async fn detect_legacy(text: String) -> IpcResult<Option<LegacyText>> {
    Ok(legacy::detect(&text).map(|d| LegacyText { encoding: d.encoding.label().into(), converted: d.converted }))
}

/// Creates an assignment from a contract line (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn add_assignment(state: State<'_, AppState>, input: NewAssignment) -> IpcResult<Assignment> {
    state.with_user(move |d, me| d.add_assignment(me, input)).await
}

/// Cancels a piece with a reason (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn cancel_piece(state: State<'_, AppState>, id: String, reason: String) -> IpcResult<PieceState> {
    state.with_user(move |d, me| d.cancel(me, &id, &reason)).await
}

/// The reporter accepts or declines their assignment.
#[tauri::command]
#[specta::specta]
pub async fn respond(
    state: State<'_, AppState>,
    id: String,
    response: ResponseKind,
    reason: Option<String>,
) -> IpcResult<ResponseOutcome> {
    state.with_user(move |d, me| d.respond(me, &id, response, reason.as_deref())).await
}

/// A head's written decision that a piece counts or not.
#[tauri::command]
#[specta::specta]
pub async fn override_counting(
    state: State<'_, AppState>,
    id: String,
    counts: bool,
    reason: String,
) -> IpcResult<String> {
    state.with_user(move |d, me| d.override_counting(me, &id, counts, &reason)).await
}
