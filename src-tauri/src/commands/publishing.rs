//! Portals and the publishing outbox.

use super::*;

/// Portal accounts (never a secret).
#[tauri::command]
#[specta::specta]
pub async fn portals(state: State<'_, AppState>) -> IpcResult<Vec<Portal>> {
    state.with_user(move |d, _| d.portals()).await
}

/// Adds a portal account; a password given goes to the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn add_portal(state: State<'_, AppState>, portal: NewPortal) -> IpcResult<Portal> {
    state.with_user(move |d, me| d.add_portal(me, portal)).await
}

/// Replaces a portal's application password in the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn set_portal_password(state: State<'_, AppState>, portal: String, password: String) -> IpcResult<()> {
    state.with_user(move |d, me| d.set_portal_password(me, &portal, &password)).await
}

/// Queues an approved piece for publishing; the background worker sends it.
#[tauri::command]
#[specta::specta]
pub async fn queue_publish(state: State<'_, AppState>, id: String, portal: String) -> IpcResult<PublishJob> {
    let job = state.with_user(move |d, me| d.queue_publish(me, &id, &portal)).await?;
    crate::outbox::wake();
    Ok(job)
}

/// Outbox jobs: of one piece, or all.
#[tauri::command]
#[specta::specta]
pub async fn publish_jobs(state: State<'_, AppState>, id: Option<String>) -> IpcResult<Vec<PublishJob>> {
    state.with_user(move |d, me| d.publish_jobs(me, id.as_deref())).await
}

/// Sends a failed or waiting job again now.
#[tauri::command]
#[specta::specta]
pub async fn retry_job(state: State<'_, AppState>, job: String) -> IpcResult<PublishJob> {
    let j = state.with_user(move |d, me| d.retry_job(me, &job)).await?;
    crate::outbox::wake();
    Ok(j)
}

/// Cancels a job that is not being sent.
#[tauri::command]
#[specta::specta]
pub async fn cancel_job(state: State<'_, AppState>, job: String) -> IpcResult<PublishJob> {
    state.with_user(move |d, me| d.cancel_job(me, &job)).await
}

/// Decides a conflict with the portal's copy.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    job: String,
    choice: ConflictChoice,
) -> IpcResult<PublishJob> {
    let j = state.with_user(move |d, me| d.resolve_conflict(me, &job, choice)).await?;
    crate::outbox::wake();
    Ok(j)
}

/// Proofs of publication of a piece.
#[tauri::command]
#[specta::specta]
pub async fn publications(state: State<'_, AppState>, id: String) -> IpcResult<Vec<Publication>> {
    state.with_user(move |d, me| d.publications(me, Some(&id), None)).await
}

/// Proofs of publication of a contract's pieces (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn contract_publications(state: State<'_, AppState>, contract: String) -> IpcResult<Vec<Publication>> {
    state.with_user(move |d, me| d.publications(me, None, Some(&contract))).await
}
