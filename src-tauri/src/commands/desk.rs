//! The editor's and the head's desk in the window: planning and
//! assignments, reporters' answers, people, agencies with their focal
//! points, policies through their stages, citizens' feedback, overrides,
//! the audit trail and the period report. Each command calls one core
//! function as the signed-in person.

use chrono::NaiveDate;
use tauri::State;
use toasoan_core::desk::{
    FeedbackQuery, NewAssignment, NewContact, NewFeedback, NewPerson, NewPolicy, PersonEdit, PersonUpdate, Planning,
    PlanningQuery, ResponseOutcome,
};
use toasoan_core::domain::{
    AgencyContact, AgencyPage, Assignment, AuditEvent, Feedback, PeriodReport, Person, Policy, PolicyPage, PolicyStage,
    PolicyStageEntry, ResponseKind, State as PieceState,
};
use toasoan_core::dossier::DossierFormat;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::state::AppState;

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

/// The planning view: assignments due in a range, each reporter's load.
#[tauri::command]
#[specta::specta]
pub async fn planning(state: State<'_, AppState>, query: PlanningQuery) -> IpcResult<Planning> {
    state.with_user(move |d, me| d.planning(me, &query)).await
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

/// Adds a person (heads).
#[tauri::command]
#[specta::specta]
pub async fn add_person(state: State<'_, AppState>, input: NewPerson) -> IpcResult<Person> {
    state.with_user(move |d, me| d.add_person(Some(me), input)).await
}

/// Changes a person's name, pen name, role (heads).
#[tauri::command]
#[specta::specta]
pub async fn edit_person(state: State<'_, AppState>, login: String, edit: PersonEdit) -> IpcResult<PersonUpdate> {
    state.with_user(move |d, me| d.edit_person(me, &login, edit)).await
}

/// Deactivates (`active: false`) or reactivates a person (heads).
#[tauri::command]
#[specta::specta]
pub async fn set_person_active(state: State<'_, AppState>, login: String, active: bool) -> IpcResult<PersonUpdate> {
    state
        .with_user(move |d, me| if active { d.reactivate_person(me, &login) } else { d.deactivate_person(me, &login) })
        .await
}

/// An agency's page: focal points, contracts, policies.
#[tauri::command]
#[specta::specta]
pub async fn agency_page(state: State<'_, AppState>, id: String) -> IpcResult<AgencyPage> {
    state.with_user(move |d, me| d.agency_page(me, &id)).await
}

/// Adds a contact to an agency (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn add_contact(state: State<'_, AppState>, agency: String, contact: NewContact) -> IpcResult<AgencyContact> {
    state.with_user(move |d, me| d.add_contact(me, &agency, contact)).await
}

/// Removes a contact from an agency's list (kept in the history).
#[tauri::command]
#[specta::specta]
pub async fn remove_contact(state: State<'_, AppState>, id: String) -> IpcResult<AgencyContact> {
    state.with_user(move |d, me| d.remove_contact(me, &id)).await
}

/// Whom to ask about a piece: its agency's contacts.
#[tauri::command]
#[specta::specta]
pub async fn piece_contacts(state: State<'_, AppState>, id: String) -> IpcResult<Vec<AgencyContact>> {
    state.with_user(move |d, me| d.piece_contacts(me, &id)).await
}

/// Adds a policy (editors, heads).
#[tauri::command]
#[specta::specta]
pub async fn add_policy(state: State<'_, AppState>, input: NewPolicy) -> IpcResult<Policy> {
    state.with_user(move |d, me| d.add_policy(me, input)).await
}

/// A policy's page: its stages, pieces per stage, feedback.
#[tauri::command]
#[specta::specta]
pub async fn policy_page(state: State<'_, AppState>, id: String) -> IpcResult<PolicyPage> {
    state.with_user(move |d, me| d.policy_page(me, &id)).await
}

/// Records a policy's new stage, with its document (a PDF sent as base64,
/// checked before anything is written) and a note.
#[tauri::command]
#[specta::specta]
pub async fn record_policy_stage(
    state: State<'_, AppState>,
    policy: String,
    stage: PolicyStage,
    on: NaiveDate,
    document: Option<Upload>,
    note: Option<String>,
) -> IpcResult<PolicyStageEntry> {
    let prepared = prepare(document).await?;
    state
        .with_user(move |d, me| d.record_policy_stage(me, &policy, stage, on, prepared.as_ref(), note.as_deref()))
        .await
}

/// A file chosen in the window: its name and its bytes as base64.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
pub struct Upload {
    pub name: String,
    pub data_base64: String,
}

/// Decodes and checks an upload off the async runtime.
async fn prepare(upload: Option<Upload>) -> IpcResult<Option<toasoan_core::media::Prepared>> {
    let Some(u) = upload else { return Ok(None) };
    let p = tauri::async_runtime::spawn_blocking(move || crate::media_protocol::prepare(&u.name, &u.data_base64))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))??;
    Ok(Some(p))
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

/// The audit trail of one entity (a piece, a contract), oldest first.
#[tauri::command]
#[specta::specta]
pub async fn audit_trail(state: State<'_, AppState>, entity: String) -> IpcResult<Vec<AuditEvent>> {
    state.with_user(move |d, me| d.audit_log(me, Some(&entity))).await
}

/// The period report across contracts.
#[tauri::command]
#[specta::specta]
pub async fn period_report(state: State<'_, AppState>, from: NaiveDate, to: NaiveDate) -> IpcResult<PeriodReport> {
    state.with_user(move |d, me| d.period_report(me, from, to)).await
}

/// Writes the period report as XLSX or PDF under the data folder's exports.
#[tauri::command]
#[specta::specta]
pub async fn export_period(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    format: DossierFormat,
) -> IpcResult<String> {
    let dir = state.open_data_dir().unwrap_or_default().join("exports");
    state.with_user(move |d, me| d.export_period(me, from, to, format, &dir)).await.map(|p| p.display().to_string())
}
