//! The desk's plan: assignments by deadline, each reporter's load.

use super::*;

/// The planning view: assignments due in a range, each reporter's load.
#[tauri::command]
#[specta::specta]
pub async fn planning(state: State<'_, AppState>, query: PlanningQuery) -> IpcResult<Planning> {
    state.with_user(move |d, me| d.planning(me, &query)).await
}
