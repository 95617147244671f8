//! Commissioning agencies with their focal points, and policies through their stages.

use super::*;

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
