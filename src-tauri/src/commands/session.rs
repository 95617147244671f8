//! The window itself: app info, language, data folder, profiles and signing in, the demo.

use super::*;

/// App version, language, data folder and who is signed in.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    crate::probe::first_ipc();
    let s = state.snapshot()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        language: s.settings.language,
        data_dir: s.data_dir.map(|d| d.display().to_string()),
        default_data_dir: default_data_dir().map(|d| d.display().to_string()),
        open_error: s.open_error,
        user: s.user,
        team_login: s.team_login,
        read_only: s.read_only,
    })
}

/// Called by the UI once its first screen is painted. With
/// `TOASOAN_STARTUP_PROBE` set, prints `toasoan-ready` so `scripts/bench-app.sh`
/// can time cold start to an interactive window (see `probe`). Either way the
/// background workers may start now (`background::wait_for_first_screen`).
#[tauri::command]
#[specta::specta]
pub async fn ui_ready() -> IpcResult<()> {
    crate::background::first_screen_painted();
    crate::probe::ready();
    Ok(())
}

/// Sets the UI language (saved).
#[tauri::command]
#[specta::specta]
pub async fn set_language(state: State<'_, AppState>, language: Language) -> IpcResult<()> {
    state.update_settings(|s| s.language = language)
}

/// Moves to another data folder (`None` = the default); signs out.
#[tauri::command]
#[specta::specta]
pub async fn set_data_dir(state: State<'_, AppState>, path: Option<String>) -> IpcResult<()> {
    let path = path.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
    state.update_settings(|s| s.data_dir = path.map(Into::into))
}

/// Local profiles to sign in as.
#[tauri::command]
#[specta::specta]
pub async fn people(state: State<'_, AppState>) -> IpcResult<Vec<Person>> {
    state.with_desk(move |d| d.people()).await
}

/// Signs in as a local profile, with its passphrase when it has one.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(state: State<'_, AppState>, login: String, passphrase: Option<String>) -> IpcResult<Person> {
    state.sign_in(&login, passphrase.as_deref())
}

/// The profiles that ask for a passphrase (solo mode).
#[tauri::command]
#[specta::specta]
pub async fn locked_profiles(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    state.with_desk(move |d| d.locked_profiles()).await
}

/// Sets, changes or (with `next` = null) removes a profile's passphrase.
#[tauri::command]
#[specta::specta]
pub async fn set_passphrase(
    state: State<'_, AppState>,
    login: String,
    current: Option<String>,
    next: Option<String>,
) -> IpcResult<()> {
    state.with_user(move |d, me| d.set_passphrase(me, &login, current.as_deref(), next.as_deref())).await
}

/// Signs out.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> IpcResult<()> {
    state.sign_out()
}

/// Loads the demo newsroom (idempotent), streaming progress.
#[tauri::command]
#[specta::specta]
pub async fn load_demo(state: State<'_, AppState>, on_progress: Channel<Progress>) -> IpcResult<u32> {
    state
        .with_desk(move |d| {
            let mut report = |done: usize, total: usize| {
                let _ = on_progress.send(Progress { done: done as u32, total: total as u32 });
            };
            toasoan_core::demo::load_with_progress(d, &mut report).map(|s| s.assignments as u32)
        })
        .await
}

/// Makes a new newsroom on this empty data folder (its name and its head)
/// and signs the head in.
#[tauri::command]
#[specta::specta]
pub async fn create_newsroom(
    state: State<'_, AppState>,
    head_name: String,
    newsroom_name: String,
) -> IpcResult<Person> {
    let head = state.with_desk(move |d| d.create_newsroom(&head_name, &newsroom_name)).await?;
    state.sign_in(&head.login, None)
}

/// The newsroom's name, when it has one.
#[tauri::command]
#[specta::specta]
pub async fn newsroom_name(state: State<'_, AppState>) -> IpcResult<Option<String>> {
    state.with_desk(move |d| d.newsroom_name()).await
}

/// What the signed-in person's role lets them do across the desk (the
/// screens and settings to offer).
#[tauri::command]
#[specta::specta]
pub async fn capabilities(state: State<'_, AppState>) -> IpcResult<Vec<Capability>> {
    state.with_user(move |_, me| Ok(toasoan_core::workflow::capabilities(me))).await
}
