//! Team mode's commands: joining a hub from the window, the status the
//! window watches, notifications, refusals and conflicts merged on screen.
//! Work that waits on the network runs on a desk of its own
//! ([`AppState::fresh_desk`]), never under the app's lock.

use tauri::ipc::Channel;
use tauri::State;
use toasoan_core::desk::{
    ConflictSummary, ConflictView, HubForm, HubMove, HubProbe, InvitationJoin, Resolution, SyncReport,
};
use toasoan_domain::team::Invitation;
use toasoan_domain::{Notification, Person, Revision, SyncRefusal};

use super::Progress;
use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use crate::team::{self, TeamStatus};

/// Runs `f` (which waits on the network through the synchronous PostgreSQL
/// client, itself a small runtime) on a blocking thread, off the async
/// runtime that drives the commands.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> toasoan_core::Result<T> + Send + 'static) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::new(ErrorCode::Storage, format!("công việc nền dừng giữa chừng: {e}")))?
        .map_err(IpcError::from)
}

/// Streams progress (a closed window's channel is ignored).
fn report(channel: &Channel<Progress>, done: u32, total: u32) {
    channel.send(Progress { done, total }).ok();
}

/// Sends every change of the team status to `on_status` (the current one first).
#[tauri::command]
#[specta::specta]
pub async fn team_watch(on_status: Channel<TeamStatus>) -> IpcResult<()> {
    team::watch(on_status);
    Ok(())
}

/// Asks the team worker to sync now.
#[tauri::command]
#[specta::specta]
pub async fn hub_sync_now() -> IpcResult<()> {
    team::wake();
    Ok(())
}

/// Tests a hub address, login and certificate; names the step that failed.
#[tauri::command]
#[specta::specta]
pub async fn hub_probe(state: State<'_, AppState>, form: HubForm) -> IpcResult<HubProbe> {
    let (link, password) = form.resolve()?;
    let desk = state.fresh_desk()?;
    blocking(move || desk.team().probe(&link, &password)).await
}

/// Joins this (empty) data folder to the hub as the form's login, makes the
/// first copy (rows received streamed to `on_progress`) and signs that person in.
#[tauri::command]
#[specta::specta]
pub async fn hub_join(state: State<'_, AppState>, form: HubForm, on_progress: Channel<Progress>) -> IpcResult<Person> {
    let (link, password) = form.resolve()?;
    let login = link.login.clone();
    let desk = state.fresh_desk()?;
    blocking(move || desk.team().connect(link, &password, &|n| report(&on_progress, n, 0))).await?;
    team::wake();
    state.sign_in(&login, None)
}

/// Reads an invitation file's text (what the head handed over), checked.
#[tauri::command]
#[specta::specta]
pub async fn read_invitation(text: String) -> IpcResult<Invitation> {
    Ok(Invitation::parse(text.as_bytes())?)
}

/// Joins this (empty) data folder with an invitation and the password the
/// head gave apart; makes the first copy and signs that person in.
#[tauri::command]
#[specta::specta]
pub async fn hub_join_invitation(
    state: State<'_, AppState>,
    join: InvitationJoin,
    on_progress: Channel<Progress>,
) -> IpcResult<Person> {
    let login = join.invitation.login.clone();
    let desk = state.fresh_desk()?;
    blocking(move || desk.team().accept_invitation(&join, &|n| report(&on_progress, n, 0))).await?;
    team::wake();
    state.sign_in(&login, None)
}

/// Moves the solo newsroom here onto a new hub (heads): people, contracts
/// and every piece with its history; steps streamed to `on_progress`.
#[tauri::command]
#[specta::specta]
pub async fn hub_move(
    state: State<'_, AppState>,
    form: HubMove,
    on_progress: Channel<Progress>,
) -> IpcResult<SyncReport> {
    let me = state.with_user(move |_, u| Ok(u.clone())).await?;
    let desk = state.fresh_desk()?;
    let report =
        blocking(move || desk.team().move_to(&me, form, &|done, total| report(&on_progress, done, total))).await?;
    team::wake();
    Ok(report)
}

/// The signed-in person's notifications, newest first.
#[tauri::command]
#[specta::specta]
pub async fn notifications(state: State<'_, AppState>) -> IpcResult<Vec<Notification>> {
    state.with_user(move |d, u| d.notifications(u)).await
}

/// Marks notifications read (`None`: all).
#[tauri::command]
#[specta::specta]
pub async fn mark_notifications_read(state: State<'_, AppState>, ids: Option<Vec<String>>) -> IpcResult<u32> {
    let n = state.with_user(move |d, u| d.mark_notifications_read(u, ids)).await?;
    team::wake();
    Ok(n)
}

/// The person opened a piece: its notifications are read.
#[tauri::command]
#[specta::specta]
pub async fn piece_seen(state: State<'_, AppState>, id: String) -> IpcResult<()> {
    state.with_user(move |d, u| d.mark_piece_notifications_read(u, &id)).await?;
    team::wake();
    Ok(())
}

/// Changes of this workbench the hub refused, not yet dismissed.
#[tauri::command]
#[specta::specta]
pub async fn hub_refusals(state: State<'_, AppState>) -> IpcResult<Vec<SyncRefusal>> {
    state.with_user(move |d, u| d.team().refusals(u)).await
}

/// Dismisses a refusal its author has read.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_refusal(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_user(move |d, u| d.dismiss_refusal(u, id)).await?;
    team::wake();
    Ok(())
}

/// Pieces with two versions to merge.
#[tauri::command]
#[specta::specta]
pub async fn conflicts(state: State<'_, AppState>) -> IpcResult<Vec<ConflictSummary>> {
    state.with_user(move |d, u| d.conflicts(u)).await
}

/// A conflict: mine, theirs, the base and the proposed merge.
#[tauri::command]
#[specta::specta]
pub async fn conflict(state: State<'_, AppState>, id: String) -> IpcResult<ConflictView> {
    state.with_user(move |d, u| d.conflict(u, &id)).await
}

/// Resolves a conflict by a new revision of the chosen or edited text.
#[tauri::command]
#[specta::specta]
pub async fn resolve_merge(state: State<'_, AppState>, id: String, resolution: Resolution) -> IpcResult<Revision> {
    let r = state.with_user(move |d, u| d.resolve_conflict_with(u, &id, resolution)).await?;
    team::wake();
    Ok(r)
}
