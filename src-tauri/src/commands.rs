//! The IPC commands: each one a thin wrapper that calls one core function as the
//! signed-in person. No rule lives here; the core's workflow decides.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::ipc::{Channel, Request};
use tauri::State;
use toasoan_core::checklist::Checklist;
use toasoan_core::desk::{AcceptanceOutcome, AcceptancePreview, ContractEdit, NewAmendment, NewContract, NewLine};
use toasoan_core::desk::{AssignmentEdit, AutosaveOutcome, ContractReport, DraftPatch, EditedAssignment, SaveOutcome};
use toasoan_core::desk::{ConflictChoice, ImportOutcome, MediaPatch, MediaQuery, NewPortal};
use toasoan_core::desk::{EngagementImport, ImportPreview, PieceEngagement, Rollup};
use toasoan_core::diff::FieldDiff;
use toasoan_core::domain::limits::MAX_IMPORT_BYTES;
use toasoan_core::domain::MediaItem;
use toasoan_core::domain::{Agency, Amendment, Capability, PieceAction, Policy};
use toasoan_core::domain::{Assignment, Comment, Contract, Draft, Person, Revision, State as PieceState};
use toasoan_core::domain::{EngagementSource, Metric};
use toasoan_core::domain::{Portal, Publication, PublishJob};
use toasoan_core::dossier::DossierFormat;
use toasoan_core::engagement::Reading;
use toasoan_core::render::Rendered;
use toasoan_core::search::SearchHit;
use toasoan_core::text::legacy;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::media_protocol::MEDIA_URL;
use crate::settings::{default_data_dir, Language};
use crate::state::AppState;

pub mod desk;
pub mod team;

/// What the start screen and settings need to know.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// UI language.
    pub language: Language,
    /// Data folder in effect.
    pub data_dir: Option<String>,
    /// The default data folder.
    pub default_data_dir: Option<String>,
    /// Why the data folder could not be opened.
    pub open_error: Option<crate::error::IpcError>,
    /// Signed-in person.
    pub user: Option<Person>,
    /// The hub login this workbench belongs to (team mode), if joined.
    pub team_login: Option<String>,
    /// Why the data folder is open for reading only (a full or read-only
    /// disk), if it is: every change is refused meanwhile.
    pub read_only: Option<String>,
}

/// Progress of long work, streamed to the UI.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Progress {
    /// Units done.
    pub done: u32,
    /// Units in all.
    pub total: u32,
}

/// Live preview of text being typed: the published HTML and the checklist.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Preview {
    /// Sanitized HTML, exactly as it will be published.
    pub rendered: Rendered,
    /// The pre-publish checklist of this text.
    pub checklist: Checklist,
}

/// Two revisions and what changed between them.
#[derive(Debug, Clone, Serialize, Type)]
pub struct DiffView {
    /// Older revision.
    pub old: Revision,
    /// Newer revision.
    pub new: Revision,
    /// Per-field changes.
    pub fields: Vec<FieldDiff>,
}

/// Pasted text that looks like TCVN3 or VNI, with its Unicode conversion.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LegacyText {
    /// "TCVN3 (ABC)" or "VNI-Windows".
    pub encoding: String,
    /// The text converted to Unicode (NFC).
    pub converted: String,
}

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

/// The scheduled backup: its folder, how many are kept, the last good one
/// and the last failure.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BackupStatus {
    /// Folder of the daily backup, if set.
    pub dir: Option<String>,
    /// Archives kept there.
    pub keep: u32,
    /// When the last good backup was made (UTC), if ever.
    pub last_at: Option<String>,
    /// Where it was written.
    pub last_path: Option<String>,
    /// Why the last try failed, if it did.
    pub last_error: Option<String>,
}

/// The scheduled backup's status.
#[tauri::command]
#[specta::specta]
pub async fn backup_status(state: State<'_, AppState>) -> IpcResult<BackupStatus> {
    let s = state.settings();
    let last = state.with_desk(move |d| d.last_backup()).await?;
    Ok(BackupStatus {
        dir: s.backup_dir.map(|d| d.display().to_string()),
        keep: s.backup_keep,
        last_at: last.as_ref().map(|l| l.0.clone()),
        last_path: last.map(|l| l.1),
        last_error: crate::backup::last_error(),
    })
}

/// Sets the backup folder (`None`: no scheduled backup) and how many
/// archives are kept (1–365).
#[tauri::command]
#[specta::specta]
pub async fn set_backup(state: State<'_, AppState>, dir: Option<String>, keep: u32) -> IpcResult<()> {
    crate::backup::configure(&state, dir, keep)
}

/// Backs up into the backup folder now (waits for it).
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> IpcResult<toasoan_core::desk::BackupReport> {
    let s = state.settings();
    let dir = s.backup_dir.ok_or_else(|| IpcError::new(ErrorCode::InvalidInput, "chưa chọn thư mục sao lưu"))?;
    let keep = s.backup_keep.max(1);
    state.with_desk(move |d| crate::backup::run(d, &dir, keep)).await
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

/// What the signed-in person's role lets them do across the desk (the
/// screens and settings to offer).
#[tauri::command]
#[specta::specta]
pub async fn capabilities(state: State<'_, AppState>) -> IpcResult<Vec<Capability>> {
    state.with_user(move |_, me| Ok(toasoan_core::workflow::capabilities(me))).await
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

/// Sends the piece to the desk.
#[tauri::command]
#[specta::specta]
pub async fn submit(state: State<'_, AppState>, id: String) -> IpcResult<Revision> {
    state.with_user(move |d, me| d.submit(me, &id)).await
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

/// Contracts (editors and heads).
#[tauri::command]
#[specta::specta]
pub async fn contracts(state: State<'_, AppState>) -> IpcResult<Vec<Contract>> {
    state.with_user(move |d, me| d.contracts(me)).await
}

/// Quota, delivery, money, burn-down and pieces at risk of one contract.
#[tauri::command]
#[specta::specta]
pub async fn contract_report(state: State<'_, AppState>, id: String) -> IpcResult<ContractReport> {
    state.with_user(move |d, me| d.contract_report(me, &id)).await
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

/// The media library, newest first, filtered.
#[tauri::command]
#[specta::specta]
pub async fn media_list(state: State<'_, AppState>, query: MediaQuery) -> IpcResult<Vec<MediaItem>> {
    state.with_user(move |d, me| d.media_list(me, &query)).await
}

/// Commands whose argument is the raw request body (bytes, not JSON); the
/// shell's invoke handler routes them past the typed ones.
pub const RAW: &[&str] = &["import_media_bytes"];

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

/// A contract as recorded, with warnings (line items not adding up).
#[derive(Debug, Clone, Serialize, Type)]
pub struct ContractSaved {
    /// The contract.
    pub contract: Contract,
    /// Warnings, in Vietnamese.
    pub warnings: Vec<String>,
}

/// An amendment as recorded, with warnings.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AmendmentSaved {
    /// The amendment.
    pub amendment: Amendment,
    /// Warnings, in Vietnamese.
    pub warnings: Vec<String>,
}

/// Commissioning agencies.
#[tauri::command]
#[specta::specta]
pub async fn agencies(state: State<'_, AppState>) -> IpcResult<Vec<Agency>> {
    state.with_user(move |d, _| d.agencies()).await
}

/// Adds a commissioning agency (heads).
#[tauri::command]
#[specta::specta]
pub async fn add_agency(state: State<'_, AppState>, name: String) -> IpcResult<Agency> {
    state.with_user(move |d, me| d.add_agency(me, &name)).await
}

/// Policies, in Vietnamese order.
#[tauri::command]
#[specta::specta]
pub async fn policies(state: State<'_, AppState>) -> IpcResult<Vec<Policy>> {
    state.with_user(move |d, _| d.policies()).await
}

/// Records a contract with its line items, whole or not at all (heads).
#[tauri::command]
#[specta::specta]
pub async fn create_contract(
    state: State<'_, AppState>,
    contract: NewContract,
    lines: Vec<NewLine>,
) -> IpcResult<ContractSaved> {
    state
        .with_user(move |d, me| {
            d.create_contract(me, contract, lines).map(|(contract, warnings)| ContractSaved { contract, warnings })
        })
        .await
}

/// Replaces a contract's descriptive fields (heads).
#[tauri::command]
#[specta::specta]
pub async fn update_contract(state: State<'_, AppState>, id: String, edit: ContractEdit) -> IpcResult<Contract> {
    state.with_user(move |d, me| d.update_contract(me, &id, edit)).await
}

/// Records an amendment (heads).
#[tauri::command]
#[specta::specta]
pub async fn amend_contract(
    state: State<'_, AppState>,
    id: String,
    amendment: NewAmendment,
) -> IpcResult<AmendmentSaved> {
    state
        .with_user(move |d, me| {
            d.amend_contract(me, &id, amendment).map(|(amendment, warnings)| AmendmentSaved { amendment, warnings })
        })
        .await
}

/// What an acceptance up to `until` would list (heads); records nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_acceptance(
    state: State<'_, AppState>,
    contract: String,
    until: NaiveDate,
) -> IpcResult<AcceptancePreview> {
    state.with_user(move |d, me| d.preview_acceptance(me, &contract, until)).await
}

/// Accepts the contract's counted pieces up to `until` (heads).
#[tauri::command]
#[specta::specta]
pub async fn create_acceptance(
    state: State<'_, AppState>,
    contract: String,
    until: NaiveDate,
) -> IpcResult<AcceptanceOutcome> {
    state.with_user(move |d, me| d.create_acceptance(me, &contract, until)).await
}

/// Writes a dossier document under `<data folder>/exports/` and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn export_dossier(
    state: State<'_, AppState>,
    contract: String,
    acceptance: Option<String>,
    format: DossierFormat,
) -> IpcResult<String> {
    let dir = state.open_data_dir().unwrap_or_default().join("exports");
    state
        .with_user(move |d, me| d.export_dossier(me, &contract, acceptance.as_deref(), format, &dir))
        .await
        .map(|p| p.display().to_string())
}

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

/// Writes a policy's citizen-feedback digest (XLSX) under `<data folder>/exports/`.
#[tauri::command]
#[specta::specta]
pub async fn export_feedback(state: State<'_, AppState>, policy: String) -> IpcResult<String> {
    let dir = state.open_data_dir().unwrap_or_default().join("exports");
    state.with_user(move |d, me| d.export_feedback(me, &policy, &dir)).await.map(|p| p.display().to_string())
}
